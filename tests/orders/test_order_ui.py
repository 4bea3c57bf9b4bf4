"""The case form offers imported orders and fills from one; File ▸ Import Orders previews first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from casemanager.services.cases import drafts, records
from casemanager.services.orders import importing
from casemanager.store.models import ImportedOrder
from ui.case_form.dialog import CaseFormDialog
from ui.orders import form_fill
from ui.orders.import_dialog import OrderImportDialog

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def test_typing_an_email_offers_orders_and_choosing_one_fills_the_form(qtbot, ctx):
    """Typing 'asha' offers her orders; choosing one fills the order fields, marked, editable."""
    importing.import_orders(ctx, SAMPLES / "shopify_orders.csv")
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    f = form.fields
    qtbot.keyClicks(f.order_search, "asha")
    suggester = f.order_search.completer().parent()
    labels = suggester.model.stringList()
    assert len(labels) == 2 and all(label.startswith("#1001 · asha.rao@") for label in labels)
    suggester.completer.activated.emit(labels[0])
    assert f.name.text() == "Asha Rao" and f.email.text() == "asha.rao@example.in"
    assert f.order_ref.text() == "#1001"
    assert f.product.text() == "Photo Suite Pro licence key"
    assert f.kind.currentData() == "license_key" and f.third_party.isChecked()
    assert (f.amount.text(), f.currency.currentText()) == ("999.00", "INR")
    assert f.dates["purchased_at"].value() == dt.datetime(2026, 2, 20, 14, 5)  # IST wall time
    assert f.dates["delivered_at"].value() == dt.datetime(2026, 2, 20, 14, 6)
    assert {"customer_name", "order_ref", "amount", "purchased_at"} <= form_fill.marked(f)
    assert "Filled from order #1001" in f.order_source.text()
    qtbot.keyClicks(f.amount, "1")  # still editable; the edited field loses its mark
    assert f.amount.text() == "999.001" and "amount" not in form_fill.marked(f)


def test_filled_form_saves_the_case_typed_by_hand(qtbot, ctx):
    """A case saved from a filled form equals the same case typed field by field."""
    importing.import_orders(ctx, SAMPLES / "gumroad_sales.csv")
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    f = form.fields
    line = ImportedOrder.get(ImportedOrder.line_id == "gmr_aa11")
    f.fill_from_order(line.id)
    assert f.license.echoMode() == QLineEdit.EchoMode.Password  # the key is masked
    f.reason.setCurrentIndex(f.reason.findData("invalid_code"))
    f.dates["reported_at"].edit.setText("2026-03-01 10:00")
    with qtbot.waitSignal(form.case_saved) as saved:
        assert form.save()
    stored = drafts.draft_of(ctx, saved.args[0], zone="Asia/Kolkata")
    assert stored.license_code == "BRSH-8821-QQ71-ZZ09"
    assert stored.amount == "25.00" and stored.currency == "USD"
    assert stored.purchased_at == dt.datetime(2026, 2, 12, 21, 50)  # 16:20 UTC in IST
    assert [r.number for r in records.list_cases(ctx)] == [saved.args[0]]


def test_import_dialog_previews_then_imports_in_the_background(qtbot, ctx):
    """The dialog shows what a file adds before writing anything, then imports it."""
    dialog = OrderImportDialog(ctx, SAMPLES / "razorpay_payments.csv")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "to add: 2" in dialog.summary.text() and ImportedOrder.select().count() == 0
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    assert "added: 2" in dialog.summary.text()
    assert ImportedOrder.get(ImportedOrder.line_id == "pay_Q7e8f9").amount == Decimal("1250.50")


def test_import_dialog_shows_a_bad_file_and_writes_nothing(qtbot, ctx, tmp_path):
    """A file with a bad cell is named with its line and column in the dialog."""
    bad = tmp_path / "bad.csv"
    bad.write_text((SAMPLES / "razorpay_payments.csv").read_text().replace("49900", "4x9"))
    dialog = OrderImportDialog(ctx, bad)
    qtbot.addWidget(dialog)
    dialog.start_preview()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=5000)
    assert "line 2, column 'amount'" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
