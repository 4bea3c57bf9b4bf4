"""The next step a case calls for: the letter the policy demands, or the action that is due.

After a rejection the policy demands a written explanation, so the next step is
the rejection letter; once the customer has the decision, the appeal window
runs. ``next_step`` is a pure function of the case's state (gathered by
``case_state``), so the same rule is shown in the case view and tested alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casemanager.domain import CaseStatus
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.evidence import checklist
from casemanager.services.letters import issuing
from casemanager.services.letters.letter_data import event_of
from casemanager.services.lifecycle import transitions
from casemanager.store.models import Case, Deadline, Letter

S = CaseStatus


@dataclass(frozen=True)
class NextStep:
    """What to do next: ``letter`` to write, or ``action`` to take (or neither: a note)."""

    text: str  # "Write the rejection letter"
    letter: str | None = None  # letter kind
    action: str | None = None  # lifecycle action name
    due_at: dt.datetime | None = None  # the deadline the step meets, when one runs
    note: str = ""  # what follows ("The customer may appeal until …")
    button: str = ""  # what the button says when it is not ``text``


@dataclass(frozen=True)
class CaseState:
    """The facts the next step depends on, as plain data."""

    status: CaseStatus
    allowed: frozenset[str]  # actions allowed now
    letters_open: frozenset[str]  # letter kinds available and not yet issued for their event
    missing_evidence: bool
    remedy: str | None  # of the decision in force
    appeals_allowed: int
    due: dict[str, dt.datetime]  # running deadlines by the event that meets them


def next_step(state: CaseState) -> NextStep | None:
    """The step the case's state calls for; None once nothing is due (a closed case)."""
    st, letters, allowed = state.status, state.letters_open, state.allowed

    def letter(kind: str, text: str, note: str = "") -> NextStep | None:
        if kind not in letters:
            return None
        return NextStep(text, letter=kind, due_at=state.due.get("notified_at"), note=note)

    def act(name: str, text: str, met_by: str | None = None, note: str = "") -> NextStep | None:
        if name not in allowed:
            return None
        return NextStep(text, action=name, due_at=state.due.get(met_by or ""), note=note)

    appeal_note = _appeal_note(state)
    if st == S.RECEIVED:
        return act("acknowledge", "Acknowledge receipt", "acknowledged_at")
    if st == S.ACKNOWLEDGED:
        return letter("acknowledgement", "Write the acknowledgement letter") or act(
            "start_review", "Start the review", "verified_at"
        )
    if st in (S.UNDER_REVIEW, S.EXTENDED):
        if state.missing_evidence:
            step = act("request_info", "Request the missing evidence", "verified_at")
            if step:
                return step
        return act("decide", "Record the decision", "verified_at")
    if st == S.AWAITING_CUSTOMER:
        return act("info_received", "Record the information received")
    if st == S.REJECTED:
        return letter("rejection", "Write the rejection letter", appeal_note)
    if st in (S.APPROVED, S.APPEAL_UPHELD):
        kind = "replacement" if state.remedy == "replacement" else "approval"
        found = letter(kind, "Write the approval letter") or letter(
            "appeal_decision", "Write the appeal decision letter"
        )
        if found:
            return found
        if state.remedy == "replacement":
            return act("send_replacement", "Record the replacement sent", "remedied_at")
        return act("start_refund", "Start the refund", "remedied_at")
    if st == S.REFUND_PENDING:
        return act("refund_paid", "Record the refund paid", "remedied_at")
    if st in (S.REFUNDED, S.REPLACEMENT_SENT):
        return act("close", "Close the case")
    if st == S.CUSTOMER_NOTIFIED:
        if "appealed_at" in state.due:
            return NextStep(
                "Wait for an appeal",
                action="file_appeal" if "file_appeal" in allowed else None,
                due_at=state.due["appealed_at"],
                note=appeal_note,
                button="File appeal",
            )
        return act("close", "Close the case", note="No appeal is open under the policy.")
    if st == S.APPEAL_FILED:
        return letter("appeal_acknowledgement", "Write the appeal acknowledgement") or act(
            "review_appeal", "Start the appeal review"
        )
    if st == S.APPEAL_UNDER_REVIEW:
        return act("decide_appeal", "Decide the appeal")
    if st == S.APPEAL_REJECTED:
        return letter("appeal_decision", "Write the appeal decision letter") or act(
            "close", "Close the case", note="The customer may still escalate the dispute."
        )
    if st == S.ESCALATED:
        return act("escalation_outcome", "Record the escalation's outcome")
    return None


def _appeal_note(state: CaseState) -> str:
    if state.appeals_allowed <= 0:
        return "The policy allows no appeal; the customer may escalate."
    if "appealed_at" in state.due:
        return "The customer may appeal until the appeal deadline."
    return "Once the customer has the decision, the appeal window opens."


@uses_database
def case_state(ctx: AppContext, number: str) -> CaseState:
    """The facts of the case ``next_step`` needs, read in one go."""
    case = transitions.get_case(ctx, number)
    pack = pack_for_case(case)
    now = ctx.clock.now()
    open_letters = set()
    for kind in issuing.available_kinds(ctx, number):
        when = event_of(case, kind, now)
        issued = case.letters.where((Letter.kind == kind) & (Letter.event_at == when))
        if not issued.exists():
            open_letters.add(kind)
    decision = transitions.latest_decision(case)
    due = {}
    # The case's few deadlines filtered here: with the state in the query the planner
    # prefers the state index and walks every open deadline of the shop.
    for row in case.deadlines.order_by(Deadline.due_at):
        if row.state != "open":
            continue
        rule = next((r for r in pack.deadlines if r.name == row.name), None)
        met_by = getattr(rule, "met_by", None)
        if met_by and met_by not in due:
            due[met_by] = row.due_at
    missing = any(not i.satisfied for i in checklist.checklist(ctx, number))
    return CaseState(
        status=CaseStatus(case.status),
        allowed=frozenset(a.name for a in transitions.allowed_actions(case)),
        letters_open=frozenset(open_letters),
        missing_evidence=missing,
        remedy=decision.remedy if decision else None,
        appeals_allowed=pack.appeals_allowed,
        due=due,
    )


@uses_database
def for_case(ctx: AppContext, number: str) -> NextStep | None:
    """The next step of case ``number`` now."""
    return next_step(case_state(ctx, number))


@uses_database
def letter_to_write(ctx: AppContext, number: str) -> str | None:
    """The letter kind the case's state needs now, for the letter dialog to open on."""
    step = for_case(ctx, number)
    if step is not None and step.letter:
        return step.letter
    case: Case = transitions.get_case(ctx, number)
    kinds = issuing.available_kinds(ctx, number)
    # Otherwise the letter of the latest event: a decision's before the acknowledgement.
    for kind in ("appeal_decision", "appeal_acknowledgement", "replacement", "approval"):
        if kind in kinds:
            return kind
    if "rejection" in kinds and case.status != S.APPEAL_UPHELD:
        return "rejection"
    return kinds[-1] if kinds else None
