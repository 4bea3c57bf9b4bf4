"""Every legal and every illegal transition of the case lifecycle, at the service level."""

from __future__ import annotations

import datetime as dt

import pytest

from casemanager.domain import CaseStatus as S
from casemanager.services.cases import records
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.transitions import ACTIONS, LifecycleError, TransitionError
from casemanager.store.models import AuditEvent, Case
from tests.factories import new_case
from tests.lifecycle.walk import PATHS, antnum_case, do, walk

# For an ANTNUM case of third-party goods, delivered, approved with a refund:
# the status each legal action leads to, from each status (written out by hand
# from issue 4, not derived from the code under test).
LEGAL = {
    S.RECEIVED: {"acknowledge": S.ACKNOWLEDGED, "withdraw": S.WITHDRAWN},
    S.ACKNOWLEDGED: {"start_review": S.UNDER_REVIEW, "withdraw": S.WITHDRAWN},
    S.UNDER_REVIEW: {
        "request_info": S.AWAITING_CUSTOMER,
        "extend": S.EXTENDED,
        "decide": S.APPROVED,
        "decide_reject": S.REJECTED,
        "withdraw": S.WITHDRAWN,
    },
    S.AWAITING_CUSTOMER: {"info_received": S.UNDER_REVIEW, "withdraw": S.WITHDRAWN},
    S.EXTENDED: {
        "request_info": S.AWAITING_CUSTOMER,
        "decide": S.APPROVED,
        "withdraw": S.WITHDRAWN,
    },
    S.APPROVED: {"notify": S.APPROVED, "start_refund": S.REFUND_PENDING},
    S.REFUND_PENDING: {"notify": S.REFUND_PENDING, "refund_paid": S.REFUNDED},
    S.REFUNDED: {"notify": S.REFUNDED, "close": S.CLOSED},
    S.REPLACEMENT_SENT: {"notify": S.REPLACEMENT_SENT, "close": S.CLOSED},
    S.REJECTED: {"notify": S.CUSTOMER_NOTIFIED},
    S.CUSTOMER_NOTIFIED: {"file_appeal": S.APPEAL_FILED, "close": S.CLOSED},
    S.APPEAL_FILED: {"review_appeal": S.APPEAL_UNDER_REVIEW, "withdraw": S.WITHDRAWN},
    S.APPEAL_UNDER_REVIEW: {
        "decide_appeal": S.APPEAL_UPHELD,
        "decide_appeal_reject": S.APPEAL_REJECTED,
        "withdraw": S.WITHDRAWN,
    },
    S.APPEAL_UPHELD: {"notify": S.APPEAL_UPHELD, "start_refund": S.REFUND_PENDING},
    S.APPEAL_REJECTED: {
        "notify": S.APPEAL_REJECTED,
        "escalate": S.ESCALATED,
        "close": S.CLOSED,
    },
    S.ESCALATED: {
        "escalate": S.ESCALATED,
        "escalation_outcome": S.ESCALATED,
        "close": S.CLOSED,
        "withdraw": S.WITHDRAWN,
    },
    S.CLOSED: {},
    S.WITHDRAWN: {},
}
VARIANT_OF = {"decide_reject": "decide", "decide_appeal_reject": "decide_appeal"}


def _events(case_id):
    return AuditEvent.select().where(AuditEvent.case == case_id).count()


def _allowed(ctx, case_id: int):
    with ctx.reading():
        return transitions.allowed_actions(Case.get_by_id(case_id))


@pytest.mark.parametrize("status", list(LEGAL), ids=str)
def test_illegal_actions_are_refused_with_what_is_allowed(ctx, status):
    """An action the status does not allow changes nothing and says what is allowed instead."""
    case = antnum_case(ctx)
    walk(ctx, case.number, PATHS[status])
    assert Case.get_by_id(case.id).status == status
    legal = {VARIANT_OF.get(a, a) for a in LEGAL[status]}
    assert {a.name for a in _allowed(ctx, case.id)} == legal
    before = _events(case.id)
    for name in ACTIONS:
        if name in legal:
            continue
        with pytest.raises(TransitionError) as err:
            do(ctx, case.number, name)
        assert "Allowed now:" in str(err.value) or "No action is possible" in str(err.value)
        for allowed in _allowed(ctx, case.id):
            assert allowed.label in str(err.value)
    assert Case.get_by_id(case.id).status == status
    assert _events(case.id) == before


@pytest.mark.parametrize(
    ("status", "step"),
    [(s, step) for s, steps in LEGAL.items() for step in steps],
    ids=lambda v: str(v),
)
def test_legal_action_moves_the_case_with_one_audit_event(ctx, status, step):
    """Each allowed action leads to the status of the issue and writes exactly one event."""
    case = antnum_case(ctx)
    walk(ctx, case.number, PATHS[status])
    before = _events(case.id)
    do(ctx, case.number, step)
    after = Case.get_by_id(case.id)
    assert after.status == LEGAL[status][step]
    assert _events(case.id) == before + 1
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.actor == "tester" and event.data["from"] == status
    assert event.at == ctx.clock.now()


def test_cancel_only_before_delivery(ctx):
    """A not-yet-delivered order can be cancelled; a delivered one is refused, saying why."""
    pending = antnum_case(ctx, delivered_at=None, order_ref="AN-2")
    transitions.transition(ctx, pending.number, "cancel", note="customer cancelled")
    case = Case.get_by_id(pending.id)
    assert case.status == S.CANCELLED and case.closed_at == ctx.clock.now()
    assert case.next_due_at is None
    delivered = antnum_case(ctx, order_ref="AN-3")
    with pytest.raises(TransitionError, match="delivered"):
        transitions.transition(ctx, delivered.number, "cancel")


def test_antimart_has_no_appeal_but_escalation(ctx):
    """Anti Mart allows no appeal: filing one is refused; escalation is offered instead."""
    case = cases_antimart(ctx)
    walk(ctx, case.number, PATHS[S.CUSTOMER_NOTIFIED])
    with pytest.raises(TransitionError, match="allows no appeal") as err:
        do(ctx, case.number, "file_appeal")
    assert "Escalate" in str(err.value)
    do(ctx, case.number, "escalate")
    assert Case.get_by_id(case.id).status == S.ESCALATED


def test_antimart_has_no_extended_review(ctx):
    """An extension is refused on an Anti Mart case: its policy has none."""
    case = cases_antimart(ctx, third_party=True)
    walk(ctx, case.number, PATHS[S.UNDER_REVIEW])
    with pytest.raises(TransitionError, match="no extended review"):
        do(ctx, case.number, "extend")


def test_antnum_allows_one_appeal_only(ctx):
    """After a rejected appeal, ANTNUM refuses a second one (clause 5: one appeal)."""
    case = antnum_case(ctx)
    walk(ctx, case.number, PATHS[S.APPEAL_REJECTED])
    transitions.transition(ctx, case.number, "notify")
    with pytest.raises(TransitionError):
        do(ctx, case.number, "file_appeal")


def test_extension_needs_third_party_goods_and_a_notice(ctx):
    """Own goods get no extension; a notice without text is refused naming the field."""
    own = antnum_case(ctx, third_party=False, product_name="ANTNUM Course", order_ref="AN-9")
    walk(ctx, own.number, PATHS[S.UNDER_REVIEW])
    with pytest.raises(TransitionError, match="third party"):
        do(ctx, own.number, "extend")
    case = antnum_case(ctx)
    walk(ctx, case.number, PATHS[S.UNDER_REVIEW])
    with pytest.raises(LifecycleError) as err:
        transitions.request_extension(ctx, case.number, "  ")
    assert err.value.field == "notice"


def test_event_time_in_the_future_is_refused(ctx):
    """Recording an acknowledgement dated tomorrow is refused, naming the field."""
    case = antnum_case(ctx)
    with pytest.raises(LifecycleError) as err:
        transitions.transition(
            ctx, case.number, "acknowledge", at=ctx.clock.now() + dt.timedelta(1)
        )
    assert err.value.field == "acknowledged_at"
    assert Case.get_by_id(case.id).status == S.RECEIVED


def cases_antimart(ctx, **overrides):
    return records.create_case(ctx, new_case(**overrides))
