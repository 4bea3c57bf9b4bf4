"""Application start-up: one owner per database, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager import APP_NAME, __version__
from casemanager.errors import DomainError
from casemanager.services.admin import diagnostics, startup
from casemanager.services.admin.startup import AlreadyOpen
from casemanager.services.context import AppContext, DatabaseDamaged
from casemanager.services.files.backups import CheckStop, CheckStopped
from ui import errors, integrity_check, main_thread_gc, none_guard
from ui.first_paint import after_first_paint
from ui.main_window import MainWindow
from ui.opening_notice import open_with_notice
from ui.shutdown import Shutdown
from ui.wait_notice import WaitNotice
from ui.workers import wait_for_all

ORGANIZATION = "CaseManager"


def make_application(argv: list[str] | None = None) -> QApplication:
    none_guard.install()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon.fromTheme("folder-documents"))
    main_thread_gc.install(app)
    _add_shipped_fonts()
    return app


def _add_shipped_fonts() -> None:
    """Chinese and Devanagari customer names render even where the system has no such font."""
    if QFontDatabase.applicationFontFamilies(0):
        return  # already added in this process
    for path in startup.shipped_fonts():
        QFontDatabase.addApplicationFont(str(path))


def offer_restore(damaged: DatabaseDamaged, db_spec: str | None) -> AppContext | None:
    """Startup check failed: the file stays untouched; offer the newest good backup or quit."""
    from casemanager.services.files import backups

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "The database is damaged.")
    shown = "\n".join(damaged.problems[:5])
    if damaged.backup is None:
        box.setInformativeText(
            f"{damaged.target.describe()} failed its check and was not opened or changed.\n\n"
            f"{shown}\n\nNo sound backup was found in the backup folder."
        )
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return None
    box.setInformativeText(
        f"{damaged.target.describe()} failed its check and was not opened or changed.\n\n"
        f"{shown}\n\nThe newest sound backup is {damaged.backup.name}. Restoring it keeps "
        "the damaged file aside, unchanged."
    )
    restore = box.addButton("Restore newest backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return None
    try:
        aside = backups.restore_damaged(damaged.target, damaged.backup)
        ctx = _open(damaged.target.describe(), db_spec)
    except Exception as exc:  # shown to the user instead of a silent exit
        diagnostics.log_unexpected(type(exc), exc, exc.__traceback__, "restore at start-up")
        QMessageBox.critical(None, APP_NAME, f"The restore failed:\n\n{exc}")
        return None
    backups.record_restored(ctx, damaged.backup, aside)
    QMessageBox.information(
        None, APP_NAME, f"Restored {damaged.backup.name}.\nThe damaged file was kept as {aside}."
    )
    return ctx


def _open(name: str, db_spec: str | None, unclean: bool = False) -> AppContext:
    """The context, opened on a thread of its own with a notice if it takes long (an
    upgrade or a whole-file check on a large file can take minutes)."""

    stop = CheckStop()

    def opening(on_step: Callable[[str], None]) -> AppContext:
        ctx = AppContext.open(db_spec, unclean=unclean, on_step=on_step, stop=stop)
        ctx.close()  # this thread's connection: the GUI thread opens its own
        return ctx

    return open_with_notice(opening, name, stop=stop)


def _listen_for_raise(window: MainWindow, name: str) -> None:
    """A second start on this database raises this window instead of opening another."""
    from ui.single_instance import InstanceServer  # QtNetwork

    window.instance_server = InstanceServer(name, window)
    window.instance_server.raise_requested.connect(window.bring_to_front)


def _clean_leftovers() -> None:
    """Half-written exports a kill left behind in the known folders."""
    from casemanager.services.files import leftovers

    leftovers.clean_known_folders()


def run(db_spec: str | None = None) -> int:
    app = make_application()
    ending = Shutdown(app)  # from here on a SIGTERM ends the application cleanly
    target = startup.resolve_target(db_spec)
    lock = startup.seat_lock(target)
    if lock is not None:
        try:
            lock.acquire()
        except AlreadyOpen as exc:
            from ui.single_instance import ask_owner_to_raise

            if not ask_owner_to_raise(target.describe()):
                QMessageBox.information(None, APP_NAME, str(exc))
            ending.uninstall()
            return 1
    reporter = errors.install()  # from here on no exception is lost
    try:
        try:
            # A lock or log left by a program that did not close: check the file first.
            unclean = lock is not None and lock.found_unclean
            ctx = _open(target.describe(), db_spec, unclean=unclean)
        except DatabaseDamaged as damaged:
            ctx = offer_restore(damaged, db_spec)
            if ctx is None:
                return 1
        except CheckStopped:  # the user stopped the check: quit, check next time
            return 0
        except DomainError as exc:  # e.g. the server is unreachable: its sentence, not a bug
            QMessageBox.critical(None, APP_NAME, str(exc))
            return 1
        except Exception as exc:  # shown to the user instead of a silent exit
            diagnostics.log_unexpected(type(exc), exc, exc.__traceback__, "opening the database")
            QMessageBox.critical(
                None, APP_NAME, f"Cannot open the database {target.describe()}:\n\n{exc}"
            )
            return 1
        from ui.sign_in import choose_user

        if not choose_user(ctx):
            ctx.close()
            return 0
        window = MainWindow(ctx, automatic_backups=True)
        window.watch_other_seats()
        WaitNotice(window).install(ctx)  # another seat writing: say so, with Cancel
        ending.save = window.shut_down
        # What the first sight of the list does not need comes once it is painted.
        after_first_paint(
            window.case_list.table.viewport(),
            lambda: _listen_for_raise(window, target.describe()),
            lambda: integrity_check.start(window, ctx),
            _clean_leftovers,
        )
        window.show()
        try:
            return app.exec()
        finally:
            wait_for_all(10_000)  # a backup or an export still writing finishes first
            ctx.close()  # the WAL checkpointed into the file
    finally:
        ending.uninstall()
        reporter.uninstall()
        if lock is not None:
            lock.release()
