"""The Tools menu: reminders, whole-database verification, purging, letter wording."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from ui.reminders import RemindersView, TrayNotifier
from ui.workers import run_in_background

if TYPE_CHECKING:
    from casemanager.services.admin import integrity
    from casemanager.services.evidence import intake
    from casemanager.services.files.backups import CheckStop
    from ui.letters import LetterTemplatesDialog
    from ui.main_window import MainWindow


PURGE_TITLE = "Purge removed evidence"


class ToolsMenu:
    """Installs its menu before Help and owns the tray notifier of the window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.reminders: RemindersView | None = None
        self.templates: LetterTemplatesDialog | None = None
        self.menu = QMenu("&Tools", window)
        self.reminders_action = self._add("&Reminders", "Ctrl+3", self.show_reminders)
        self.verify_action = self._add("&Verify Database…", None, self.verify)
        self.purge_action = self._add("&Purge Removed Evidence…", None, self.purge_removed_evidence)
        self.purge_box: QMessageBox | None = None
        self._verify_stop: CheckStop | None = None  # of the verification running, if any
        self.menu.addSeparator()
        self.templates_action = self._add("&Letter Wording…", None, self.edit_templates)
        self.people_action = self._add("P&eople…", None, self.show_people)
        help_action = window.menuBar().actions()[-1]
        window.menuBar().insertMenu(help_action, self.menu)
        self.notifier = TrayNotifier(window.ctx, window)
        self.notifier.start()

    def _add(self, text: str, shortcut: str | None, slot) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    def show_reminders(self) -> RemindersView:
        """Due today, tomorrow and overdue across all cases, in a tab of the main window."""
        tabs = self.window.tabs
        shown = self.reminders
        # A closed tab's view is deleted: a new one, not a look at the dead wrapper.
        if shown is None or not shiboken6.isValid(shown) or tabs.indexOf(shown) < 0:
            self.reminders = RemindersView(self.window.ctx, self.window)
            self.reminders.case_activated.connect(self.window.open_case)
            tabs.addTab(self.reminders, "Reminders")
        else:  # a new view reads itself; one already open reads afresh
            self.reminders.refresh()
        tabs.setCurrentWidget(self.reminders)
        return self.reminders

    def show_people(self):
        """Who works in this database, and who works at this seat."""
        from ui.people_dialog import PeopleDialog

        dialog = PeopleDialog(self.window.ctx, self.window)
        dialog.signed_in.connect(lambda _name: self.window.refresh())
        dialog.open()
        return dialog

    def verify(self) -> None:
        """Check the file, the audit chain and every stored file's hash, off the GUI thread,
        with the events checked so far in the status bar (minutes at a million cases);
        quitting stops it."""
        self.verify_action.setEnabled(False)
        bar = self.window.statusBar()
        bar.showMessage("Verifying the database: checking every page of the file…")
        from casemanager.services.admin import integrity
        from casemanager.services.files.backups import CheckStop

        ctx = self.window.ctx
        stop = self._verify_stop = CheckStop()
        QApplication.instance().aboutToQuit.connect(stop.request)

        def counted(done: int, total: int) -> None:
            bar.showMessage(f"Verifying the database: audit trail, {done:,} of {total:,} events…")

        run_in_background(
            ctx,
            lambda progress: integrity.verify(ctx, progress=progress, stop=stop),
            self._verified,
            self._verify_failed,
            counted,
            owner=self.window,
        )

    def _verify_ended(self) -> None:
        self.verify_action.setEnabled(True)
        QApplication.instance().aboutToQuit.disconnect(self._verify_stop.request)

    def _verified(self, report: integrity.IntegrityReport) -> None:
        self._verify_ended()
        self.window.statusBar().clearMessage()
        summary = (
            f"{report.events_checked:,} audit events and {report.blobs_checked:,} stored files "
            "checked."
        )
        if report.ok:
            QMessageBox.information(self.window, "Verify database", f"No problems. {summary}")
            return
        listing = "\n".join(str(p) for p in report.problems[:30])
        more = len(report.problems) - 30
        if more > 0:
            listing += f"\n… and {more} more"
        QMessageBox.warning(
            self.window,
            "Verify database",
            f"{len(report.problems)} problem(s) found. {summary}\n\n{listing}",
        )

    def _verify_failed(self, exc: Exception) -> None:
        from casemanager.services.files.backups import CheckStopped

        self._verify_ended()
        self.window.statusBar().clearMessage()
        if isinstance(exc, CheckStopped):
            return  # stopped as the application quits: no verdict to give
        QMessageBox.critical(self.window, "Verify database", f"Verification failed: {exc}")

    def purge_removed_evidence(self) -> QMessageBox:
        """Say how many stored files of removed evidence would go, and delete them on Yes."""
        from casemanager.services.evidence import intake

        summary = intake.purge_preview(self.window.ctx)
        buttons = QMessageBox.StandardButton
        if not summary.blobs:
            box = QMessageBox(
                QMessageBox.Icon.Information, PURGE_TITLE,
                "Nothing to purge: no stored file belongs only to removed evidence.",
                buttons.Ok, self.window,
            )  # fmt: skip
        else:
            size = intake.human_size(summary.bytes)
            box = QMessageBox(
                QMessageBox.Icon.Warning, PURGE_TITLE,
                f"Delete {summary.blobs:,} stored file(s) of removed evidence ({size})?",
                buttons.Yes | buttons.Cancel, self.window,
            )  # fmt: skip
            box.setInformativeText(
                "This cannot be undone. Each case keeps the record of the removed evidence "
                "(who removed it, when and why), but not the file."
            )
            box.setDefaultButton(buttons.Cancel)
            box.button(buttons.Yes).setText("Delete")
            box.buttonClicked.connect(
                lambda clicked: box.standardButton(clicked) == buttons.Yes and self._purge()
            )
        self.purge_box = box
        box.open()
        return box

    def _purge(self) -> None:
        self.purge_action.setEnabled(False)
        from casemanager.services.evidence import intake

        ctx = self.window.ctx
        run_in_background(ctx, lambda: intake.purge_removed(ctx), self._purged, self._purge_failed)

    def _purged(self, summary: intake.PurgeSummary) -> None:
        self.purge_action.setEnabled(True)
        from casemanager.services.evidence import intake

        size = intake.human_size(summary.bytes)
        self.window.statusBar().showMessage(
            f"Purged {summary.blobs:,} stored file(s) of removed evidence ({size}).", 10000
        )

    def _purge_failed(self, exc: Exception) -> None:
        self.purge_action.setEnabled(True)
        QMessageBox.critical(self.window, PURGE_TITLE, f"Nothing was purged: {exc}")

    def edit_templates(self) -> LetterTemplatesDialog:
        from ui.letters import LetterTemplatesDialog  # ReportLab loads on first use

        self.templates = LetterTemplatesDialog(self.window.ctx, self.window)
        self.templates.open()
        return self.templates
