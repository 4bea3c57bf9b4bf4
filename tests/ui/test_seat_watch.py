"""Two seats on one database: a window shows the other seat's change without a refresh."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from casemanager.services.admin import users
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from tests.factories import new_case
from ui.app import make_application
from ui.main_window import MainWindow
from ui.sign_in import REMEMBERED_KEY, SignInDialog, choose_user
from ui.workers import wait_for_all


def test_the_other_seats_new_case_and_presence_appear_at_the_next_look(qtbot, ctx, clock, tmp_path):
    """Bo saves a case at his seat; Asha's list shows it, and her open case names Bo."""
    make_application()
    first = records.create_case(ctx, new_case())
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    window.watch_other_seats()
    view = window.open_case(first.number)
    bo = AppContext.open(ctx.target.spec, clock=clock, actor="Bo Li", backups=tmp_path / "b")
    try:
        records.create_case(bo, new_case(customer_name="Wei Zhang", order_ref="AM-2002"))
        # The window looks once a second; one look is enough to notice and re-read.
        assert window.seat_watch.poll_timer.interval() <= 1000
        assert window.seat_watch.poll() is True
        qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 2, timeout=5000)
        from casemanager.services.admin import presence

        presence.announce(bo, "bo-seat", first.number)
        window.seat_watch.heartbeat()
        qtbot.waitUntil(lambda: view.presence.isVisibleTo(view), timeout=5000)
        assert "Bo Li" in view.presence.text()
    finally:
        window.seat_watch.stop()
        wait_for_all()
        bo.close()


def test_a_new_database_asks_the_name_once_and_one_person_is_not_asked(qtbot, ctx):
    """The first start names the person letters are signed by; later starts just open."""
    make_application()
    QSettings().remove(REMEMBERED_KEY)
    assert choose_user(ctx) is True  # nobody listed yet: the welcome dialog asks
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.names.setCurrentText("")
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "required" in dialog.error.text()
    dialog.names.setCurrentText("Asha Rao")
    dialog.accept()
    assert ctx.actor == "Asha Rao"
    assert [u.name for u in users.list_users(ctx)] == ["Asha Rao"]
    ctx.actor = "someone else"
    assert choose_user(ctx) is True
    assert ctx.actor == "Asha Rao"
