"""``verify``: is the database sound, the audit trail unbroken, every blob intact?"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import SqliteDatabase

from casemanager.services import audit
from casemanager.services.context import AppContext, uses_database
from casemanager.services.files.backups import (
    CheckStop,
    CheckStopped,
    integrity_problems,
    stoppable,
)
from casemanager.store.models import Blob, Case, Evidence, Letter


@dataclass(frozen=True)
class Problem:
    area: str  # database, audit, evidence, letter
    message: str
    case_number: str | None = None

    def __str__(self) -> str:
        where = f"{self.case_number}: " if self.case_number else ""
        return f"[{self.area}] {where}{self.message}"


@dataclass
class IntegrityReport:
    problems: list[Problem] = field(default_factory=list)
    events_checked: int = 0
    blobs_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# Each part of ``verify`` as it begins: at a million cases each takes minutes.
VERIFY_STEPS = {
    "file": "Checking every page and index of the file…",
    "audit": "Checking the hash chain of the audit trail…",
    "blobs": "Checking the hash of every stored file…",
}


@uses_database
def verify(
    ctx: AppContext,
    on_step: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    stop: CheckStop | None = None,
) -> IntegrityReport:
    """The whole database, audit trail and stored files; ``on_step`` hears each part of
    ``VERIFY_STEPS`` as it begins, ``progress(done, total)`` the events of the chain.
    ``stop`` ends it early from another thread (``CheckStopped``): a window quitting."""
    stop = stop or CheckStop()
    step = on_step or (lambda _sentence: None)

    report = IntegrityReport()

    def counted(done: int, total: int) -> None:
        if stop.requested:
            raise CheckStopped("the verification was stopped before its end")
        report.events_checked = done  # the walk's own count: no second count of the trail
        if progress:
            progress(done, total)

    step(VERIFY_STEPS["file"])
    report.problems += _database_problems(ctx, stop)
    step(VERIFY_STEPS["audit"])
    report.problems += _audit_problems(ctx, counted)
    step(VERIFY_STEPS["blobs"])
    blob_problems, report.blobs_checked = _blob_problems()
    report.problems += blob_problems
    return report


@uses_database
def verify_evidence(ctx: AppContext, case_number: str | None = None) -> IntegrityReport:
    """Recompute the hash of every stored file of one case (or of the whole database)."""
    if case_number is None:
        report = IntegrityReport()
        report.problems, report.blobs_checked = _blob_problems()
        return report
    case = Case.get_or_none(Case.number == case_number)
    if case is None:
        raise LookupError(f"no case numbered {case_number!r}")
    report = IntegrityReport()
    shas = {
        e.blob_id
        for e in Evidence.select(Evidence.blob).where(
            (Evidence.case == case) & Evidence.blob.is_null(False)
        )
    } | {letter.blob_id for letter in Letter.select(Letter.blob).where(Letter.case == case)}
    report.problems, report.blobs_checked = _blob_problems(shas, case.id)
    return report


def _database_problems(ctx: AppContext, stop: CheckStop) -> list[Problem]:
    if not isinstance(ctx.db, SqliteDatabase):
        return []
    path = ctx.target.sqlite_path
    # Through a connection of its own, which Ctrl-C can interrupt (see ``stoppable``).
    found = stoppable(lambda stop: integrity_problems(path, stop=stop), stop)
    problems = [Problem("database", line) for line in found]
    for table, rowid, parent, _ in ctx.db.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(Problem("database", f"{table} row {rowid} points to a missing {parent}"))
    return problems


def _case_numbers(case_ids: set[int]) -> dict[int, str]:
    if not case_ids:
        return {}
    query = Case.select(Case.id, Case.number).where(Case.id.in_(list(case_ids)))
    return {c.id: c.number for c in query}


def _audit_problems(
    ctx: AppContext, progress: Callable[[int, int], None] | None = None
) -> list[Problem]:
    breaks = audit.verify_chain(ctx, progress)
    numbers = _case_numbers({b.case_id for b in breaks if b.case_id})
    return [
        Problem("audit", f"event {b.event_id} {b.problem}", numbers.get(b.case_id)) for b in breaks
    ]


def _blob_problems(
    shas: set[str] | None = None, case_id: int | None = None
) -> tuple[list[Problem], int]:
    """Hash mismatches among all blobs, or among ``shas`` (reported for ``case_id`` only)."""
    problems: list[Problem] = []
    checked = 0
    query = Blob.select(Blob.sha256, Blob.data, Blob.size)
    if shas is not None:
        query = query.where(Blob.sha256.in_(sorted(shas)))
    for blob in query.iterator():
        checked += 1
        data = bytes(blob.data)
        if hashlib.sha256(data).hexdigest() == blob.sha256 and len(data) == blob.size:
            continue
        problems += _blob_users(blob.sha256, case_id)
    if shas is not None and checked < len(shas):
        problems.append(Problem("evidence", f"{len(shas) - checked} stored file(s) are missing"))
    return problems, checked


def _blob_users(sha: str, case_id: int | None = None) -> list[Problem]:
    """One problem per evidence item or letter that relies on a damaged blob."""
    short = sha[:12]
    evidence = (
        Evidence.select(Evidence.id, Evidence.original_name, Case.number)
        .join(Case)
        .where(Evidence.blob == sha)
    )
    letters = (
        Letter.select(Letter.id, Letter.kind, Case.number).join(Case).where(Letter.blob == sha)
    )
    if case_id is not None:
        evidence = evidence.where(Evidence.case == case_id)
        letters = letters.where(Letter.case == case_id)
    found = [
        Problem(
            "evidence",
            f"file '{e.original_name}' ({short}…) no longer matches its hash",
            e.case.number,
        )
        for e in evidence
    ] + [
        Problem(
            "letter",
            f"{letter.kind} letter ({short}…) no longer matches its hash",
            letter.case.number,
        )
        for letter in letters
    ]
    return found or [Problem("evidence", f"stored file {short}… no longer matches its hash")]
