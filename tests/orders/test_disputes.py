"""A payment dispute becomes a case whose provider deadline survives the policy's refreshes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casemanager.services.cases import case_detail, case_list
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.deadlines import refresh_case
from casemanager.services.orders import disputes, importing, lookup
from casemanager.store.models import Case, ProviderDeadline
from tests.cli_helpers import run_cli

SAMPLES = Path(__file__).parent / "samples"


def test_stripe_dispute_case_keeps_its_evidence_due_deadline(ctx, clock):
    """The chargeback's evidence-due instant is the case's deadline, and stays after a refresh."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    (line_id,) = disputes.open_disputes(ctx)
    number = disputes.case_from_dispute(ctx, line_id)
    case = Case.get(Case.number == number)
    assert case.reason == "fraud"
    assert case.reported_at == dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)
    (due,) = disputes.provider_deadlines(ctx, number)
    assert due.name == "provider_evidence_due"
    assert due.due_at == dt.datetime(2026, 3, 15, 23, 59, 59, tzinfo=dt.UTC)
    assert not due.overdue
    with ctx.transaction():
        refresh_case(case)
    assert ProviderDeadline.select().count() == 1
    clock.advance(dt.timedelta(days=4))
    assert disputes.provider_deadlines(ctx, number)[0].overdue


def test_a_payment_without_dispute_is_refused(ctx):
    """Asking for a dispute case of an undisputed payment says so and records nothing."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    (plain,) = lookup.find_orders(ctx, "WEB-7002")
    with pytest.raises(disputes.NotADispute):
        disputes.case_from_dispute(ctx, plain.id)
    assert Case.select().count() == 0


def test_dispute_case_from_the_command_line(capsys, ctx, db_path):
    """`orders dispute-case` records the chargeback and prints its evidence-due instant."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    code, out, err = run_cli(capsys, "orders", "dispute-case", "WEB-7001", "--db", str(db_path))
    assert code == 0, err
    assert "evidence due to Stripe by 2026-03-15 23:59Z" in out
    code, _, err = run_cli(capsys, "orders", "dispute-case", "WEB-7002", "--db", str(db_path))
    assert code == 2 and "no imported payment 'WEB-7002' with a dispute" in err


def test_dispute_deadline_is_the_next_due_once_it_comes_first(ctx, clock):
    """The case list sorts a chargeback by its evidence-due instant once it is the soonest duty."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    (line_id,) = disputes.open_disputes(ctx)
    number = disputes.case_from_dispute(ctx, line_id)
    evidence_due = dt.datetime(2026, 3, 15, 23, 59, 59, tzinfo=dt.UTC)
    case = Case.get(Case.number == number)
    assert case.next_due_at < evidence_due  # the law's 48-hour acknowledgement comes first
    transitions.transition(ctx, number, "acknowledge")
    case = Case.get(Case.number == number)
    assert (case.next_due_at, case.next_due_name) == (evidence_due, "provider_evidence_due")
    (row,) = case_list.page(ctx, case_list.CaseFilter(), sort="due")
    assert row.next_due_at == evidence_due and row.next_due_name == "provider_evidence_due"


def test_case_view_lists_the_providers_deadline_with_a_countdown(ctx, clock):
    """The case's deadlines show Stripe's evidence-due, marked as the provider's, counting down."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    (line_id,) = disputes.open_disputes(ctx)
    number = disputes.case_from_dispute(ctx, line_id)
    view = case_detail.overview(ctx, number)
    (due,) = [d for d in view.deadlines if d.name == "provider_evidence_due"]
    assert due.label == "Dispute evidence due to the payment provider (Stripe)"
    assert due.set_by == "the payment provider (Stripe)" and due.is_running
    assert due.due_at == dt.datetime(2026, 3, 15, 23, 59, 59, tzinfo=dt.UTC)
    assert [d.due_at for d in view.deadlines] == sorted(d.due_at for d in view.deadlines)
