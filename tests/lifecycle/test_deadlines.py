"""Stored deadlines against POLICY-RULES.md, computed by hand from the rules and holidays.

ANTNUM: Asia/Shanghai, open Mon-Sun 09:00-18:00, closed on the CN holidays the
`holidays` package lists (2026: 04-05 and 04-06 Tomb-Sweeping; 05-01, 05-02,
05-04, 05-05 Labour Day; 05-03, a Sunday inside the block, is not listed and
is a working date). Anti Mart: Asia/Kolkata, Mon-Fri 09:00-18:00, IN holidays
(2026: 03-21 Eid al-Fitr (a Saturday), 03-26 Ram Navami, 03-31 Mahavira's
Birthday).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from casemanager.paths import user_policy_dir
from casemanager.policy.case_deadlines import CaseFacts, plan_deadlines
from casemanager.policy.packs import load_pack
from casemanager.services.cases import case_detail, records
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import appeals, decisions, reminders, transitions
from casemanager.store.models import Case, Deadline
from tests.factories import IST, new_case
from tests.lifecycle.walk import CN, antnum_case, approve, reject
from tests.policy.test_deadline_rules import raw, renamed


def _due(case_id, name):
    row = Deadline.get((Deadline.case == case_id) & (Deadline.name == name))
    return row


def _at(clock, instant):
    clock.set(instant.astimezone(dt.UTC))


def _antnum_april(ctx, clock, **overrides):
    """Purchased Thu 2026-04-02 10:00, reported Fri 2026-04-03 16:00 (Shanghai)."""
    _at(clock, dt.datetime(2026, 4, 3, 16, 30, tzinfo=CN))
    return antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
        **overrides,
    )


def test_antnum_report_window(ctx, clock):
    """ANTNUM's report window: 7 calendar days from the local purchase date, met by the report."""
    case = _antnum_april(ctx, clock)
    row = _due(case.id, "report_window")
    # 2026-04-02 + 7 days = 04-09, end of day.
    assert row.due_at == dt.datetime(2026, 4, 9, 23, 59, 59, tzinfo=CN)
    assert row.state == "met" and row.met_at == dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN)


def test_antnum_acknowledge_by(ctx, clock):
    """acknowledge_by: 24 working hours from receipt, skipping Tomb-Sweeping Day."""
    case = _antnum_april(ctx, clock)
    # 04-03 16:00-18:00 = 2 h (22 left); Sat 04-04 open 9 h (13 left); 04-05 and
    # 04-06 holidays; 04-07 9 h (4 left); 04-08 09:00 + 4 h = 13:00.
    assert _due(case.id, "acknowledge_by").due_at == dt.datetime(2026, 4, 8, 13, 0, tzinfo=CN)
    assert Case.get_by_id(case.id).next_due_name == "acknowledge_by"
    transitions.transition(ctx, case.number, "acknowledge")
    row = _due(case.id, "acknowledge_by")
    assert row.state == "met" and row.met_at == clock.now()


def test_antnum_review_by(ctx, clock):
    """review_by: 5 working days after receipt; the day of receipt never counts."""
    case = _antnum_april(ctx, clock)
    # 04-04 (1), [04-05, 04-06 holidays], 04-07 (2), 04-08 (3), 04-09 (4), 04-10 (5).
    assert _due(case.id, "review_by").due_at == dt.datetime(2026, 4, 10, 18, 0, tzinfo=CN)


def test_antnum_review_extended_by_only_after_notice(ctx, clock):
    """review_extended_by appears only once the extension notice is recorded."""
    case = _antnum_april(ctx, clock)
    assert (
        not Deadline.select()
        .where((Deadline.case == case.id) & (Deadline.name == "review_extended_by"))
        .exists()
    )
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, case.number, "start_review")
    transitions.request_extension(ctx, case.number, "Checking with Valve")
    # 10 working days after 04-03: 04-04 (1), 04-07..04-15 (2..10), holidays skipped.
    row = _due(case.id, "review_extended_by")
    assert row.due_at == dt.datetime(2026, 4, 15, 18, 0, tzinfo=CN)
    assert _due(case.id, "review_by").state == "superseded"
    assert Case.get_by_id(case.id).next_due_name == "review_extended_by"


def _rejected_and_notified(ctx, clock, case):
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, case.number, "start_review")
    _at(clock, dt.datetime(2026, 4, 9, 11, 0, tzinfo=CN))
    decisions.record_decision(ctx, case.number, reject())
    _at(clock, dt.datetime(2026, 4, 9, 15, 0, tzinfo=CN))
    transitions.transition(ctx, case.number, "notify")


def test_antnum_notify_by(ctx, clock):
    """notify_by: 1 working day after verification (the decision)."""
    case = _antnum_april(ctx, clock)
    _rejected_and_notified(ctx, clock, case)
    row = _due(case.id, "notify_by")
    # Verified 04-09 11:00; next working date 04-10, closing 18:00.
    assert row.due_at == dt.datetime(2026, 4, 10, 18, 0, tzinfo=CN)
    assert row.state == "met"


def test_antnum_appeal_by_and_late_appeal(ctx, clock):
    """appeal_by: 3 working days after notification; a later appeal is kept but flagged."""
    case = _antnum_april(ctx, clock)
    _rejected_and_notified(ctx, clock, case)
    # Notified 04-09: 04-10 (1), 04-11 (2), 04-12 (3) -> 04-12 18:00.
    assert _due(case.id, "appeal_by").due_at == dt.datetime(2026, 4, 12, 18, 0, tzinfo=CN)
    _at(clock, dt.datetime(2026, 4, 13, 9, 30, tzinfo=CN))
    appeal = appeals.file_appeal(ctx, case.number, clock.now(), "I never redeemed it")
    assert appeal.late
    row = _due(case.id, "appeal_by")
    assert row.state == "missed" and row.met_at == clock.now()


def test_antnum_refund_by_over_labour_day(ctx, clock):
    """refund_by: 7 working days after approval, over the Labour Day holidays."""
    _at(clock, dt.datetime(2026, 4, 27, 10, 0, tzinfo=CN))
    case = antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 25, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 25, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 26, 12, 0, tzinfo=CN),
    )
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, case.number, "start_review")
    _at(clock, dt.datetime(2026, 4, 28, 10, 0, tzinfo=CN))
    decisions.record_decision(ctx, case.number, approve())
    # 04-29 (1), 04-30 (2), [05-01, 05-02 holidays], 05-03 Sunday not listed (3),
    # [05-04, 05-05 holidays], 05-06 (4), 05-07 (5), 05-08 (6), 05-09 (7).
    assert _due(case.id, "refund_by").due_at == dt.datetime(2026, 5, 9, 18, 0, tzinfo=CN)


def test_antimart_report_window_and_refund_by(ctx, clock):
    """Anti Mart: 7-day report window from purchase; refund_by 7 working days after approval."""
    _at(clock, dt.datetime(2026, 3, 17, 11, 0, tzinfo=IST))
    case = records.create_case(
        ctx,
        new_case(
            purchased_at=dt.datetime(2026, 3, 16, 10, 0, tzinfo=IST),
            delivered_at=dt.datetime(2026, 3, 16, 10, 1, tzinfo=IST),
            reported_at=dt.datetime(2026, 3, 17, 10, 0, tzinfo=IST),
        ),
    )
    # 03-16 + 7 = 03-23, end of day.
    window = _due(case.id, "report_window")
    assert window.due_at == dt.datetime(2026, 3, 23, 23, 59, 59, tzinfo=IST)
    assert window.state == "met"
    names = {d.name for d in Deadline.select().where(Deadline.case == case.id)}
    # Anti Mart's policy sets no acknowledgement or review clock; the law under it does.
    assert names == {"report_window", "statutory_acknowledge_by", "statutory_redress_by"}
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, case.number, "start_review")
    _at(clock, dt.datetime(2026, 3, 19, 12, 0, tzinfo=IST))
    decisions.record_decision(ctx, case.number, approve(clause="2"))
    # 03-20 Fri (1), [21 Eid/Sat, 22 Sun], 23 (2), 24 (3), 25 (4), [26 Ram Navami],
    # 27 (5), [28, 29 weekend], 30 (6), [31 Mahavira's Birthday], 04-01 (7).
    row = _due(case.id, "refund_by")
    assert row.due_at == dt.datetime(2026, 4, 1, 18, 0, tzinfo=IST)
    assert "Thu 26 Mar 2026 Ram Navami" in " ".join(row.explanation)


def test_antimart_premature_claim_has_eligible_from(ctx, clock):
    """A non-delivery claim made within 24 h of purchase shows when it may be decided."""
    _at(clock, dt.datetime(2026, 3, 16, 21, 0, tzinfo=IST))
    case = records.create_case(
        ctx,
        new_case(
            reason="non_delivery",
            delivered_at=None,
            purchased_at=dt.datetime(2026, 3, 16, 10, 0, tzinfo=IST),
            reported_at=dt.datetime(2026, 3, 16, 20, 0, tzinfo=IST),
        ),
    )
    row = _due(case.id, "eligible_from")
    # purchased_at + 24 hours (clause 2).
    assert row.due_at == dt.datetime(2026, 3, 17, 10, 0, tzinfo=IST)
    # eligible_from is no duty of the shop: the next one is the law's acknowledgement.
    assert Case.get_by_id(case.id).next_due_name == "statutory_acknowledge_by"


def test_corrected_event_date_moves_the_deadlines(ctx, clock):
    """Correcting when the customer was notified moves appeal_by and records why."""
    case = _antnum_april(ctx, clock)
    _rejected_and_notified(ctx, clock, case)
    _at(clock, dt.datetime(2026, 4, 10, 9, 0, tzinfo=CN))
    transitions.correct_event(
        ctx, case.number, "notified_at", dt.datetime(2026, 4, 10, 8, 0, tzinfo=CN), "mail bounced"
    )
    # Notified 04-10: 04-11 (1), 04-12 (2), 04-13 (3).
    assert _due(case.id, "appeal_by").due_at == dt.datetime(2026, 4, 13, 18, 0, tzinfo=CN)
    # The appeal window is the customer's clock: the shop has nothing due meanwhile.
    assert Case.get_by_id(case.id).next_due_name is None


def test_pause_while_awaiting_customer_moves_and_shows(ctx):
    """With a pack that pauses, time awaiting the customer extends review_by and is shown."""
    pack = dataclasses.replace(load_pack("antnum"), pause_while_awaiting_customer=True)
    events = {
        "purchased_at": dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        "delivered_at": dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        "reported_at": dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    }
    base = CaseFacts("invalid_code", "gift_card", True, "AN-1", Decimal("10"), events)
    asked = dt.datetime(2026, 4, 7, 9, 0, tzinfo=CN)
    waiting = dataclasses.replace(base, pauses=((asked, None),))
    review = {s.name: s for s in plan_deadlines(pack, waiting)}["review_by"]
    assert review.state == "paused" and "Paused since" in review.explanation[-1]
    answered = dataclasses.replace(base, pauses=((asked, asked + dt.timedelta(days=1)),))
    review = {s.name: s for s in plan_deadlines(pack, answered)}["review_by"]
    # One full working day (9 h) paused: 04-10 18:00 + 9 working hours = 04-11 18:00.
    assert review.due_at == dt.datetime(2026, 4, 11, 18, 0, tzinfo=CN)
    assert review.state == "open"


def test_a_shop_pack_that_renames_its_deadlines_works_end_to_end(ctx, clock, tmp_path, monkeypatch):
    """A shop renaming a deadline in its copy would lose the extension, the appeal or letters."""
    monkeypatch.setenv("CASEMANAGER_HOME", str(tmp_path / "home"))
    data = renamed(raw("antnum"))
    (user_policy_dir() / "renamed.json").write_text(json.dumps(data), encoding="utf-8")
    case = _antnum_april(ctx, clock, policy_id="renamed")
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, case.number, "start_review")
    # The notice must precede the end of the review it extends, whatever its name.
    _at(clock, dt.datetime(2026, 4, 10, 18, 30, tzinfo=CN))
    with pytest.raises(transitions.LifecycleError, match="prior notice"):
        transitions.request_extension(ctx, case.number, "Vendor check")
    notice = dt.datetime(2026, 4, 7, 10, 0, tzinfo=CN)
    transitions.request_extension(ctx, case.number, "Checking with Valve", at=notice)
    assert _due(case.id, "decide_within").state == "superseded"
    longer = _due(case.id, "decide_within_longer")
    assert longer.due_at == dt.datetime(2026, 4, 15, 18, 0, tzinfo=CN)
    values = issuing.letter_data(ctx, case.number, "extension").values
    assert "10 April 2026" in values["review_by"] and "15 April 2026" in values["extended_by"]
    _at(clock, dt.datetime(2026, 4, 11, 11, 0, tzinfo=CN))
    decisions.record_decision(ctx, case.number, reject())
    _at(clock, dt.datetime(2026, 4, 11, 15, 0, tzinfo=CN))
    transitions.transition(ctx, case.number, "notify")
    # Notified 04-11: 04-12 (1), 04-13 (2), 04-14 (3).
    appeal = _due(case.id, "customer_may_appeal")
    assert appeal.due_at == dt.datetime(2026, 4, 14, 18, 0, tzinfo=CN)
    assert Case.get_by_id(case.id).next_due_name is None  # the customer's window, not the shop's
    rejection = issuing.letter_data(ctx, case.number, "rejection").values
    assert "14 April 2026" in rejection["appeal_by"]
    shown = {d.name: d for d in case_detail.overview(ctx, case.number).deadlines}
    assert shown["customer_may_appeal"].customer_side
    assert shown["customer_may_appeal"].met_by == "appealed_at"
    _at(clock, dt.datetime(2026, 4, 14, 10, 0, tzinfo=CN))  # the appeal window ends today
    assert not [r for r in reminders.due_reminders(ctx, clock.now()) if r.number == case.number]
    _at(clock, dt.datetime(2026, 4, 15, 9, 30, tzinfo=CN))
    assert appeals.file_appeal(ctx, case.number, clock.now(), "I never redeemed it").late
    assert _due(case.id, "customer_may_appeal").state == "missed"


def test_reminder_pages_and_counts_agree_with_the_whole_list(ctx, clock):
    """Pages read by key give every reminder once, in order, and the counts match them."""
    from casemanager.services.demo import generate

    generate.generate(ctx, 300, seed=12)
    now = clock.now()
    everything = reminders.due_reminders(ctx, now)
    pages, after = [], None
    while True:
        page = reminders.page(ctx, now, after, limit=37)
        pages += page.rows
        if page.after is None:
            break
        after = page.after
    assert pages == everything and len(everything) > 37
    expected = {
        b: reminders.BucketCount(
            sum(1 for r in everything if r.bucket == b),
            len({r.number for r in everything if r.bucket == b}),
        )
        for b in reminders.BUCKETS
    }
    assert reminders.counts(ctx, now) == expected


def test_reminder_counts_stop_at_their_bound(ctx, clock):
    """A long backlog is counted to the bound and shown as at least that many, in the time
    a short one takes; below the bound the counts are exact."""
    from casemanager.services.demo import generate

    generate.generate(ctx, 300, seed=12)
    now = clock.now()
    everything = reminders.due_reminders(ctx, now)
    overdue = [r for r in everything if r.bucket == reminders.OVERDUE]
    assert len(overdue) > 5
    bounded = reminders.counts(ctx, now, bound=5)
    first = bounded[reminders.OVERDUE]
    assert (first.deadlines, first.more) == (5, True) and 1 <= first.cases <= 5
    exact = reminders.counts(ctx, now, bound=len(everything))
    assert not any(c.more for c in exact.values())
    assert exact[reminders.OVERDUE] == reminders.BucketCount(
        len(overdue), len({r.number for r in overdue})
    )
