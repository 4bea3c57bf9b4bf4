"""Builders for case-file bundle tests: realistic source data, zip surgery, row counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casemanager.clock import FixedClock
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.evidence.intake import NewEvidence, add_evidence
from casemanager.services.letters import issuing
from casemanager.store.models import ALL_MODELS, Case, Evidence
from tests.binding import bind_for_test

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)
Entry = tuple[zipfile.ZipInfo | str, bytes]


@contextmanager
def open_ctx(path: Path) -> Iterator[AppContext]:
    """A context on ``path`` (closed at the end), bound for the test's own model reads."""
    ctx = AppContext.open(
        str(path), clock=FixedClock(NOW), actor="tester", backups=path.parent / "backups"
    )
    try:
        with bind_for_test(ctx):
            yield ctx
    finally:
        ctx.close()


def make_source(path: Path, count: int = 6, seed: int = 8) -> list[str]:
    """A database of demo cases, each with the letters it can have issued; their numbers."""
    with open_ctx(path) as ctx:
        generate.generate(ctx, count, seed=seed)
        numbers = [c.number for c in Case.select().order_by(Case.id)]
        for number in numbers:
            for kind in issuing.available_kinds(ctx, number)[:2]:
                issuing.issue(ctx, number, kind)
        receipt = NewEvidence(
            data=b"Payment receipt\nOrder AM-1001\n",
            original_name="../../receipt\u202etxt.exe",
            kind="payment_proof",
            received_at=NOW,
        )
        assert add_evidence(ctx, numbers[0], [receipt]).added
    return numbers


def with_evidence() -> list[str]:
    query = Case.select(Case.number).join(Evidence).distinct()
    return sorted(c.number for c in query)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in ALL_MODELS}


def read_entries(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def write_zip(path: Path, entries: list[Entry]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path


def reseal(entries: list[Entry]) -> list[Entry]:
    """Recompute every manifest for the payload in ``entries`` (a well-formed bag again)."""

    def name(info: zipfile.ZipInfo | str) -> str:
        return info.filename if isinstance(info, zipfile.ZipInfo) else info

    tags = ("manifest-", "tagmanifest-", "bag-info.txt", "bagit.txt")
    kept = [(i, d) for i, d in entries if not name(i).startswith(tags)]
    payload = [(name(i), d) for i, d in kept if name(i).startswith("data/")]
    tag_files = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"}
    tag_files["bag-info.txt"] = b"Source-Organization: test\n"
    for alg in ("sha256", "sha512"):
        tag_files[f"manifest-{alg}.txt"] = "".join(
            f"{hashlib.new(alg, d).hexdigest()}  {n}\n" for n, d in payload
        ).encode()
    tag_files["tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in tag_files.items()
    ).encode()
    return kept + list(tag_files.items())


def patch_central_size(path: Path, member: str, size: int) -> None:
    """Make the central directory declare ``size`` bytes for ``member`` (a lying header)."""
    patch_central(path, member, 24, size.to_bytes(4, "little"))


def patch_central(path: Path, member: str, offset: int, value: bytes) -> None:
    """Overwrite bytes at ``offset`` of ``member``'s central directory record."""
    raw = bytearray(path.read_bytes())
    start = 0
    while (at := raw.find(b"PK\x01\x02", start)) != -1:
        name_len = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + name_len] == member.encode():
            raw[at + offset : at + offset + len(value)] = value
            path.write_bytes(bytes(raw))
            return
        start = at + 4
    raise AssertionError(f"{member} not in the central directory")
