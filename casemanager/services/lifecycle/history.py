"""A case's history as plain steps, and applying them to a case held in memory.

Each step mirrors one service call (``transitions.transition``,
``decisions.record_decision``, ``appeals.file_appeal``, ``appeals.start_review``,
``appeals.decide_appeal``, ``escalations.escalate``, ``intake.add_evidence``),
taken at the step's instant by a clock that reads that instant. ``apply``
makes the change those services make, with their own row builders, on a case
that is not yet in the database, so many cases can then be written with bulk
inserts (``records.record_cases``).

The checks a service makes before it acts (is the action allowed in this
status, is the input complete) are not repeated here: a history must be one the
services accept, as the tests show for the sample shop's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from casemanager.content.filetypes import FileRefused, FileType
from casemanager.content.names import clean_name
from casemanager.policy.model import PolicyPack
from casemanager.services import audit
from casemanager.services.context import AppContext
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import EvidenceLimits, NewEvidence
from casemanager.services.lifecycle import appeals, decisions, escalations, transitions
from casemanager.services.lifecycle.deadline_rows import CaseFacts, due_at
from casemanager.services.lifecycle.deadlines import case_facts
from casemanager.services.lifecycle.decisions import DecisionInput
from casemanager.store.bulk import NewRows, insert_if_new
from casemanager.store.models import Appeal, Blob, Case, Decision, Evidence


@dataclass(frozen=True)
class Move:
    """An action whose only input is a note (``transitions.transition``): not one of those
    with a step type of their own below."""

    action: str
    at: dt.datetime
    note: str = ""


@dataclass(frozen=True)
class Decide:
    """``decisions.record_decision``; ``decision.at`` is when.

    ``rests_on``: evidence kinds an override's finding rests on, resolved to the ids of
    the case's live evidence of those kinds when the step is applied.
    """

    decision: DecisionInput
    rests_on: tuple[str, ...] = ()

    @property
    def at(self) -> dt.datetime:
        return _given_at(self.decision)


@dataclass(frozen=True)
class FileAppeal:
    at: dt.datetime
    grounds: str
    evidence_note: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReviewAppeal:
    at: dt.datetime
    reviewer: str
    note: str = ""


@dataclass(frozen=True)
class DecideAppeal:
    """``appeals.decide_appeal``; ``decision.at`` is when.

    ``rests_on``: evidence kinds an override's finding rests on, resolved to the ids of
    the case's live evidence of those kinds when the step is applied.
    """

    decision: DecisionInput
    rests_on: tuple[str, ...] = ()

    @property
    def at(self) -> dt.datetime:
        return _given_at(self.decision)


@dataclass(frozen=True)
class Escalate:
    at: dt.datetime
    kind: str
    started_on: dt.date
    counterpart: str
    reference: str = ""
    outcome: str = ""
    note: str = ""


@dataclass(frozen=True)
class AddEvidence:
    """One file for ``intake.add_evidence``, added at ``at``."""

    at: dt.datetime
    item: NewEvidence


Step = Move | Decide | FileAppeal | ReviewAppeal | DecideAppeal | Escalate | AddEvidence


def _given_at(decision: DecisionInput) -> dt.datetime:
    if decision.at is None:
        raise ValueError("a decision in a case history needs its instant (at)")
    return decision.at


@dataclass
class Recording:
    """Rows and files shared by the cases recorded together."""

    ctx: AppContext
    rows: NewRows
    limits: EvidenceLimits
    stored_blobs: set[str] = field(default_factory=set)  # stored during this recording
    file_types: dict[str, FileType] = field(default_factory=dict)

    def store_blob(self, sha: str, data: bytes, mime: str, at: dt.datetime) -> bool:
        """``intake.store_blob``; in bulk, one prepared statement per file."""
        if not self.rows.bulk:
            return intake.store_blob(sha, data, mime, at)
        row = {"sha256": sha, "size": len(data), "mime": mime, "data": data, "created_at": at}
        return insert_if_new(Blob, row)


@dataclass
class CaseInMemory:
    """A case being recorded: its rows as built so far and its audit events, in order."""

    case: Case
    pack: PolicyPack
    events: list[audit.Event] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    evidence_bytes: int = 0

    def facts(self) -> CaseFacts:
        """The case's facts as ``deadlines.refresh_case`` would read them once stored."""
        facts = case_facts(self.case, self.pack)
        if self.pack.pause_while_awaiting_customer:
            facts = replace(facts, pauses=_pauses(self.events))
        return facts

    def cited(self, given: DecisionInput, kinds: tuple[str, ...]) -> DecisionInput:
        """``given`` with the ids of the live evidence of ``kinds`` as its override's basis."""
        if not kinds:
            return given
        ids = [i for i, kind in self.live_evidence() if kind in kinds]
        return replace(given, finding_evidence=[*given.finding_evidence, *ids])

    def live_evidence(self) -> tuple[tuple[int, str], ...]:
        return tuple((e.id, e.kind) for e in self.evidence if e.removed_at is None)

    def event(self, kind: str, data: dict, at: dt.datetime) -> None:
        self.events.append(audit.Event(kind, self.case.id, data, at))


def apply(state: CaseInMemory, step: Step, rec: Recording) -> None:
    """Make the change the step's service makes, as if its clock read ``step.at``."""
    if isinstance(step, AddEvidence):
        _add_evidence(state, step, rec)
        return
    case, at = state.case, step.at
    if isinstance(step, Move):
        if step.action in transitions._OWN_SERVICE:
            raise ValueError(f"{step.action}: record it with its own kind of step")
        name, note, target, change = step.action, step.note, None, None
    elif isinstance(step, Decide):
        name, note, target = "decide", step.decision.note, decisions.target_of(step.decision)
        change = _decide(state, state.cited(step.decision, step.rests_on), rec)
    elif isinstance(step, FileAppeal):
        name, note, target, change = "file_appeal", step.note, None, _file_appeal(state, step, rec)
    elif isinstance(step, ReviewAppeal):
        appeal = state.appeals[-1]
        name, note, target = "review_appeal", step.note, None

        def change(case: Case, when: dt.datetime) -> dict:
            return appeals.reviewed(appeal, step.reviewer, rec.rows.save)

    elif isinstance(step, DecideAppeal):
        name, note = "decide_appeal", step.decision.note
        target = appeals.appeal_target_of(step.decision)
        change = _decide_appeal(state, state.cited(step.decision, step.rests_on), rec)
    elif isinstance(step, Escalate):
        name, note, target, change = "escalate", step.note, None, _escalate(step, rec)
    else:
        raise TypeError(f"not a case history step: {step!r}")
    action = transitions.ACTIONS[name]
    payload = transitions.apply(case, action, at, at, note=note, target=target, change=change)
    state.event(action.audit_kind, payload, at)


def _decide(state: CaseInMemory, given: DecisionInput, rec: Recording):
    assessed = decisions.assessed_refund(state.case)
    decision = decisions.validate(state.pack, state.case, given, assessed, state.live_evidence())

    def change(case: Case, when: dt.datetime) -> dict:
        state.decisions.append(decision)
        return decisions.decided(case, decision, when, rec.rows.save)

    return change


def _file_appeal(state: CaseInMemory, step: FileAppeal, rec: Recording):
    rejections = [d for d in state.decisions if d.outcome == "rejected"]
    if not rejections:
        raise ValueError(f"{state.case.number}: an appeal needs a rejection to appeal against")
    rejection = rejections[-1]
    name = appeals.appeal_deadline(state.pack)
    due = due_at(state.pack, state.facts(), name) if name else None
    late = appeals.late_against(due, step.at)

    def change(case: Case, when: dt.datetime) -> dict:
        appeal = appeals.new_appeal(case, rejection, when, late, step.grounds, step.evidence_note)
        state.appeals.append(rec.rows.save(appeal))
        return appeals.filed_data(appeal)

    return change


def _decide_appeal(state: CaseInMemory, given: DecisionInput, rec: Recording):
    assessed = decisions.assessed_refund(state.case)
    decision = decisions.validate(state.pack, state.case, given, assessed, state.live_evidence())

    def change(case: Case, when: dt.datetime) -> dict:
        data = appeals.appeal_decided(case, state.appeals[-1], decision, given, when, rec.rows.save)
        if decision.id is not None:
            state.decisions.append(decision)
        return data

    return change


def _escalate(step: Escalate, rec: Recording):
    def change(case: Case, when: dt.datetime) -> dict:
        row = escalations.new_escalation(
            case, step.kind, step.started_on, step.counterpart, step.reference, step.outcome
        )
        return escalations.escalated_data(rec.rows.save(row))

    return change


def _add_evidence(state: CaseInMemory, step: AddEvidence, rec: Recording) -> None:
    """``intake.add_evidence`` of one file: a refused file leaves nothing, as there."""
    item = step.item
    intake.check_fields(item)
    name = clean_name(item.original_name)
    data = bytes(item.data)
    sha = hashlib.sha256(data).hexdigest()
    try:
        kind = rec.file_types.get(sha) or intake.check_file(rec.ctx, data, rec.limits)
        twin = next((e.original_name for e in state.evidence if e.blob_id == sha), None)
        intake.refuse_on_case(twin, state.evidence_bytes, len(data), rec.limits)
    except FileRefused:
        return
    rec.file_types[sha] = kind
    created = sha not in rec.stored_blobs and rec.store_blob(sha, data, kind.mime, step.at)
    rec.stored_blobs.add(sha)
    row = intake.new_evidence(state.case, item, name, sha, step.at, rec.ctx.actor)
    evidence = rec.rows.save(row)
    state.evidence.append(evidence)
    state.evidence_bytes += len(data)
    state.event("evidence_added", intake.added_data(evidence, len(data), kind, created), step.at)


def _pauses(events: list[audit.Event]) -> tuple[tuple[dt.datetime, dt.datetime | None], ...]:
    """Periods spent awaiting the customer, read from the events as ``case_pauses`` reads
    them from the stored trail."""
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = []
    for event in events:
        if event.kind not in ("info_requested", "info_received"):
            continue
        at = dt.datetime.fromisoformat(event.data["at"])
        if event.kind == "info_requested":
            pauses.append((at, None))
        elif pauses and pauses[-1][1] is None:
            pauses[-1] = (pauses[-1][0], at)
    return tuple(pauses)
