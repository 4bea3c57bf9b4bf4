"""In the case view of a dispute, "Evidence sent to PayPal…" meets the provider's deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casemanager.services.orders import disputes, importing
from casemanager.store.models import Case, ProviderDeadline
from tests.orders import dispute_samples as samples
from ui.case_view.deadline_model import COL_COUNTDOWN, COL_STATE
from ui.case_view.view import CaseView
from ui.main_window import MainWindow
from ui.orders.import_dialog import OrderImportDialog


def _provider_row(view: CaseView) -> int:
    model = view.deadlines.model
    return next(r for r in range(model.rowCount()) if model.row_at(r).provider)


def _cell(view: CaseView, row: int, col: int) -> str:
    model = view.deadlines.model
    return model.data(model.index(row, col))


def test_evidence_sent_from_the_case_view_meets_the_countdown(qtbot, ctx, clock, tmp_path):
    """The PayPal dispute's countdown runs; recording the evidence sent shows it met, undoable."""
    importing.import_orders(ctx, samples.paypal_activity(tmp_path))
    (line_id,) = disputes.open_disputes(ctx)
    number = disputes.case_from_dispute(ctx, line_id)
    view = CaseView(ctx, number)
    qtbot.addWidget(view)
    view.show()
    row = _provider_row(view)
    assert _cell(view, row, COL_COUNTDOWN) == "7 days 10 h left"  # to 03-19 16:30 UTC
    assert view.evidence_sent_button.isVisible()
    assert view.evidence_sent_button.text() == "Evidence sent to PayPal…"
    clock.advance(dt.timedelta(hours=1))
    view.evidence_sent_button.click()
    dialog = view.active_dialog
    assert dialog.isVisible() and "PayPal wants the dispute evidence by" in dialog.intro.text()
    dialog.note.setPlainText("Download log and activation record")
    with qtbot.waitSignal(view.undo_offered, timeout=2000) as offered:
        dialog.accept()
    assert not dialog.isVisible()
    assert offered.args[0].text.startswith("Undo evidence sent to the payment provider")
    row = _provider_row(view)
    assert _cell(view, row, COL_STATE).startswith("met at ")
    assert _cell(view, row, COL_COUNTDOWN) == "—"
    assert not view.evidence_sent_button.isVisible()
    assert ProviderDeadline.get().met_by == "tester"


def test_a_sending_time_in_the_future_is_refused_in_the_dialog(qtbot, ctx, clock, tmp_path):
    """A 'Sent at' after now keeps the dialog open with the reason; nothing is recorded."""
    importing.import_orders(ctx, samples.paypal_activity(tmp_path))
    (line_id,) = disputes.open_disputes(ctx)
    view = CaseView(ctx, disputes.case_from_dispute(ctx, line_id))
    qtbot.addWidget(view)
    view.show()
    dialog = view.record_evidence_sent()
    dialog.sent_at.set_instant(clock.now() + dt.timedelta(days=1))
    dialog.accept()
    assert dialog.isVisible() and "future" in dialog.error.text()
    assert ProviderDeadline.get().met_at is None
    dialog.reject()


def test_case_from_a_razorpay_dispute_in_the_orders_view(qtbot, ctx, tmp_path):
    """Find Orders offers "Case from this dispute" for a payment Razorpay's export disputes."""
    importing.import_orders(ctx, Path(__file__).parent / "samples" / "razorpay_payments.csv")
    importing.import_orders(ctx, samples.razorpay_disputes(tmp_path))
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    view = window.show_orders()
    view.search.setText("order_Q1")
    assert view.dispute_button.isEnabled()
    view.dispute_button.click()
    (case,) = Case.select()
    assert ProviderDeadline.get().due_at == samples.RAZORPAY_DUE_AT
    assert window.tabs.currentWidget().property("case_number") == case.number


def test_import_dialog_imports_a_disputes_export_that_adds_no_order(qtbot, ctx, tmp_path):
    """A Razorpay disputes file adds no order, yet its preview offers Import and names them."""
    importing.import_orders(ctx, Path(__file__).parent / "samples" / "razorpay_payments.csv")
    dialog = OrderImportDialog(ctx, samples.razorpay_disputes(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "Disputes to record on payments: 1; of payments not imported: 1" in dialog.summary.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    assert "Disputes recorded on payments: 1" in dialog.summary.text()
    assert disputes.disputed_lines(ctx, samples.RAZORPAY_PAYMENT)
