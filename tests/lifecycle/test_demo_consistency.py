"""Demo cases carry lifecycle events whose stored deadlines match a recomputation."""

from __future__ import annotations

from casemanager.domain import FINAL_STATUSES, CaseStatus
from casemanager.services.demo import generate
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.deadlines import refresh_case
from casemanager.store.models import Case, Deadline
from tests.lifecycle.walk import do


def _stored(case):
    rows = Deadline.select().where(Deadline.case == case).order_by(Deadline.name)
    deadlines = [(d.name, d.due_at, d.state, d.met_at, list(d.explanation)) for d in rows]
    return deadlines, case.next_due_at, case.next_due_name


def test_demo_deadlines_are_what_refresh_computes(ctx):
    """Opening a demo case and recording anything does not make its deadlines jump."""
    generate.generate(ctx, 80, seed=4)
    for case in Case.select():
        before = _stored(case)
        with ctx.transaction():
            refresh_case(case)
        assert _stored(Case.get_by_id(case.id)) == before, case.number


def test_every_demo_case_offers_its_next_steps(ctx):
    """Each open demo case offers actions, and the first offered one goes through."""
    generate.generate(ctx, 76, seed=5)
    seen = set()
    for case in Case.select().order_by(Case.id):
        with ctx.reading():
            actions = transitions.allowed_actions(case)
        assert bool(actions) == (case.status not in FINAL_STATUSES), case.status
        if actions and (case.policy_id, case.status) not in seen:
            seen.add((case.policy_id, case.status))
            step = {"decide_appeal": "decide_appeal_reject"}.get(actions[0].name, actions[0].name)
            if step == "decide" and case.reason in ("change_of_mind", "wrong_purchase"):
                step = "decide_reject"
            do(ctx, case.number, step)
    for policy, status in [
        ("antnum", CaseStatus.CUSTOMER_NOTIFIED),
        ("antnum", CaseStatus.APPEAL_UNDER_REVIEW),
        ("antnum", CaseStatus.APPEAL_UPHELD),
        ("antimart", CaseStatus.CUSTOMER_NOTIFIED),
        ("antimart", CaseStatus.ESCALATED),
    ]:
        assert (policy, status) in seen
