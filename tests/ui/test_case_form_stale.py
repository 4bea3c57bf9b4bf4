"""Two seats editing one case in forms: the later save never silently undoes the earlier."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.models import Case
from tests.conftest import NOW
from tests.factories import new_case
from ui.case_form.dialog import CaseFormDialog


@pytest.fixture(autouse=True)
def _answers(monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("name misspelt", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def seat2(db_spec, tmp_path):
    from casemanager.clock import FixedClock

    other = AppContext.open(db_spec, clock=FixedClock(NOW), actor="Meera", backups=tmp_path)
    yield other
    other.close()


def _open_then_other_seat_saves(qtbot, ctx, seat2) -> tuple[CaseFormDialog, str]:
    number = records.create_case(ctx, new_case()).number
    form = CaseFormDialog(ctx, number)
    qtbot.addWidget(form)
    form.show()
    records.update_case(seat2, number, new_case(description="Customer called: key fails"), "call")
    form.fields.name.clear()
    qtbot.keyClicks(form.fields.name, "Priya Sharma-Rao")
    return form, number


def _stored(ctx, number: str) -> tuple[str, str]:
    case = Case.get(Case.number == number)
    return case.customer.name, case.description


def test_stale_save_is_refused_saying_who_changed_what(qtbot, ctx, seat2):
    """A form opened before another seat saved: its save is refused, naming who changed
    which field; the other seat's change is kept and nothing typed is lost."""
    form, number = _open_then_other_seat_saves(qtbot, ctx, seat2)
    with qtbot.assertNotEmitted(form.case_saved):
        assert form.save() is False
    assert form.stale.isVisible()
    said = form.stale.text.text()
    assert "Meera" in said and "description" in said and number in said
    assert _stored(ctx, number) == ("Priya Sharma", "Customer called: key fails")
    assert form.fields.name.text() == "Priya Sharma-Rao"


def test_reload_shows_the_other_change_and_then_saves_on_it(qtbot, ctx, seat2):
    """Reload: the form shows the other seat's change; an edit after it saves both."""
    form, number = _open_then_other_seat_saves(qtbot, ctx, seat2)
    assert form.save() is False
    qtbot.mouseClick(form.stale.reload, Qt.MouseButton.LeftButton)
    assert not form.stale.isVisible()
    assert form.fields.description.toPlainText() == "Customer called: key fails"
    assert form.fields.name.text() == "Priya Sharma"
    form.fields.name.clear()
    qtbot.keyClicks(form.fields.name, "Priya Sharma-Rao")
    with qtbot.waitSignal(form.case_saved):
        assert form.save() is True
    assert _stored(ctx, number) == ("Priya Sharma-Rao", "Customer called: key fails")


def test_keep_my_values_saves_the_form_over_the_other_change(qtbot, ctx, seat2):
    """Keep my values: what the form shows is saved, on the version now stored."""
    form, number = _open_then_other_seat_saves(qtbot, ctx, seat2)
    assert form.save() is False
    with qtbot.waitSignal(form.case_saved):
        qtbot.mouseClick(form.stale.keep, Qt.MouseButton.LeftButton)
    assert _stored(ctx, number) == ("Priya Sharma-Rao", "")
