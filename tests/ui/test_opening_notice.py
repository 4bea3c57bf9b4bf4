"""The notice over a long open: its step and time, nothing for a quick one, errors kept."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from casemanager.errors import DomainError
from casemanager.services.cases import case_list, records
from casemanager.services.context import OPENING_STEPS, AppContext
from casemanager.services.files import backups
from casemanager.store import shutdown
from casemanager.store.models import Deadline
from tests.binding import bind_for_test
from tests.factories import left_unclean, new_case
from ui import app as app_module
from ui.opening_notice import OpeningNotice, open_with_notice

pytestmark = pytest.mark.sqlite_only(reason="the desktop window runs its tests on SQLite")


def _notices() -> list[OpeningNotice]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, OpeningNotice)]


class _Shown(QObject):
    """Counts notices shown, wherever and however briefly."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Show and isinstance(obj, OpeningNotice):
            self.count += 1
        return False


def test_a_long_open_shows_its_step_and_the_time_so_far(qtbot):
    """A minutes-long upgrade showed nothing at all until the main window."""
    seen: list[tuple[str, str]] = []
    go_on = threading.Event()

    def look() -> None:
        shown = [n for n in _notices() if n.isVisible()]
        if shown and shown[0].step.text() == "Upgrading…":
            seen.append((shown[0].step.text(), shown[0].clock.text()))
            shown[0].close()  # the user tries to close it: the open goes on
            seen.append(("still visible", str(shown[0].isVisible())))
            go_on.set()
        else:
            QTimer.singleShot(20, look)

    def opening(on_step):
        on_step("Upgrading…")
        assert go_on.wait(20), "the notice never showed the step"
        return "the context"

    QTimer.singleShot(0, look)
    assert open_with_notice(opening, "cases.sqlite3", show_after_ms=0) == "the context"
    assert seen[0][0] == "Upgrading…" and seen[0][1].endswith("so far")
    assert seen[1] == ("still visible", "True")
    assert not any(n.isVisible() for n in _notices())


def test_a_quick_open_shows_no_notice(qtbot):
    """Every start flashed a window over a file that opens in milliseconds."""
    spy = _Shown()
    QApplication.instance().installEventFilter(spy)
    try:
        assert open_with_notice(lambda on_step: 7, "cases.sqlite3") == 7
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.count == 0


def test_what_the_open_raised_is_raised_on_the_gui_thread(qtbot):
    """A damaged or unreachable database was lost in the opening thread: no dialog came."""

    def opening(on_step):
        raise DomainError("the server is unreachable")

    with pytest.raises(DomainError, match="unreachable"):
        open_with_notice(opening, "shop on db.example")


def test_the_window_opens_an_upgraded_file_and_reads_it_on_the_gui_thread(ctx, db_path, qtbot):
    """Opened on another thread, the context had no connection for the window to use."""
    records.create_case(ctx, new_case())
    with ctx.transaction():
        Deadline.update(reminds=None).execute()
    ctx.close()
    opened = app_module._open("cases.sqlite3", str(db_path))
    try:
        assert case_list.count(opened, case_list.CaseFilter(view="all")) == 1
        with bind_for_test(opened):
            assert not Deadline.select().where(Deadline.reminds.is_null()).exists()
    finally:
        opened.close()


def test_the_check_after_a_crash_can_be_stopped_and_is_done_again_next_time(ctx, db_path, qtbot):
    """A whole-file check of a million cases ran for tens of minutes with no way out but
    killing the program. Its notice's button stops SQLite's check; the crash signs stay."""
    records.create_case(ctx, new_case())
    ctx.close()
    left_unclean(db_path)
    stop = backups.CheckStop()
    clicked = threading.Event()

    def click_when_shown() -> None:
        shown = [n for n in _notices() if n.isVisible() and n.stop_button.isVisible()]
        if shown:
            qtbot.mouseClick(shown[0].stop_button, Qt.MouseButton.LeftButton)
            clicked.set()
        else:
            QTimer.singleShot(20, click_when_shown)

    def opening(on_step):
        def step(sentence: str) -> None:
            on_step(sentence)
            if sentence == OPENING_STEPS["check"]:  # the check waits for the user's click
                assert clicked.wait(20), "the notice never offered to stop the check"

        return AppContext.open(str(db_path), on_step=step, stop=stop)

    QTimer.singleShot(0, click_when_shown)
    with pytest.raises(backups.CheckStopped):
        open_with_notice(opening, "cases.sqlite3", show_after_ms=0, stop=stop)
    assert stop.requested
    assert shutdown.unclean_signs(db_path) is not None  # the next start checks again


def test_only_the_check_offers_to_stop(qtbot):
    """An upgrade stopped halfway is no option: the button is for the check alone."""
    notice = OpeningNotice("cases.sqlite3", backups.CheckStop())
    qtbot.addWidget(notice)
    notice.show()
    notice.show_step(OPENING_STEPS["migrate"])
    assert not notice.stop_button.isVisible()
    notice.show_step(OPENING_STEPS["check"])
    assert notice.stop_button.isVisible()
    unstoppable = OpeningNotice("cases.sqlite3")
    qtbot.addWidget(unstoppable)
    unstoppable.show()
    unstoppable.show_step(OPENING_STEPS["check"])
    assert not unstoppable.stop_button.isVisible()
    notice.finish()
    unstoppable.finish()


def test_a_stopped_check_quits_without_a_dialog(qtbot, tmp_path, monkeypatch):
    """Stopping the check is the user's choice, not a failure to report."""
    from PySide6.QtWidgets import QMessageBox

    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: boxes.append(args[2]))

    def stopped(*_args, **_kwargs):
        raise backups.CheckStopped("the database check was stopped before its end")

    monkeypatch.setattr(app_module, "_open", stopped)
    assert app_module.run(str(tmp_path / "cases.sqlite3")) == 0
    assert boxes == []
