"""Tools ▸ Purge Removed Evidence… and the case view's "Correct an event date…"."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import NewEvidence
from casemanager.services.lifecycle import transitions
from casemanager.store.models import Blob
from tests.evidence import files
from tests.factories import new_case
from tests.lifecycle.walk import CN, antnum_case
from ui.case_view import CaseView
from ui.main_window import MainWindow
from ui.workers import wait_for_all

RECEIVED = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)
Yes, Cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel


def _removed_file(ctx) -> str:
    """A case whose one PDF was removed: its bytes are what a purge deletes."""
    number = records.create_case(ctx, new_case()).number
    (item,) = intake.add_evidence(
        ctx, number, [NewEvidence(files.PDF, "gone.pdf", "payment_proof", RECEIVED)]
    ).added
    intake.remove_evidence(ctx, item.id, "wrong customer")
    return item.sha256


def test_purge_asks_with_count_and_size_and_deletes_on_yes(qtbot, ctx):
    """The owner sees count, size and "cannot be undone"; only Delete frees the files."""
    sha = _removed_file(ctx)
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    assert window.tools.purge_action in window.tools.menu.actions()
    assert window.tools.purge_action.text() == "&Purge Removed Evidence…"

    box = window.tools.purge_removed_evidence()
    assert box.isVisible()
    assert (
        f"1 stored file(s) of removed evidence ({intake.human_size(len(files.PDF))})" in box.text()
    )
    assert "cannot be undone" in box.informativeText()
    assert box.defaultButton() is box.button(Cancel)
    box.button(Cancel).click()
    wait_for_all()
    assert Blob.get_or_none(Blob.sha256 == sha) is not None

    box = window.tools.purge_removed_evidence()
    box.button(Yes).click()
    qtbot.waitUntil(lambda: "Purged 1 stored file" in window.statusBar().currentMessage())
    assert Blob.get_or_none(Blob.sha256 == sha) is None
    assert window.tools.purge_action.isEnabled()

    box = window.tools.purge_removed_evidence()
    assert box.text().startswith("Nothing to purge") and box.button(Yes) is None
    box.accept()
    wait_for_all()


def _notified_case(ctx, clock) -> str:
    clock.set(dt.datetime(2026, 4, 3, 16, 30, tzinfo=CN).astimezone(dt.UTC))
    number = antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    ).number
    transitions.transition(ctx, number, "acknowledge")
    clock.set(dt.datetime(2026, 4, 9, 15, 0, tzinfo=CN).astimezone(dt.UTC))
    return number


def test_case_without_events_offers_no_correction(qtbot, ctx):
    """A case with nothing recorded yet has nothing to correct: the action is greyed out."""
    view = CaseView(ctx, records.create_case(ctx, new_case()).number)
    qtbot.addWidget(view)
    assert view.correct_action in view.menu.actions()
    assert not view.correct_action.isEnabled()
    assert view.correct_event_date() is None


def test_correct_event_dialog_needs_a_note_then_moves_the_deadline(qtbot, ctx, clock):
    """The owner picks a recorded event, sets its true time and says why; the deadline follows."""
    number = _notified_case(ctx, clock)
    view = CaseView(ctx, number)
    qtbot.addWidget(view)
    assert view.correct_action.isEnabled()
    view.correct_action.trigger()
    dialog = view.correct_dialog
    assert dialog is not None and dialog.isVisible()
    events = [dialog.event.itemData(i) for i in range(dialog.event.count())]
    assert events == ["acknowledged_at"]
    assert dialog.event.itemText(0) == "Acknowledged"
    acknowledged = dt.datetime(2026, 4, 3, 16, 30, tzinfo=CN)
    assert dialog.when.instant() == acknowledged

    corrected = dt.datetime(2026, 4, 8, 14, 0, tzinfo=CN)  # after acknowledge_by (04-08 13:00)
    dialog.when.set_instant(corrected)
    dialog.accept()  # no note yet
    assert dialog.isVisible() and dialog.error.isVisible() and "note" in dialog.error.text()
    assert transitions.get_case(ctx, number).acknowledged_at == acknowledged

    dialog.note.setPlainText("the acknowledgement mail went out late")
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.accept()
    assert not dialog.isVisible()
    assert transitions.get_case(ctx, number).acknowledged_at == corrected
    shown = next(d for d in view.view.deadlines if d.name == "acknowledge_by")
    assert shown.state == "missed"  # the view re-read the case
    table = view.history.table
    last = table.rowCount() - 1
    assert table.item(last, 2).text() == "Event corrected"
    assert "the acknowledgement mail went out late" in table.item(last, 3).text()
