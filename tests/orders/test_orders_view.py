"""The column-mapping dialog for unknown exports and the orders view with its case buttons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from casemanager.services.orders import importing, mappings
from casemanager.store.models import Case, ImportedOrder, ProviderDeadline, Setting
from ui.main_window import MainWindow
from ui.orders.import_dialog import OrderImportDialog
from ui.orders.mapping_dialog import ColumnMappingDialog, guess
from ui.orders.orders_view import OrdersDialog

SAMPLES = Path(__file__).parent / "samples"
SHOP_CSV = (
    "Ref;Buyer;Mail;Item;Paid;When\n"
    "A-1;Kim Lee;kim@example.com;Theme key;12,50;01/02/2026 09:00\n"
    "A-2;Ola Berg;ola@example.com;Icon pack;5,00;02/02/2026 10:30\n"
)


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def test_unknown_file_offers_the_mapping_dialog_and_then_imports(qtbot, ctx, tmp_path):
    """An export no reader knows: Map columns…, save, and the preview reads it through the map."""
    path = tmp_path / "shop.csv"
    path.write_text(SHOP_CSV)
    dialog = OrderImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.map_button.isVisible(), timeout=5000)
    assert "not an order export" in dialog.message.text()
    dialog.map_button.click()
    mapping = dialog.mapping_dialog
    assert mapping.combos["order_id"].currentData() == "Ref"  # guessed from the names
    assert mapping.combos["customer_email"].currentData() == "Mail"
    assert mapping.values["amount"].text() == "e.g. 12,50 · 5,00"
    mapping.combos["purchased_at"].setCurrentIndex(mapping.combos["purchased_at"].findData("When"))
    assert not mapping.save()  # no currency anywhere yet
    assert "currency" in mapping.message.text()
    mapping.currency_default.setText("eur")
    mapping.day_first.setChecked(True)
    mapping.platform.setText("MyShop")
    assert mapping.save()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "to add: 2" in dialog.summary.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    row = ImportedOrder.get(ImportedOrder.order_id == "A-1")
    assert (row.amount, row.currency, row.platform) == (Decimal("12.50"), "EUR", "myshop")
    assert row.purchased_at.astimezone(dt.UTC).date() == dt.date(2026, 2, 1)  # day first


def test_a_saved_mapping_is_reused_for_the_next_file_with_those_columns(qtbot, ctx, tmp_path):
    """The second file with the same header previews at once, and the dialog reopens filled."""
    first, second = tmp_path / "jan.csv", tmp_path / "feb.csv"
    first.write_text(SHOP_CSV)
    second.write_text(SHOP_CSV.replace("A-2", "B-7"))
    header = mappings.file_header(first)
    mappings.save_mapping(
        ctx, header,
        {"order_id": "Ref", "product_name": "Item", "amount": "Paid", "purchased_at": "When",
         "currency_default": "SEK"},
    )  # fmt: skip
    assert Setting.select().where(Setting.key.startswith(mappings.PREFIX)).count() == 1
    dialog = OrderImportDialog(ctx, second)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    assert "Other CSV (column mapping)" in dialog.summary.text()
    assert dialog.map_button.isVisible()  # to correct the mapping
    reopened = ColumnMappingDialog(ctx, second)
    qtbot.addWidget(reopened)
    assert reopened.combos["amount"].currentData() == "Paid"
    assert reopened.currency_default.text() == "SEK"
    assert reopened.combos["customer_email"].currentData() == ""  # the saved map left it out


def test_guess_uses_each_column_once():
    """A first guess never maps two fields to one column."""
    chosen = guess(["Order Number", "Total", "Created", "Customer Name", "Email"])
    assert chosen["order_id"] == "Order Number" and chosen["amount"] == "Total"
    assert chosen["customer_name"] == "Customer Name" and chosen["customer_email"] == "Email"
    assert len(set(chosen.values())) == len(chosen)


def test_orders_view_finds_by_email_id_and_key_and_lists_the_orders_cases(qtbot, ctx):
    """Typing an e-mail, an order id or a full licence key finds the order line, key masked."""
    importing.import_orders(ctx, SAMPLES / "gumroad_sales.csv")
    importing.import_orders(ctx, SAMPLES / "shopify_orders.csv")
    view = OrdersDialog(ctx)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == ImportedOrder.select().count()
    view.search.setText("asha")
    assert {r.order_id for r in view.model.rows} == {"#1001"}
    view.search.setText("1001")
    assert {r.order_id for r in view.model.rows} == {"#1001"}
    view.search.setText("BRSH-8821-QQ71-ZZ09")
    (row,) = view.model.rows
    assert row.line_id == "gmr_aa11"
    shown = view.model.data(view.model.index(0, 6))
    assert "BRSH" not in shown and shown.endswith("ZZ09")
    assert "No case yet for order" in view.cases.text()
    view.search.setText("nobody@nowhere")
    assert view.model.rowCount() == 0 and not view.new_case_button.isEnabled()


def test_new_case_from_this_order_opens_the_filled_form(qtbot, ctx):
    """The button opens the case form filled from the order, ready to finish and save."""
    importing.import_orders(ctx, SAMPLES / "shopify_orders.csv")
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    view = window.show_orders()
    view.search.setText("asha")
    view.new_case_button.click()
    form = window.forms[-1]
    assert form.fields.order_ref.text() == "#1001"
    assert form.fields.email.text() == "asha.rao@example.in"
    assert "Filled from order #1001" in form.fields.order_source.text()


def test_case_from_a_dispute_in_the_orders_view(qtbot, ctx):
    """A disputed payment's button records the chargeback case and opens it."""
    importing.import_orders(ctx, SAMPLES / "stripe_payments.csv")
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    view = window.show_orders()
    view.search.setText("WEB-7002")
    assert not view.dispute_button.isEnabled()  # paid, no dispute
    view.search.setText("WEB-7001")
    assert view.dispute_button.isEnabled()
    view.dispute_button.click()
    (case,) = Case.select()
    assert ProviderDeadline.get().case_id == case.id
    assert window.tabs.currentWidget().property("case_number") == case.number
    assert case.number in view.cases.text()
