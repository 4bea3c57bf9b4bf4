"""PayPal's and Razorpay's disputes become cases whose evidence-due counts down and can be met."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casemanager.exchange.orders import OrderFileError
from casemanager.services.cases import case_detail
from casemanager.services.lifecycle import transitions, undo
from casemanager.services.orders import disputes, importing
from casemanager.store.models import AuditEvent, Case, ImportedOrder, ProviderDeadline
from tests.cli_helpers import run_cli
from tests.orders import dispute_samples as samples

SAMPLES = Path(__file__).parent / "samples"


def _provider_row(ctx, number: str) -> case_detail.DeadlineView:
    (row,) = [d for d in case_detail.overview(ctx, number).deadlines if d.provider]
    return row


def _paypal_case(ctx, tmp_path: Path) -> str:
    importing.import_orders(ctx, samples.paypal_activity(tmp_path))
    (line_id,) = disputes.open_disputes(ctx)
    return disputes.case_from_dispute(ctx, line_id)


def test_paypal_chargeback_in_a_pdt_file_gets_the_published_window(ctx, tmp_path):
    """A PayPal chargeback is the payment's dispute, due 10 days after it, said to be computed."""
    report = importing.import_orders(ctx, samples.paypal_activity(tmp_path))
    assert (report.added, report.skipped, report.disputes_attached) == (1, 1, 1)
    line = ImportedOrder.get(ImportedOrder.line_id == samples.PAYPAL_PAYMENT)
    assert line.purchased_at == samples.PAYPAL_PAID_AT  # 14:05 PST
    assert line.dispute_status == "open" and line.dispute_id == samples.PAYPAL_CHARGEBACK
    assert line.dispute_at == samples.PAYPAL_DISPUTED_AT  # 09:30 PDT
    assert line.evidence_due_at == samples.PAYPAL_DUE_AT
    number = disputes.case_from_dispute(ctx, line.id)
    case = Case.get(Case.number == number)
    assert case.reported_at == samples.PAYPAL_DISPUTED_AT
    assert "computed: PayPal asks the seller to respond" in case.description
    (due,) = disputes.provider_deadlines(ctx, number)
    assert due.due_at == samples.PAYPAL_DUE_AT and due.basis.startswith("computed")
    row = _provider_row(ctx, number)
    assert row.label == "Dispute evidence due to the payment provider (PayPal)"
    assert row.is_running and row.estimated
    assert any(x.startswith("How it was found: computed") for x in row.explanation)


def test_razorpay_disputes_export_gives_the_respond_by_instant(ctx, tmp_path):
    """Razorpay's respond_by (IST) is the evidence-due as given; an unknown payment is said."""
    importing.import_orders(ctx, SAMPLES / "razorpay_payments.csv")
    report = importing.import_orders(ctx, samples.razorpay_disputes(tmp_path))
    assert report.format == "razorpay_disputes"
    assert (report.added, report.disputes_attached, report.disputes_unmatched) == (0, 1, 1)
    (line_id,) = disputes.disputed_lines(ctx, samples.RAZORPAY_PAYMENT)
    number = disputes.case_from_dispute(ctx, line_id)
    case = Case.get(Case.number == number)
    assert case.reason == "unauthorized"
    assert case.reported_at == dt.datetime(2026, 3, 7, 5, 0, tzinfo=dt.UTC)
    assert samples.RAZORPAY_DISPUTE in case.description and "as given" in case.description
    row = _provider_row(ctx, number)
    assert row.due_at == samples.RAZORPAY_DUE_AT and not row.estimated
    assert row.label.endswith("(Razorpay)")


def test_disputes_before_their_payments_attach_once_the_payments_are_in(ctx, tmp_path):
    """A disputes file imported first finds no payment; imported again after them, it attaches."""
    path = samples.razorpay_disputes(tmp_path)
    first = importing.import_orders(ctx, path)
    assert (first.disputes_attached, first.disputes_unmatched) == (0, 2)
    importing.import_orders(ctx, SAMPLES / "razorpay_payments.csv")
    assert importing.import_orders(ctx, path).disputes_attached == 1


def test_reimporting_dispute_files_adds_and_changes_nothing(ctx, tmp_path):
    """The same PayPal and Razorpay files again: nothing added, changed or attached twice."""
    paypal = samples.paypal_activity(tmp_path)
    importing.import_orders(ctx, SAMPLES / "razorpay_payments.csv")
    importing.import_orders(ctx, paypal)
    importing.import_orders(ctx, samples.razorpay_disputes(tmp_path))
    for path in (paypal, samples.razorpay_disputes(tmp_path), SAMPLES / "razorpay_payments.csv"):
        again = importing.import_orders(ctx, path)
        assert (again.added, again.changed, again.disputes_attached) == (0, 0, 0), path.name
    assert ImportedOrder.select().where(ImportedOrder.dispute_status != "").count() == 2
    number = disputes.case_from_dispute(ctx, disputes.disputed_lines(ctx, "INV-900")[0])
    with pytest.raises(disputes.AlreadyACase, match=f"already case {number}"):
        disputes.case_from_dispute(ctx, disputes.disputed_lines(ctx, "INV-900")[0])
    assert ProviderDeadline.select().count() == 1


def test_preview_counts_a_dispute_of_a_payment_in_the_same_file(ctx, tmp_path):
    """The preview says the chargeback will be recorded although its payment is not stored yet."""
    preview = importing.preview_import(ctx, samples.paypal_activity(tmp_path))
    assert (preview.added, preview.disputes_attached, preview.disputes_unmatched) == (1, 1, 0)
    assert ImportedOrder.select().count() == 0


def test_a_bad_respond_by_names_its_line_and_column(ctx, tmp_path):
    """An unreadable respond_by stops the import at its cell; nothing is written."""
    importing.import_orders(ctx, SAMPLES / "razorpay_payments.csv")
    path = samples.razorpay_disputes(tmp_path, respond_by="next week")
    with pytest.raises(OrderFileError, match="line 2, column 'respond_by'"):
        importing.import_orders(ctx, path)
    assert ImportedOrder.select().where(ImportedOrder.dispute_status != "").count() == 0


def test_evidence_sent_meets_the_deadline_and_next_due_moves_on(ctx, clock, tmp_path):
    """Recorded as sent, the evidence-due shows met (when, by whom) and no longer sorts the case."""
    number = _paypal_case(ctx, tmp_path)
    transitions.transition(ctx, number, "acknowledge")
    assert Case.get(Case.number == number).next_due_name == "provider_evidence_due"
    clock.advance(dt.timedelta(hours=2))
    met = disputes.evidence_sent(ctx, number, note="delivery log and licence activation")
    assert met.met_at == clock.now() and met.met_by == "tester"
    case = Case.get(Case.number == number)
    assert case.next_due_name != "provider_evidence_due"
    row = _provider_row(ctx, number)
    assert row.state == "met" and not row.is_running
    assert row.state_text().startswith("met at ")
    assert any("Evidence sent to PayPal at" in x and "by tester" in x for x in row.explanation)
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.kind == "provider_evidence_sent" and event.data["late"] is False
    with pytest.raises(disputes.NoProviderDeadline):
        disputes.evidence_sent(ctx, number)


def test_a_passed_evidence_due_shows_missed_and_late_evidence_by_how_much(ctx, clock, tmp_path):
    """Past its due instant with nothing sent it is missed; sent late, missed by the delay."""
    number = _paypal_case(ctx, tmp_path)
    clock.set(samples.PAYPAL_DUE_AT + dt.timedelta(minutes=1))
    row = _provider_row(ctx, number)
    assert row.state == "missed" and row.state_text() == "missed: nothing sent by then"
    clock.advance(dt.timedelta(hours=3))
    disputes.evidence_sent(ctx, number)
    row = _provider_row(ctx, number)
    assert row.state == "missed" and row.state_text().startswith("missed by 3 h 1 min")


def test_evidence_sent_in_the_future_is_refused(ctx, clock, tmp_path):
    """A sending time after now, or an overlong note, is refused naming the field; nothing kept."""
    number = _paypal_case(ctx, tmp_path)
    with pytest.raises(disputes.DomainError, match="future") as caught:
        disputes.evidence_sent(ctx, number, clock.now() + dt.timedelta(hours=1))
    assert caught.value.field == "at"
    with pytest.raises(disputes.DomainError, match="at most 1,000 characters") as caught:
        disputes.evidence_sent(ctx, number, note="x" * 1001)
    assert caught.value.field == "note"
    assert ProviderDeadline.get().met_at is None


def test_undo_takes_the_evidence_sent_back(ctx, clock, tmp_path):
    """Undoing the step puts the evidence-due back to running and first in the case's next due."""
    number = _paypal_case(ctx, tmp_path)
    transitions.transition(ctx, number, "acknowledge")
    point = undo.checkpoint(ctx, number)
    disputes.evidence_sent(ctx, number)
    offer = undo.offer(ctx, point)
    assert offer is not None and offer.text.startswith("Undo evidence sent to the payment provider")
    assert undo.undo(ctx, offer).startswith("evidence sent")
    assert ProviderDeadline.get().met_at is None
    assert Case.get(Case.number == number).next_due_name == "provider_evidence_due"
    assert _provider_row(ctx, number).is_running


def test_disputes_on_the_command_line(capsys, ctx, db_path, tmp_path):
    """`orders import` says the disputes it recorded; `dispute-case` and `evidence-sent` follow."""
    db = ("--db", str(db_path))
    run_cli(capsys, "orders", "import", str(SAMPLES / "razorpay_payments.csv"), *db)
    code, out, err = run_cli(
        capsys, "orders", "import", str(samples.razorpay_disputes(tmp_path)), *db
    )
    assert code == 0, err
    assert "disputes recorded 1, disputes of payments not imported 1" in out
    assert f"dispute on order_Q1 (payment {samples.RAZORPAY_PAYMENT})" in out
    code, out, err = run_cli(capsys, "orders", "dispute-case", samples.RAZORPAY_PAYMENT, *db)
    assert code == 0, err
    assert "evidence due to Razorpay by 2026-03-13 12:30Z" in out
    number = out.split(":")[0]
    code, _, err = run_cli(capsys, "orders", "dispute-case", samples.RAZORPAY_PAYMENT, *db)
    assert code == 2 and f"already case {number}" in err
    code, out, err = run_cli(
        capsys, "orders", "evidence-sent", number, "--at", "2026-03-12T10:00:00+05:30", *db
    )
    assert code == 0, err
    assert "evidence sent to Razorpay at 2026-03-12 04:30Z (due 2026-03-13 12:30Z): met" in out
    code, _, err = run_cli(capsys, "orders", "evidence-sent", number, *db)
    assert code == 2 and "no payment provider's deadline still to meet" in err


def test_paypal_dispute_case_from_the_command_line_states_the_computed_window(
    capsys, ctx, db_path, tmp_path
):
    """`dispute-case` of a PayPal chargeback prints its due instant and how it was computed."""
    db = ("--db", str(db_path))
    run_cli(capsys, "orders", "import", str(samples.paypal_activity(tmp_path)), *db)
    code, out, err = run_cli(capsys, "orders", "dispute-case", "INV-900", *db)
    assert code == 0, err
    assert "evidence due to PayPal by 2026-03-19 16:30Z" in out
    assert "the activity download gives no respond-by date" in out
