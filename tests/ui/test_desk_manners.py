"""Edit ▸ Undo, Help, the Settings key, the sidebar, focus after dialogs and file dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from casemanager.domain import CaseStatus
from casemanager.services.admin import integrity
from casemanager.services.cases.case_list import CaseFilter
from casemanager.store.models import AuditEvent, Case
from tests.letters import helpers
from ui import file_dialogs
from ui.case_view import CaseView
from ui.case_view.actions import SHORTCUTS
from ui.main_window import MainWindow
from ui.workers import wait_for_all


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx, welcome=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=2000)
    yield win
    wait_for_all()


def _reject_in(qtbot, view: CaseView) -> None:
    dialog = view.trigger("decide")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("rejected"))
    for cid, _title in dialog.proposal.rejection_choices:
        dialog.check_clause(cid, cid == "3.1")
    dialog.explanation.setPlainText("Reported after the report window.")
    if dialog.finding.isEnabled():
        dialog.finding.setPlainText("The purchase was 8 days before the report.")
    with qtbot.waitSignal(view.case_changed, timeout=3000):
        dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()


def test_ctrl_z_undoes_a_rejection_and_names_it_in_the_menu(qtbot, window, ctx):
    """After rejecting, Edit ▸ Undo names the decision; Ctrl+Z puts the review back."""
    case = helpers.under_review(ctx)
    view = window.open_case(case.number)
    assert not window.undo_action.isEnabled()
    _reject_in(qtbot, view)
    assert "Rejected" in view.header.text()
    assert window.undo_action.text() == f"&Undo decision (rejected) on {case.number}"
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Case.get_by_id(case.id).status == CaseStatus.UNDER_REVIEW
    assert "Under review" in view.header.text()
    assert "Request the missing evidence" in view.next_label.text()  # the review again
    assert not window.undo_action.isEnabled()
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert last.kind == "undone" and last.data["undone_kind"] == "decided"
    assert integrity.verify(ctx).ok
    assert "Undone: decision (rejected)" in window.statusBar().currentMessage()


def test_undo_after_a_letter_is_not_offered(qtbot, window, ctx):
    """Once the rejection letter is issued, Undo is disabled: a correction is a new letter."""
    case = helpers.under_review(ctx)
    view = window.open_case(case.number)
    _reject_in(qtbot, view)
    assert window.undo_action.isEnabled()
    from casemanager.services.letters import issuing

    issuing.issue(ctx, case.number, "rejection")
    window.menuBar().actions()[1].menu().aboutToShow.emit()
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "&Undo"


def test_closing_a_case_says_first_that_it_is_final(qtbot, ctx):
    """The Close dialog warns that closing cannot be undone before OK."""
    case = helpers.rejected(ctx)
    from casemanager.services.letters import issuing

    issuing.issue(ctx, case.number, "rejection")
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    dialog = view.trigger("close")
    assert dialog.intro.isVisible() and "cannot be reopened or undone" in dialog.intro.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Close case"
    dialog.reject()


def test_keyboard_shortcuts_are_read_from_the_actions(qtbot, window, ctx):
    """Help ▸ Keyboard Shortcuts lists every menu key and the case actions' keys."""
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    for action in (window.new_action, window.undo_action, window.settings_action):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        name = action.text().replace("&", "").rstrip("…")
        assert any(keys == r[2] and r[1] == name for r in rows), (name, keys)
    case_rows = {r[1]: r[2] for r in rows if r[0] == "Case ▸ Actions"}
    assert case_rows["Acknowledge receipt"] == QKeySequence(SHORTCUTS["acknowledge"]).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    window.new_action.setShortcut(QKeySequence("Ctrl+Alt+N"))  # a changed key shows at once
    assert ("File", "New Case", "Ctrl+Alt+N") in window.shortcut_rows()
    dialog.reject()


def test_the_user_guide_opens_inside_the_app(qtbot, window):
    """Help ▸ User Guide explains the deadlines and the way from receipt to appeal."""
    dialog = window.show_guide()
    text = dialog.browser.toPlainText()
    for words in ("Acknowledge by", "Appeal by", "Refund by", "From receipt to appeal"):
        assert words in text
    dialog.reject()


def test_settings_open_on_ctrl_comma(qtbot, window):
    """Ctrl+, (the platform's Preferences key where it has one) opens Settings."""
    platform = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    expected = platform[0] if platform else QKeySequence("Ctrl+,")
    assert window.settings_action.shortcut() == expected
    assert not window.settings_action.shortcut().isEmpty()


def test_the_sidebar_highlights_what_a_dashboard_click_shows(qtbot, window):
    """A dashboard 'overdue' bar highlights Overdue; a status bar highlights no saved view."""
    window.show_dashboard()
    assert window.sidebar.currentItem() is None or not window.sidebar.selectedItems()
    window.show_filter(CaseFilter(view="open", due="overdue"))
    assert window.sidebar.currentItem().text().startswith("Overdue")
    window.show_filter(CaseFilter(view="open", status="rejected"))
    assert not window.sidebar.selectedItems()
    window.show_filter(CaseFilter(view="closed"))
    assert window.sidebar.currentItem().text().startswith("Closed")


def test_shortcuts_work_again_as_soon_as_a_dialog_closes(qtbot, window, ctx):
    """After OK on Acknowledge (its button now gone) the keyboard is back on the case, not
    on a stray button such as Withdraw, and Ctrl+Shift+R starts the review at once."""
    case = helpers.received(ctx)
    view = window.open_case(case.number)
    button = view.buttons["acknowledge"]
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    dialog = view.trigger("acknowledge")
    qtbot.waitUntil(dialog.isVisible)
    with qtbot.waitSignal(view.case_changed, timeout=3000):
        dialog.accept()
    assert not button.isVisible()
    assert QApplication.focusWidget() is view
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, keys)
    assert view.active_dialog.windowTitle() == "Start review" and view.active_dialog.isVisible()
    view.active_dialog.reject()


def test_file_dialogs_start_in_documents_then_in_the_last_folder(qtbot, monkeypatch, tmp_path):
    """The first picker opens in Documents, the next where the last file was chosen."""
    QSettings().remove(file_dialogs.LAST_FOLDER_KEY)
    seen: list[str] = []
    chosen = tmp_path / "claims" / "receipt.pdf"
    chosen.parent.mkdir()
    chosen.write_bytes(b"%PDF-1.4")

    def fake(_parent, _title, start, _filters=""):
        seen.append(start)
        return [str(chosen)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake)
    assert file_dialogs.open_files(None, "Add evidence") == [str(chosen)]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _t, start, _f="": (start, ""))
    saved = file_dialogs.save_file(None, "Save a copy", "copy.png")
    assert seen[0] == file_dialogs.documents_folder()
    assert Path(seen[0]).resolve() != Path.cwd().resolve() or Path.cwd() == Path.home()
    assert saved == str(chosen.parent / "copy.png")


def test_layouts_are_kept_per_screen_size(qtbot, monkeypatch):
    """A layout left on a large monitor does not come back on a laptop's screen."""
    from PySide6.QtCore import QByteArray

    from ui import layout_memory

    widget = QWidget()
    qtbot.addWidget(widget)
    monkeypatch.setattr(layout_memory, "screen_size", lambda _w=None: "1920x1080")
    layout_memory.save("test/split", widget, QByteArray(b"wide"))
    assert layout_memory.restore("test/split", widget) == QByteArray(b"wide")
    monkeypatch.setattr(layout_memory, "screen_size", lambda _w=None: "1280x800")
    assert layout_memory.restore("test/split", widget) is None
    layout_memory.save("test/split", widget, QByteArray(b"narrow"))
    monkeypatch.setattr(layout_memory, "screen_size", lambda _w=None: "1920x1080")
    assert layout_memory.restore("test/split", widget) == QByteArray(b"wide")


def test_a_corrected_event_date_can_be_undone_from_the_case(qtbot, window, ctx):
    """Correcting the acknowledgement's date offers its undo, which restores the old date."""
    import datetime as dt

    from tests.factories import IST

    case = helpers.under_review(ctx)
    view = window.open_case(case.number)
    before = Case.get_by_id(case.id).acknowledged_at
    dialog = view.correct_event_date()
    dialog.event.setCurrentIndex(dialog.event.findData("acknowledged_at"))
    dialog.when.set_instant(dt.datetime(2026, 3, 10, 11, 0, tzinfo=IST))
    dialog.note.setPlainText("the first reply bounced")
    dialog.accept()
    assert Case.get_by_id(case.id).acknowledged_at != before
    assert window.undo_action.text() == f"&Undo date correction on {case.number}"
    window.undo_last()
    assert Case.get_by_id(case.id).acknowledged_at == before


def test_the_sidebar_never_cuts_a_count_short(qtbot, window):
    """At 300,000 cases the panel showed "Awaiting customer  (12…": the counts of a large
    shop are the longest lines, and the splitter's remembered width was narrower."""
    window.splitter.setSizes([120, 1000])
    panel = window.sidebar
    panel.set_counts({view: 1_234_567 for view in ("open", "awaiting_customer", "appeals")})
    qtbot.waitUntil(lambda: panel.width() >= panel.minimumWidth())
    room = panel.viewport().width()
    widths = [panel.visualItemRect(panel.item(i)).width() for i in range(panel.count())]
    texts = [
        panel.fontMetrics().horizontalAdvance(panel.item(i).text()) for i in range(panel.count())
    ]
    assert all(text < room for text in texts), (texts, room)
    assert min(widths) >= max(texts)
