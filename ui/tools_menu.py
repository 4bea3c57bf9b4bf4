"""The Tools menu: reminders, whole-database verification, letter wording."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from casemanager.services.admin import integrity
from ui.reminders import RemindersView, TrayNotifier
from ui.workers import run_in_background

if TYPE_CHECKING:
    from ui.letters import LetterTemplatesDialog
    from ui.main_window import MainWindow


class ToolsMenu:
    """Installs its menu before Help and owns the tray notifier of the window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.reminders: RemindersView | None = None
        self.templates: LetterTemplatesDialog | None = None
        self.menu = QMenu("&Tools", window)
        self.reminders_action = self._add("&Reminders", "Ctrl+3", self.show_reminders)
        self.verify_action = self._add("&Verify Database…", None, self.verify)
        self.menu.addSeparator()
        self.templates_action = self._add("&Letter Wording…", None, self.edit_templates)
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
        if self.reminders is None or tabs.indexOf(self.reminders) < 0:
            self.reminders = RemindersView(self.window.ctx, self.window)
            self.reminders.case_activated.connect(self.window.open_case)
            tabs.addTab(self.reminders, "Reminders")
        self.reminders.refresh()
        tabs.setCurrentWidget(self.reminders)
        return self.reminders

    def verify(self) -> None:
        """Check the file, the audit chain and every stored file's hash, off the GUI thread."""
        self.verify_action.setEnabled(False)
        self.window.statusBar().showMessage("Verifying the database…")
        ctx = self.window.ctx
        run_in_background(ctx, lambda: integrity.verify(ctx), self._verified, self._verify_failed)

    def _verified(self, report: integrity.IntegrityReport) -> None:
        self.verify_action.setEnabled(True)
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
        self.verify_action.setEnabled(True)
        self.window.statusBar().clearMessage()
        QMessageBox.critical(self.window, "Verify database", f"Verification failed: {exc}")

    def edit_templates(self) -> LetterTemplatesDialog:
        from ui.letters import LetterTemplatesDialog  # ReportLab loads on first use

        self.templates = LetterTemplatesDialog(self.window.ctx, self.window)
        self.templates.open()
        return self.templates
