"""Case-file bundles: export cases as a BagIt zip, import such a zip from another seat.

A bundle of one case holds ``data/case.json`` (every recorded field, licence
codes masked), ``data/evidence/NNN-<clean name>``, ``data/letters/*.pdf`` (the
exact issued bytes), ``data/policy/`` (the pack text the case was recorded
under) and ``data/summary.pdf``; several cases get one ``data/<NUMBER>/`` folder
each. Evidence is re-hashed against its recorded SHA-256 before anything is
written, then streamed into the zip in 1 MiB chunks: on SQLite each file is
read with the incremental blob API, so no evidence file is ever whole in memory
(other databases read one file at a time as one bytes object).
The zip is written to ``FILE.partial`` and renamed when complete, so a
cancelled or failed export leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casemanager.content.filetypes import suffix_of
from casemanager.content.names import clean_name
from casemanager.errors import DomainError
from casemanager.exchange.bag_reader import BundleRefused, ImportLimits
from casemanager.exchange.bag_writer import BagWriter, ExportCancelled
from casemanager.services.cases.secrets import mask
from casemanager.services.context import AppContext, uses_database
from casemanager.services.files import leftovers
from casemanager.services.letters.issuing import letter_pdf
from casemanager.services.letters.letter_reports import render_case_summary
from casemanager.store.models import (
    Appeal,
    AuditEvent,
    Blob,
    Case,
    Deadline,
    Decision,
    Escalation,
    Evidence,
    Letter,
)
from casemanager.store.rows import to_json

FORMAT = "casemanager.case"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024

__all__ = [
    "BundleError",
    "BundleRefused",
    "ExportCancelled",
    "ImportLimits",
    "ImportResult",
    "export_cases",
    "import_bundle",
]

Progress = Callable[[int, int], None]

# Importing reads cases the way recording does (records, evidence intake): loaded
# when a bundle is imported, not by every export.
if TYPE_CHECKING:
    from casemanager.services.files.bundle_import import ImportResult


def __getattr__(name: str) -> Any:
    if name == "ImportResult":
        from casemanager.services.files.bundle_import import ImportResult

        return ImportResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class BundleError(DomainError, ValueError):
    """An export that cannot be made, e.g. evidence whose bytes no longer match."""


@uses_database
def import_bundle(
    ctx: AppContext,
    path: Path | str,
    on_conflict: str = "skip",
    limits: ImportLimits | None = None,
) -> ImportResult:
    """Validate the bundle completely, then add its cases in one transaction.

    ``on_conflict``: ``skip`` leaves a case whose number is already present
    alone, ``copy`` imports it under a new number. Raises BundleRefused (one
    line saying why) with nothing written when anything is wrong.
    """
    from casemanager.services.files.bundle_import import import_bundle_file

    return import_bundle_file(ctx, Path(path), on_conflict, limits or ImportLimits())


@uses_database
def export_cases(
    ctx: AppContext,
    numbers: list[str],
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the cases ``numbers`` as one bundle to ``out``; returns the path written.

    ``progress(done, total)`` counts payload bytes; ``cancelled()`` is polled
    between chunks and makes the export raise ExportCancelled, leaving no file.
    """
    out = Path(out)
    numbers = list(dict.fromkeys(n.strip() for n in numbers))
    if not numbers:
        raise BundleError("case: give at least one case number")
    partial = out.with_name(out.name + ".partial")
    leftovers.before_export(out)  # what a killed export left in this folder goes first
    # One consistent snapshot of every case, without holding the write lock.
    with ctx.snapshot():
        cases = []
        for number in numbers:
            case = Case.get_or_none(Case.number == number)
            if case is None:
                raise BundleError(f"case: no case numbered {number!r}")
            cases.append(case)
        total = sum(_verify_evidence(ctx, case) for case in cases)
        letters = {c.id: list(c.letters.order_by(Letter.id)) for c in cases}
        total += sum(x.blob.size for ls in letters.values() for x in ls)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(min(done, total), total)

        now = ctx.clock.now()
        try:
            with zipfile.ZipFile(partial, "w", allowZip64=True) as zf:
                bag = BagWriter(zf, advance, cancelled, now.timetuple()[:6])
                for case in cases:
                    prefix = "" if len(cases) == 1 else f"{case.number}/"
                    _write_case(ctx, bag, case, letters[case.id], prefix)
                bag.finish(
                    {
                        "Bagging-Date": now.date().isoformat(),
                        "External-Description": "Case file(s) " + ", ".join(numbers),
                        "External-Identifier": numbers[0] if len(numbers) == 1 else "",
                        "Bag-Count": "1 of 1",
                    }
                )
            os.replace(partial, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    if progress:
        progress(total, total)
    return out


def _verify_evidence(ctx: AppContext, case: Case) -> int:
    """Re-hash every stored evidence file of ``case``; returns their total size."""
    size = 0
    for ev in case.evidence.where(Evidence.blob.is_null(False)).order_by(Evidence.id):
        h = hashlib.sha256()
        for chunk in _blob_chunks(ctx, ev.blob_id):
            h.update(chunk)
            size += len(chunk)
        if h.hexdigest() != ev.blob_id:
            raise BundleError(
                f"case {case.number}: evidence file '{ev.original_name}' (id {ev.id}) "
                "no longer matches the SHA-256 recorded at intake; export refused"
            )
    return size


def _blob_chunks(ctx: AppContext, sha: str) -> Iterator[bytes]:
    """A stored file in 1 MiB chunks.

    On SQLite the incremental blob API reads it piece by piece (the file is
    never whole in memory); elsewhere it is read as one bytes object.
    """
    if ctx.target.is_sqlite:
        found = ctx.db.execute_sql(
            f'SELECT rowid FROM "{Blob._meta.table_name}" WHERE sha256 = ?', (sha,)
        ).fetchone()
        if found is None:
            return
        with ctx.db.connection().blobopen(
            Blob._meta.table_name, "data", found[0], readonly=True
        ) as blob:
            while chunk := blob.read(CHUNK):
                yield chunk
        return
    data = Blob.select(Blob.data).where(Blob.sha256 == sha).scalar() or b""
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        yield bytes(view[start : start + CHUNK])


def _write_case(
    ctx: AppContext, bag: BagWriter, case: Case, letters: list[Letter], prefix: str
) -> None:
    doc = case_document(case)
    for n, (ev, entry) in enumerate(zip(_evidence(case), doc["evidence"], strict=True), 1):
        if ev.blob_id is None:
            continue
        entry["file"] = f"evidence/{n:03d}-{_file_name(ev.original_name, entry['mime'])}"
        chunks = _blob_chunks(ctx, ev.blob_id)
        digests = bag.add_chunks(prefix + entry["file"], chunks, entry["size"], compress=False)
        if digests["sha256"] != ev.blob_id:  # changed between the check and now
            raise BundleError(f"case {case.number}: evidence '{ev.original_name}' changed")
    for n, (letter, entry) in enumerate(zip(letters, doc["letters"], strict=True), 1):
        entry["file"] = f"letters/{n:03d}-{letter.kind}-{letter.issued_at:%Y-%m-%d}.pdf"
        bag.add(prefix + entry["file"], letter_pdf(ctx, letter.id), compress=False)
    snap = doc["policy_snapshot"]
    if snap is not None:
        snap["file"] = f"policy/{case.policy_id}-{case.policy_version}.json"
        bag.add(prefix + snap["file"], Blob.get_by_id(snap["sha256"]).data)
    bag.add(prefix + "summary.pdf", render_case_summary(ctx, case.number).pdf)
    text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    bag.add(prefix + "case.json", text.encode("utf-8"))


def _file_name(original: str, mime: str | None) -> str:
    """The clean name, ending in the suffix of what the file really is.

    A recipient double-clicking ``invoice.exe`` that holds a text file should
    get a text editor, not a warning (or worse) from the system.
    """
    name = clean_name(original)
    suffix = suffix_of(mime or "")
    if not name.lower().endswith(suffix) and not (
        suffix == ".jpg" and name.lower().endswith(".jpeg")
    ):
        name += suffix
    return name


def _evidence(case: Case) -> list[Evidence]:
    return list(case.evidence.order_by(Evidence.id))


def case_document(case: Case) -> dict[str, Any]:
    """Everything recorded about ``case`` as JSON values (file paths filled in on export)."""
    order = to_json(case.order)
    order["license_code"] = mask(order["license_code"])
    snapshot = None
    if case.policy_snapshot_id:
        blob = Blob.select(Blob.sha256, Blob.size, Blob.mime).where(
            Blob.sha256 == case.policy_snapshot_id
        )
        b = blob.get()
        snapshot = {"sha256": b.sha256, "size": b.size, "mime": b.mime, "file": None}
    evidence = []
    for ev in _evidence(case):
        entry = to_json(ev)
        meta = Blob.select(Blob.size, Blob.mime).where(Blob.sha256 == ev.blob_id).first()
        entry.update(sha256=ev.blob_id, size=meta.size if meta else None, file=None)
        entry["mime"] = meta.mime if meta else None
        evidence.append(entry)
    letters = []
    for letter in case.letters.order_by(Letter.id):
        entry = to_json(letter)
        entry.update(sha256=letter.blob_id, size=letter.blob.size, file=None)
        letters.append(entry)
    events = [to_json(e) for e in AuditEvent.select().where(AuditEvent.case == case)]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "case": to_json(case),
        "customer": to_json(case.customer),
        "order": order,
        "product": to_json(case.order.product),
        "policy_snapshot": snapshot,
        "deadlines": _rows(case.deadlines.order_by(Deadline.id)),
        "decisions": _rows(case.decisions.order_by(Decision.id)),
        "appeals": _rows(case.appeals.order_by(Appeal.id)),
        "escalations": _rows(case.escalations.order_by(Escalation.id)),
        "evidence": evidence,
        "letters": letters,
        "audit_events": [_masked_event(e) for e in events],
        "summary_file": "summary.pdf",
    }


def _rows(query: Any) -> list[dict[str, Any]]:
    return [to_json(row) for row in query]


def _masked_event(event: dict[str, Any]) -> dict[str, Any]:
    """A corrected licence code appears in its event's data: mask it there too."""

    def scrub(value: Any, key: str = "") -> Any:
        if key == "license_code":
            if isinstance(value, str):
                return mask(value)
            if isinstance(value, list):
                return [mask(v) if isinstance(v, str) else v for v in value]
        if isinstance(value, dict):
            return {k: scrub(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    return {**event, "data": scrub(event["data"])}
