"""Evidence of a case: adding files, reading them back, verifying, removing, purging.

Bytes live in ``Blob`` rows, content-addressed by SHA-256, so the same file
attached to many cases is stored once. Each addition is its own transaction
(blob, evidence row, one audit event): a refused file leaves nothing behind,
and a refused file in a batch does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from peewee import JOIN, fn

# suffix_of and preview_text are re-exported for the evidence tab, which uses them as they are.
from casemanager.content.filetypes import FileRefused, FileType, category_of, detect
from casemanager.content.filetypes import suffix_of as suffix_of
from casemanager.content.names import clean_name
from casemanager.content.text import preview_text as preview_text
from casemanager.domain import EVIDENCE_KINDS, EVIDENCE_SOURCES
from casemanager.errors import DomainError
from casemanager.services import audit
from casemanager.services.cases.locking import lock_case
from casemanager.services.context import AppContext, uses_database
from casemanager.store.bulk import save_now
from casemanager.store.models import ALL_MODELS, Blob, Case, Evidence, Setting

MB = 1024 * 1024
MAX_FILE_KEY = "evidence.max_file_bytes"
MAX_CASE_KEY = "evidence.max_case_bytes"
DEFAULT_MAX_FILE = 50 * MB
DEFAULT_MAX_CASE = 500 * MB


class EvidenceError(DomainError, ValueError):
    """Bad input naming its field, e.g. ``kind: not an evidence kind: 'photo'``."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message, field_name)


@dataclass(frozen=True)
class EvidenceLimits:
    max_file_bytes: int = DEFAULT_MAX_FILE
    max_case_bytes: int = DEFAULT_MAX_CASE


@dataclass
class NewEvidence:
    """One file the shop adds, with what it is and where it came from."""

    data: bytes
    original_name: str
    kind: str
    received_at: dt.datetime
    description: str = ""
    source: str = "customer"


@dataclass(frozen=True)
class Refusal:
    name: str  # cleaned display name
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of evidence as the screens show it (no bytes)."""

    id: int
    case_number: str
    kind: str
    description: str
    source: str
    name: str
    sha256: str | None  # None once purged
    size: int
    mime: str
    received_at: dt.datetime
    added_at: dt.datetime
    added_by: str
    verified_at: dt.datetime | None = None
    verified_by: str | None = None
    verified_note: str | None = None
    removed_at: dt.datetime | None = None
    removed_by: str | None = None
    removed_reason: str | None = None

    @property
    def category(self) -> str:
        return category_of(self.mime)

    @property
    def live(self) -> bool:
        return self.removed_at is None


@dataclass
class IntakeResult:
    added: list[EvidenceItem] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


# --- limits -------------------------------------------------------------------------------


@uses_database
def get_limits(ctx: AppContext) -> EvidenceLimits:
    """Size limits from the shared settings, defaults where unset."""
    values = {s.key: s.value for s in Setting.select().where(Setting.key.in_(_LIMIT_KEYS))}
    return EvidenceLimits(
        max_file_bytes=int(values.get(MAX_FILE_KEY, DEFAULT_MAX_FILE)),
        max_case_bytes=int(values.get(MAX_CASE_KEY, DEFAULT_MAX_CASE)),
    )


@uses_database
def set_limits(ctx: AppContext, limits: EvidenceLimits) -> None:
    """Store new size limits (bytes); one transaction, one audit event."""
    for name in ("max_file_bytes", "max_case_bytes"):
        value = getattr(limits, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise EvidenceError(name, f"must be a positive number of bytes: {value!r}")
    if limits.max_file_bytes > limits.max_case_bytes:
        raise EvidenceError("max_file_bytes", "must not exceed the limit per case")
    old = get_limits(ctx)
    with ctx.transaction():
        for key, value in (
            (MAX_FILE_KEY, limits.max_file_bytes),
            (MAX_CASE_KEY, limits.max_case_bytes),
        ):
            Setting.insert(key=key, value=value).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: value}
            ).execute()
        audit.record(
            ctx,
            "evidence_limits_changed",
            None,
            {
                "old": [old.max_file_bytes, old.max_case_bytes],
                "new": [limits.max_file_bytes, limits.max_case_bytes],
            },
        )


_LIMIT_KEYS = (MAX_FILE_KEY, MAX_CASE_KEY)


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return str(n)


@uses_database
def read_upload(ctx: AppContext, path: Path, limits: EvidenceLimits | None = None) -> bytes:
    """A file's bytes, refusing one over the per-file limit before reading it all."""
    limits = limits or get_limits(ctx)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FileRefused("it is not a regular file")
        if size > limits.max_file_bytes:
            raise FileRefused(_too_big(size, limits.max_file_bytes))
        with path.open("rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise FileRefused(f"it cannot be read ({exc.strerror or exc})") from None
    if len(data) > limits.max_file_bytes:  # grew while we read it
        raise FileRefused(_too_big(len(data), limits.max_file_bytes))
    return data


@uses_database
def check_file(ctx: AppContext, data: bytes, limits: EvidenceLimits | None = None) -> FileType:
    """The file's type if it can be evidence; FileRefused (with the reason) otherwise."""
    limits = limits or get_limits(ctx)
    if len(data) > limits.max_file_bytes:
        raise FileRefused(_too_big(len(data), limits.max_file_bytes))
    return detect(data)


def _too_big(size: int, limit: int) -> str:
    return f"it is {human_size(size)}, more than the {human_size(limit)} allowed per file"


# --- adding -------------------------------------------------------------------------------


def check_fields(item: NewEvidence) -> None:
    if item.kind not in EVIDENCE_KINDS:
        raise EvidenceError("kind", f"not an evidence kind: {item.kind!r}")
    if item.source not in EVIDENCE_SOURCES:
        raise EvidenceError("source", f"not an evidence source: {item.source!r}")
    if not isinstance(item.received_at, dt.datetime) or item.received_at.utcoffset() is None:
        raise EvidenceError("received_at", "needs a date and time with a time zone")


def case_bytes(case_id: int) -> int:
    """Total size of the live evidence of one case."""
    total = (
        Evidence.select(fn.COALESCE(fn.SUM(Blob.size), 0))
        .join(Blob)
        .where((Evidence.case == case_id) & Evidence.removed_at.is_null())
        .scalar()
    )
    return int(total or 0)


@uses_database
def add_evidence(ctx: AppContext, case_number: str, items: list[NewEvidence]) -> IntakeResult:
    """Attach files to a case; each accepted file is one transaction and one audit event.

    Bad field values (kind, source, received date) raise EvidenceError before
    anything is stored; a file that cannot be evidence is listed in ``refused``.
    """
    for item in items:
        check_fields(item)
    case = Case.get_or_none(Case.number == case_number)
    if case is None:
        raise EvidenceError("case", f"no case numbered {case_number!r}")
    limits = get_limits(ctx)
    result = IntakeResult()
    for item in items:
        name = clean_name(item.original_name)
        try:
            evidence = _add_one(ctx, case, item, name, limits)
        except FileRefused as exc:
            result.refused.append(Refusal(name, exc.reason))
            continue
        result.added.append(_item(evidence))
    return result


def _add_one(
    ctx: AppContext, case: Case, item: NewEvidence, name: str, limits: EvidenceLimits
) -> Evidence:
    data = bytes(item.data)
    kind = check_file(ctx, data, limits)
    sha = hashlib.sha256(data).hexdigest()
    now = ctx.clock.now()
    with ctx.transaction():
        # Locked, then read: a seat attaching the same file at once sees this one's row.
        case = lock_case(ctx, case_id=case.id) or case
        twin = (
            Evidence.select()
            .where((Evidence.case == case) & (Evidence.blob == sha) & Evidence.removed_at.is_null())
            .first()
        )
        refuse_on_case(twin.original_name if twin else None, case_bytes(case.id), len(data), limits)
        created = store_blob(sha, data, kind.mime, now)
        evidence = save_now(new_evidence(case, item, name, sha, now, ctx.actor))
        audit.record(ctx, "evidence_added", case, added_data(evidence, len(data), kind, created))
    return evidence


def refuse_on_case(twin_name: str | None, used: int, size: int, limits: EvidenceLimits) -> None:
    """FileRefused when the case already has this file, or it would pass the case's limit."""
    if twin_name is not None:
        raise FileRefused(f"the same file is already attached as '{twin_name}'")
    if used + size > limits.max_case_bytes:
        raise FileRefused(
            f"the case already holds {human_size(used)} of evidence; adding "
            f"{human_size(size)} would pass the {human_size(limits.max_case_bytes)} "
            "allowed per case"
        )


def store_blob(sha: str, data: bytes, mime: str, now: dt.datetime) -> bool:
    """Store a file's bytes once per content; True when they were not stored before."""
    query = Blob.insert(sha256=sha, size=len(data), mime=mime, data=data, created_at=now)
    return bool(query.on_conflict_ignore().as_rowcount().execute())


def new_evidence(
    case: Case, item: NewEvidence, name: str, sha: str, now: dt.datetime, actor: str
) -> Evidence:
    """The evidence row of an accepted file (not saved)."""
    return Evidence(
        case=case,
        blob=sha,
        kind=item.kind,
        description=item.description.strip(),
        source=item.source,
        original_name=name,
        received_at=item.received_at,
        added_at=now,
        added_by=actor,
    )


def added_data(evidence: Evidence, size: int, kind: FileType, stored_new: bool) -> dict:
    return {
        "evidence": evidence.id,
        "kind": evidence.kind,
        "source": evidence.source,
        "name": evidence.original_name,
        "sha256": evidence.blob_id,
        "size": size,
        "mime": kind.mime,
        "stored_new": stored_new,
    }


# --- reading ------------------------------------------------------------------------------


def _query():
    return (
        Evidence.select(Evidence, Case.number, Blob.sha256, Blob.size, Blob.mime)
        .join(Case)
        .switch(Evidence)
        .join(Blob, JOIN.LEFT_OUTER)
    )


def _item(e: Evidence) -> EvidenceItem:
    blob = e.blob if e.blob_id else None
    return EvidenceItem(
        id=e.id,
        case_number=e.case.number,
        kind=e.kind,
        description=e.description,
        source=e.source,
        name=e.original_name,
        sha256=e.blob_id,
        size=blob.size if blob else 0,
        mime=blob.mime if blob else "",
        received_at=e.received_at,
        added_at=e.added_at,
        added_by=e.added_by,
        verified_at=e.verified_at,
        verified_by=e.verified_by,
        verified_note=e.verified_note,
        removed_at=e.removed_at,
        removed_by=e.removed_by,
        removed_reason=e.removed_reason,
    )


@uses_database
def list_evidence(
    ctx: AppContext, case_number: str, include_removed: bool = False
) -> list[EvidenceItem]:
    """The case's evidence in the order it was received."""
    query = _query().where(Case.number == case_number)
    if not include_removed:
        query = query.where(Evidence.removed_at.is_null())
    return [_item(e) for e in query.order_by(Evidence.received_at, Evidence.id)]


@uses_database
def get_evidence(ctx: AppContext, evidence_id: int) -> EvidenceItem:
    e = _query().where(Evidence.id == evidence_id).first()
    if e is None:
        raise EvidenceError("evidence", f"no evidence with id {evidence_id}")
    return _item(e)


@uses_database
def evidence_data(ctx: AppContext, evidence_id: int) -> bytes:
    """The stored bytes of one piece of evidence (empty once purged)."""
    row = Blob.select(Blob.data).join(Evidence).where(Evidence.id == evidence_id).first()
    return bytes(row.data) if row else b""


# --- verifying, removing, purging -----------------------------------------------------------


@uses_database
def mark_verified(ctx: AppContext, evidence_id: int, note: str) -> EvidenceItem:
    """Record that the shop checked this evidence (e.g. a key with the manufacturer's server)."""
    note = note.strip()
    if not note:
        raise EvidenceError("note", "say how the evidence was verified")
    with ctx.transaction():
        lock_case(ctx, case_id=Evidence.get_by_id(evidence_id).case_id)
        e = Evidence.get_by_id(evidence_id)
        if e.removed_at is not None:
            raise EvidenceError("evidence", "removed evidence cannot be verified")
        e.verified_at, e.verified_by, e.verified_note = ctx.clock.now(), ctx.actor, note
        e.save()
        audit.record(ctx, "evidence_verified", e.case_id, {"evidence": e.id, "note": note})
    return get_evidence(ctx, evidence_id)


@uses_database
def remove_evidence(ctx: AppContext, evidence_id: int, reason: str) -> EvidenceItem:
    """Soft delete: the row and bytes stay, marked removed with who, when and why."""
    reason = reason.strip()
    if not reason:
        raise EvidenceError("reason", "say why the evidence is removed")
    with ctx.transaction():
        lock_case(ctx, case_id=Evidence.get_by_id(evidence_id).case_id)
        e = Evidence.get_by_id(evidence_id)
        if e.removed_at is not None:
            raise EvidenceError("evidence", "already removed")
        e.removed_at, e.removed_by, e.removed_reason = ctx.clock.now(), ctx.actor, reason
        e.save()
        audit.record(
            ctx,
            "evidence_removed",
            e.case_id,
            {"evidence": e.id, "name": e.original_name, "sha256": e.blob_id, "reason": reason},
        )
    return get_evidence(ctx, evidence_id)


@dataclass(frozen=True)
class PurgeSummary:
    blobs: int
    bytes: int


@uses_database
def purgeable_blobs(ctx: AppContext) -> list[str]:
    """Blobs only removed evidence refers to: no live evidence, no letter."""
    live = Evidence.select(Evidence.blob).where(
        Evidence.removed_at.is_null() & Evidence.blob.is_null(False)
    )
    condition = (
        Evidence.removed_at.is_null(False)
        & Evidence.blob.is_null(False)
        & Evidence.blob.not_in(live)
    )
    # Letters, policy snapshots, a logo...: any other row pointing at a blob keeps it.
    for model in ALL_MODELS:
        for fk in model._meta.refs:
            if fk.rel_model is Blob and model is not Evidence:
                condition &= Evidence.blob.not_in(model.select(fk).where(fk.is_null(False)))
    query = Evidence.select(Evidence.blob).where(condition).distinct()
    return sorted(e.blob_id for e in query)


def _total_size(shas: list[str]) -> int:
    return int(Blob.select(fn.SUM(Blob.size)).where(Blob.sha256.in_(shas)).scalar() or 0)


@uses_database
def purge_preview(ctx: AppContext) -> PurgeSummary:
    """What ``purge_removed`` would delete now: how many stored files, how many bytes."""
    shas = purgeable_blobs(ctx)
    return PurgeSummary(len(shas), _total_size(shas))


@uses_database
def purge_removed(ctx: AppContext) -> PurgeSummary:
    """Delete the bytes of removed evidence that nothing live needs; one audit event."""
    with ctx.transaction():
        shas = purgeable_blobs(ctx)
        if not shas:
            return PurgeSummary(0, 0)
        freed = _total_size(shas)
        Evidence.update(blob=None).where(Evidence.blob.in_(shas)).execute()
        Blob.delete().where(Blob.sha256.in_(shas)).execute()
        audit.record(ctx, "evidence_purged", None, {"sha256": shas, "bytes": int(freed)})
    return PurgeSummary(len(shas), int(freed))
