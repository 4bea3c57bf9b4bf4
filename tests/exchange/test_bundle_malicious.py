"""Crafted hostile or broken bundles: each refused with one clear line, nothing written."""

from __future__ import annotations

import hashlib
import json
import stat
import warnings
import zipfile
import zlib
from collections.abc import Callable

import pytest

from casemanager.services.files import bundles
from casemanager.services.files.bundles import BundleRefused, ImportLimits
from tests.exchange.bundle_helpers import (
    make_source,
    open_ctx,
    patch_central,
    patch_central_size,
    read_entries,
    reseal,
    row_counts,
    write_zip,
)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> list[tuple[str, bytes]]:
    """The members of a valid two-case bundle, to be damaged one way per test."""
    folder = tmp_path_factory.mktemp("good")
    numbers = make_source(folder / "source.sqlite3", count=2, seed=3)
    with open_ctx(folder / "source.sqlite3") as ctx:
        bundle = bundles.export_cases(ctx, numbers, folder / "good.zip")
    return read_entries(bundle)


def _info(name: str, mode: int = 0o100644, flags: int = 0) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    info.flag_bits |= flags
    return info


def _added(info: zipfile.ZipInfo | str, data: bytes = b"x") -> Callable:
    return lambda entries: reseal([*entries, (info, data)])


def _edit_case_json(change: Callable[[dict], None]) -> Callable:
    def build(entries):
        out = []
        for name, data in entries:
            if name.endswith("/case.json"):
                doc = json.loads(data)
                change(doc)
                data = json.dumps(doc).encode()
            out.append((name, data))
        return reseal(out)

    return build


def _without(predicate: Callable[[str], bool]) -> Callable:
    return lambda entries: [(n, d) for n, d in entries if not predicate(n)]


def _replace(name_part: str, new: bytes, seal: bool = True) -> Callable:
    def build(entries):
        out = [(n, new if name_part in n else d) for n, d in entries]
        return reseal(out) if seal else out

    return build


def _swap_file(folder: str, new: bytes) -> Callable:
    """Replace the first file in ``folder`` and record the new bytes' hash in case.json."""

    def build(entries):
        target = next(n for n, _ in entries if folder in n)
        digest = hashlib.sha256(new).hexdigest()
        out = []
        for name, data in entries:
            if name == target:
                data = new
            elif name.endswith("/case.json") and name.split("/")[1] == target.split("/")[1]:
                doc = json.loads(data)
                for entry in doc["evidence"] + doc["letters"]:
                    if entry["file"] and target.endswith(entry["file"]):
                        entry["sha256"] = digest
                data = json.dumps(doc).encode()
            out.append((name, data))
        return reseal(out)

    return build


def _bomb(entries):
    info = zipfile.ZipInfo("data/zeros.txt")
    info.compress_type = zipfile.ZIP_DEFLATED
    return reseal([*entries, (info, bytes(20 * 1024 * 1024))])


def _many(entries):
    return [*entries, *((f"data/n/{i}.txt", b"") for i in range(10_001))]


def _evidence_hash(doc):
    for entry in doc["evidence"]:
        if entry["file"]:
            entry["sha256"] = "0" * 64


def _bad_appeal(doc):
    doc["appeals"] = [{"decision": 999_999, "filed_at": "2026-03-01T00:00:00+00:00"}]


CASES: dict[str, tuple[Callable, str]] = {
    "parent path": (_added("../evil.txt"), "path escapes"),
    "nested parent path": (_added("data/../../evil.txt"), "path escapes"),
    "absolute path": (_added("/etc/cron.d/evil"), "absolute path"),
    "drive letter": (_added("C:/Windows/evil.dll"), "absolute path"),
    "drive-relative": (_added("data/C:evil"), "drive letter"),
    "backslashes": (_added("data\\..\\..\\evil.txt"), "backslash"),
    "control character": (_added("data/evil\x07.txt"), "control characters"),
    "empty component": (_added("data//evil.txt"), "not plain"),
    "symlink": (_added(_info("data/link", 0o120777), b"/etc/passwd"), "symbolic links"),
    "device file": (_added(_info("data/dev", stat.S_IFCHR | 0o644)), "not a regular file"),
    "duplicate name": (
        lambda e: [*e, next((n, d) for n, d in e if n.endswith("case.json"))],
        "appears twice",
    ),
    "duplicate by case": (
        lambda e: [*e, (next(n for n, _ in e if n.endswith("summary.pdf")).upper(), b"x")],
        "appears twice",
    ),
    "ratio bomb": (_bomb, "compression ratio"),
    "member count": (_many, "members; at most"),
    "missing bagit.txt": (_without(lambda n: n == "bagit.txt"), "bagit.txt is missing"),
    "bad declaration": (_replace("bagit.txt", b"Hello\n", seal=False), "not a BagIt 1.0"),
    "no manifest": (_without(lambda n: "manifest-" in n), "no payload manifest"),
    "bad checksum": (_replace("summary.pdf", b"%PDF-1.4 forged", seal=False), "does not match"),
    "unlisted payload": (lambda e: [*e, ("data/planted.exe", b"MZ")], "not listed in manifest"),
    "unlisted tag file": (lambda e: [*e, ("run.sh", b"rm -rf /")], "not listed in any manifest"),
    "manifest lists missing file": (_without(lambda n: n.endswith("summary.pdf")), "missing"),
    "fetch.txt": (_added("fetch.txt", b"http://x 1 data/a"), "fetch.txt"),
    "unknown algorithm": (
        lambda e: [*e, ("manifest-crc32.txt", b"")],
        "unsupported checksum algorithm",
    ),
    "no case.json": (
        lambda e: reseal([(n, d) for n, d in e if not n.endswith("case.json")]),
        "no data/case.json",
    ),
    "case.json not JSON": (_replace("case.json", b"{not json"), "not valid JSON"),
    "foreign JSON": (_replace("case.json", b'{"format": "other"}'), "not a Case Manager"),
    "bad field value": (
        _edit_case_json(lambda d: d["case"].update(reported_at="yesterday")),
        "reported_at",
    ),
    "evidence hash differs": (_edit_case_json(_evidence_hash), "does not match the sha256"),
    "dangling appeal": (_edit_case_json(_bad_appeal), "no such decision"),
    "executable as evidence": (_swap_file("/evidence/", b"MZ\x90\x00" + bytes(200)), "evidence"),
    "forged letter": (_swap_file("/letters/", b"<html>not a pdf</html>"), "is not a PDF"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_crafted_bundle_is_refused_and_nothing_is_written(good, tmp_path, case):
    """A hostile or broken bundle would be imported, partly imported or crash the import."""
    build, expected = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name on purpose
        bad = write_zip(tmp_path / "bad.zip", build(list(good)))
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        counts = row_counts()
        with pytest.raises(BundleRefused, match=expected) as caught:
            bundles.import_bundle(ctx, bad)
        assert row_counts() == counts
    assert "\n" not in str(caught.value)


def test_encrypted_member_is_refused(good, tmp_path):
    """An encrypted member could hide content from every check."""
    bad = write_zip(tmp_path / "bad.zip", list(good))
    name = next(n for n, _ in good if n.endswith("summary.pdf"))
    flags = zipfile.ZipFile(bad).getinfo(name).flag_bits | 0x1
    patch_central(bad, name, 8, flags.to_bytes(2, "little"))
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        counts = row_counts()
        with pytest.raises(BundleRefused, match="encrypted"):
            bundles.import_bundle(ctx, bad)
        assert row_counts() == counts


@pytest.mark.parametrize("declared", ["smaller", "larger"])
def test_lying_size_header_is_refused(good, tmp_path, declared):
    """A member whose header understates or overstates its size would slip past the limits."""
    bad = write_zip(tmp_path / "bad.zip", list(good))
    name, data = next((n, d) for n, d in good if n.endswith("summary.pdf"))
    patch_central_size(bad, name, len(data) // 2 if declared == "smaller" else len(data) * 2)
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        counts = row_counts()
        with pytest.raises(BundleRefused, match="summary.pdf"):
            bundles.import_bundle(ctx, bad)
        assert row_counts() == counts


def test_expanded_size_limit_is_enforced(good, tmp_path):
    """A bundle expanding beyond the configured size would fill the disk."""
    bad = write_zip(tmp_path / "big.zip", list(good))
    limits = ImportLimits(max_total_bytes=1000)
    with (
        open_ctx(tmp_path / "dest.sqlite3") as ctx,
        pytest.raises(BundleRefused, match="expands to more than 1000 bytes"),
    ):
        bundles.import_bundle(ctx, bad, limits=limits)


def test_not_a_zip_is_refused(tmp_path):
    """A random file chosen by mistake would crash the import instead of being named."""
    junk = tmp_path / "junk.zip"
    junk.write_bytes(zlib.compress(b"hello") * 10)
    with (
        open_ctx(tmp_path / "dest.sqlite3") as ctx,
        pytest.raises(BundleRefused, match="junk.zip: not a readable zip"),
    ):
        bundles.import_bundle(ctx, junk)


def test_the_untouched_bundle_is_accepted(good, tmp_path):
    """The corpus above would prove nothing if even the valid bundle were refused."""
    ok = write_zip(tmp_path / "ok.zip", list(good))
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        assert len(bundles.import_bundle(ctx, ok).imported) == 2
