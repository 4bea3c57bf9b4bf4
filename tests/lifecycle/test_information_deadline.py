"""The reply-by date of a request for information: tracked, counted next, met on receipt."""

from __future__ import annotations

import datetime as dt

from casemanager.services.cases.case_detail import overview
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import transitions
from casemanager.store.models import Case, Deadline
from tests.factories import IST
from tests.letters import helpers, pdf

CN = dt.timezone(dt.timedelta(hours=8))
NAME = "information_reply_by"


def _row(case) -> Deadline:
    return Deadline.get((Deadline.case == case.id) & (Deadline.name == NAME))


def test_a_request_for_information_is_a_deadline_of_the_case(ctx, clock):
    """The owner would not see when the customer's answer is due, nor chase it then."""
    case = helpers.under_review(ctx)
    transitions.request_info(ctx, case.number, "The screenshot of the error")
    row = _row(case)
    # Requested 12 March 14:00 Shanghai; ANTNUM works every day: 5 working days = 17 March.
    assert row.due_at == dt.datetime(2026, 3, 17, 18, 0, tzinfo=CN) and row.state == "open"
    assert any("information_reply_days" in line for line in row.explanation)
    shown = next(d for d in overview(ctx, case.number).deadlines if d.name == NAME)
    assert shown.label == "Customer's reply to the request for information"
    assert shown.met_by == "info_received_at" and not shown.customer_side
    # The letter gives the date the case tracks.
    text = pdf.text(issuing.preview(ctx, case.number, "information_request").pdf)
    assert "Please send it by 17 March 2026, 18:00 (UTC+08:00 Asia/Shanghai)" in text
    # It is the case's next date once it is the earliest open one (review_by is paused
    # or later), and the list sorts by it.
    stored = Case.get_by_id(case.id)
    open_dues = [
        d for d in overview(ctx, case.number).deadlines if d.is_running and not d.customer_side
    ]
    first = min(open_dues, key=lambda d: d.due_at)
    assert (stored.next_due_name, stored.next_due_at) == (first.name, first.due_at)
    assert NAME in {d.name for d in open_dues}

    clock.set(dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC))
    transitions.transition(ctx, case.number, "info_received")
    row = _row(case)
    assert row.state == "met" and row.met_at == dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
    assert Case.get_by_id(case.id).next_due_name != NAME


def test_information_for_an_earlier_request_does_not_meet_a_new_one(ctx, clock):
    """A second request would show as answered by the reply to the first."""
    case = helpers.under_review(ctx)
    transitions.request_info(
        ctx, case.number, "The screenshot", at=dt.datetime(2026, 3, 10, 14, 0, tzinfo=IST)
    )
    transitions.transition(
        ctx, case.number, "info_received", at=dt.datetime(2026, 3, 10, 15, 0, tzinfo=IST)
    )
    assert _row(case).state == "met"
    transitions.request_info(ctx, case.number, "Your account id as well")
    row = _row(case)
    assert row.state == "open" and row.met_at is None
    assert row.due_at == dt.datetime(2026, 3, 17, 18, 0, tzinfo=CN)
