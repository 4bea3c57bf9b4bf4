"""The case form: inline validation, nothing lost on error, the live assessment, the guard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from casemanager.services.cases import records
from tests.factories import new_case
from ui.case_form.dialog import CaseFormDialog


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):
    # Closing a dirty form at teardown would otherwise wait for an answer.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def _set_date(form: CaseFormDialog, name: str, when: dt.datetime) -> None:
    form.fields.dates[name].edit.setText(f"{when:%Y-%m-%d %H:%M}")


def test_case_is_created_after_correcting_invalid_input(qtbot, ctx):
    """Bad input is pointed out field by field, nothing typed is lost, and the fix saves."""
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    f = form.fields
    qtbot.keyClicks(f.email, "priya.example.in")
    qtbot.keyClicks(f.name, "Priya Sharma")
    qtbot.keyClicks(f.order_ref, "AM-2001")
    qtbot.keyClicks(f.product, "Quick Heal Total Security")
    qtbot.keyClicks(f.amount, "-5")
    f.reason.setCurrentIndex(f.reason.findData("invalid_code"))
    _set_date(form, "purchased_at", dt.datetime(2026, 3, 10, 10, 0))
    _set_date(form, "reported_at", dt.datetime(2026, 3, 9, 10, 0))
    with qtbot.assertNotEmitted(form.case_saved):
        assert form.save() is False
    assert records.list_cases(ctx) == []
    errors = {name: label.problem() for name, label in f.errors.items() if label.problem()}
    assert set(errors) == {"customer_email", "amount", "reported_at"}
    assert "e-mail" in errors["customer_email"] and "0 or more" in errors["amount"]
    assert f.email.text() == "priya.example.in" and f.name.text() == "Priya Sharma"
    assert "3 field(s)" in form.message.text()

    f.email.clear()
    qtbot.keyClicks(f.email, "priya@example.in")
    f.amount.setText("1299")
    _set_date(form, "reported_at", dt.datetime(2026, 3, 11, 9, 0))
    assert not any(label.problem() for label in f.errors.values())
    with qtbot.waitSignal(form.case_saved) as saved:
        assert form.save() is True
    (row,) = records.list_cases(ctx)
    assert row.number == saved.args[0] and row.customer == "Priya Sharma"
    assert row.reported_at == dt.datetime(2026, 3, 11, 3, 30, tzinfo=dt.UTC)  # 09:00 Kolkata


def test_assessment_panel_follows_the_typing(qtbot, ctx):
    """Choosing a reason fills the panel with a decision and the clause quoted."""
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    assert "Not assessed" in form.panel.decision.text()
    form.fields.amount.setText("100")
    form.fields.order_ref.setText("AM-1")
    _set_date(form, "purchased_at", dt.datetime(2026, 3, 10, 10, 0))
    form.fields.reason.setCurrentIndex(form.fields.reason.findData("invalid_code"))
    qtbot.waitUntil(lambda: "Not assessed" not in form.panel.decision.text(), timeout=2000)
    assert "Clause" in form.panel.clause.text() and "“" in form.panel.clause.text()
    assert "Report deadline" in form.panel.deadline.text()


def test_unsaved_changes_are_guarded(qtbot, ctx, monkeypatch):
    """Closing a form with typed changes asks first; Cancel keeps the form open."""
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    form.fields.name.setText("Someone")
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    form.close()
    assert asked and form.isVisible() and form.fields.name.text() == "Someone"


def test_edit_form_masks_the_licence_code_until_revealed(qtbot, ctx):
    """An existing case's code shows masked; Reveal shows it and logs the reveal."""
    number = records.create_case(ctx, new_case()).number
    form = CaseFormDialog(ctx, number)
    qtbot.addWidget(form)
    assert form.fields.license.echoMode() != form.fields.license.EchoMode.Normal
    assert not form.is_dirty()
    form.reveal_license()
    assert form.fields.license.echoMode() == form.fields.license.EchoMode.Normal
    assert form.fields.license.text().endswith("81ZQ")
    assert form.fields.name.text() == "Priya Sharma" and form.windowTitle().endswith(number)
    assert form.fields.reason.currentData() == "invalid_code"
    assert form.fields.amount.text() == "1299.00"
    assert form.fields.policy.currentData() == "antimart"
