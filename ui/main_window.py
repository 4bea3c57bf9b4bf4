"""The main window: saved views, the case list, the dashboard and open cases in tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager import APP_NAME, __version__
from casemanager.errors import DomainError
from casemanager.services.admin import diagnostics
from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.context import AppContext
from ui import backup_menu, formatting, layout_memory, theme
from ui.case_list.sidebar import SavedViewsPanel
from ui.case_list.widget import CaseListWidget
from ui.first_paint import after_first_paint
from ui.formatting import countdown_text
from ui.intake_actions import IntakeActions
from ui.tools_menu import ToolsMenu
from ui.workers import run_in_background

# What the first painted list does not show is imported when first used: the case
# form, the dashboard, the export and import dialogs (ReportLab), help, the welcome.
if TYPE_CHECKING:
    from casemanager.services.lifecycle import undo
    from ui import help_menu
    from ui.case_form.dialog import CaseFormDialog
    from ui.dashboard.widget import DashboardWidget
    from ui.welcome import WelcomeDialog

COUNTS_EVERY_MS = 60_000


def preferences_keys() -> QKeySequence:
    """The platform's Settings key; Ctrl+, where the platform names none (Windows, X11)."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    return keys[0] if keys else QKeySequence("Ctrl+,")


class MainWindow(IntakeActions, QMainWindow):
    def __init__(
        self, ctx: AppContext, welcome: bool = True, automatic_backups: bool = False
    ) -> None:
        super().__init__()
        self.ctx = ctx
        theme.apply(QApplication.instance())  # follows the system's light or dark scheme
        self.setWindowTitle(f"{APP_NAME} — {ctx.target.describe()}")
        self.setMinimumSize(720, 480)
        self.forms: list[CaseFormDialog] = []
        self._next_due: case_list.NextDue | None = None
        self.counts: dict[str, int] = {}
        self._build()
        self._build_menus()
        self.tools = ToolsMenu(self)
        self.backups = backup_menu.install(self, automatic=automatic_backups)
        self._build_status_bar()
        self._restore_layout()
        self._show_who()  # the list read its first page as it was built
        self._counts_timer = QTimer(self, interval=COUNTS_EVERY_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._counts_timer.start()
        # Counting every case waits for the list's first paint, like the welcome's count.
        after_first_paint(self.case_list.table.viewport(), self.refresh_counts)
        if welcome:
            after_first_paint(self.case_list.table.viewport(), self._welcome_if_new)

    def _welcome_if_new(self) -> None:
        from ui.welcome import should_welcome

        if should_welcome(self.ctx, case_list.count(self.ctx, CaseFilter(view="all"))):
            self.show_welcome()

    # -- construction -------------------------------------------------------

    def _build(self) -> None:
        self.sidebar = SavedViewsPanel(self)
        self.case_list = CaseListWidget(self.ctx, self)
        # The dashboard is built the first time its tab is shown (``dashboard``).
        self._dashboard_page = QWidget(self)
        QVBoxLayout(self._dashboard_page).setContentsMargins(0, 0, 0, 0)
        self._dashboard: DashboardWidget | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.addTab(self.case_list, "Cases")
        self.tabs.addTab(self._dashboard_page, "Dashboard")
        for fixed in (0, 1):
            self.tabs.tabBar().setTabButton(
                fixed, self.tabs.tabBar().ButtonPosition.RightSide, None
            )
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.sidebar.view_chosen.connect(self._view_chosen)
        self.case_list.case_opened.connect(self.open_case)
        self.case_list.new_case_requested.connect(self.new_case)
        self.case_list.reveal_requested.connect(self.reveal_license)
        self.case_list.edit_requested.connect(self.edit_case)
        self.case_list.tick_timer.timeout.connect(self._tick_status)
        self.case_list.mail_files_dropped.connect(self.import_mail)

    @property
    def dashboard(self) -> DashboardWidget:
        """The dashboard of the Dashboard tab, built on first use."""
        if self._dashboard is None:
            from ui.dashboard.widget import DashboardWidget

            self._dashboard = DashboardWidget(self.ctx, self._dashboard_page)
            self._dashboard.filter_chosen.connect(self.show_filter)
            self._dashboard_page.layout().addWidget(self._dashboard)
        return self._dashboard

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New Case…", QKeySequence.StandardKey.New, self.new_case)
        self.save_action = self._action("&Save", QKeySequence.StandardKey.Save, self.save_current)
        self.print_action = self._action("&Print…", QKeySequence.StandardKey.Print, self.print_)
        self.export_action = self._action("&Export Case File…", QKeySequence("Ctrl+E"), self.export)
        self.import_action = self._action("&Import Case File…", None, self.import_bundle)
        self.import_mail_action = self._action("Import &Mail…", None, self.import_mail)
        self.import_maildir_action = self._action(
            "Import Mail&dir Folder…", None, self.import_maildir
        )
        self.import_orders_action = self._action("Import &Orders…", None, self.import_orders)
        self.orders_action = self._action("Find O&rders…", None, self.show_orders)
        self.settings_action = self._action("Se&ttings…", preferences_keys(), self.show_settings)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        for action in (
            self.new_action,
            self.save_action,
            None,
            self.print_action,
            self.export_action,
            self.import_action,
            self.import_mail_action,
            self.import_maildir_action,
            self.import_orders_action,
            self.orders_action,
            None,
            self.settings_action,
            None,
            self.quit_action,
        ):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self._action("&Undo", QKeySequence.StandardKey.Undo, self.undo_last)
        self.undo_action.setEnabled(False)
        self.undo_offer: undo.UndoOffer | None = None
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        edit_menu.aboutToShow.connect(self._check_undo)
        self.find_action = self._action("&Find…", QKeySequence.StandardKey.Find, self.focus_search)
        self.refresh_action = self._action(
            "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh
        )
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.refresh_action)

        view_menu = bar.addMenu("&View")
        self.cases_action = self._action("&Cases", QKeySequence("Ctrl+1"), self.show_cases)
        self.dashboard_action = self._action(
            "&Dashboard", QKeySequence("Ctrl+2"), self.show_dashboard
        )
        self.full_screen_action = self._action(
            "&Full Screen", QKeySequence.StandardKey.FullScreen, self._toggle_full_screen
        )
        for action in (self.cases_action, self.dashboard_action, self.full_screen_action):
            view_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        self.guide_action = self._action(
            "&User Guide", QKeySequence.StandardKey.HelpContents, self.show_guide
        )
        self.shortcuts_action = self._action(
            "&Keyboard Shortcuts", QKeySequence("Ctrl+/"), self.show_shortcuts
        )
        self.about_action = self._action(f"&About {APP_NAME}", None, self.show_about)
        for action in (self.guide_action, self.shortcuts_action, None, self.about_action):
            help_menu.addSeparator() if action is None else help_menu.addAction(action)

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(f"Database: {self.ctx.target.describe()}")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.next_due_label = QLabel()
        self.next_due_label.setObjectName("nextDueLabel")
        bar = self.statusBar()
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.next_due_label)

    # -- refreshing ------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the list; counts and the next deadline come off the GUI thread."""
        self.case_list.refresh()
        self._show_who()
        self.refresh_counts()
        if self.tabs.currentWidget() is self._dashboard_page:
            self.dashboard.refresh()

    def _show_who(self) -> None:
        self.db_label.setText(f"{self.ctx.actor} · database {self.ctx.target.describe()}")

    def refresh_counts(self) -> None:
        ctx = self.ctx
        run_in_background(
            ctx,
            lambda: (case_list.view_counts(ctx), case_list.next_due(ctx)),
            self._show_counts,
            lambda exc: self.counts_label.setText(f"Counts unavailable: {exc}"),
            owner=self,
        )

    def _show_counts(self, result) -> None:
        counts, next_due = result
        self.counts = counts
        self._next_due = next_due
        self.sidebar.set_counts(counts)
        self.counts_label.setText(
            f"{formatting.count(counts.get('all', 0), 'case')} · "
            f"{counts.get('open', 0):,} open · "
            f"{formatting.count(counts.get('overdue', 0), 'case')} overdue"
        )
        self._tick_status()

    def _tick_status(self) -> None:
        due = self._next_due
        if due is None:
            self.next_due_label.setText("Nothing due")
            return
        tick = case_list.countdown_tick(self.ctx, ())
        self.next_due_label.setText(
            f"Next due: {due.number} {countdown_text(due.due_at, tick.now)}"
        )

    # -- navigation ------------------------------------------------------------

    def _view_chosen(self, key: str) -> None:
        self.case_list.set_view(key)
        self.show_cases()

    def show_filter(self, flt: CaseFilter) -> None:
        """Show the list filtered as a dashboard bar says."""
        self.case_list.show_filter(flt)
        self.show_cases()
        self.sidebar.show_filter(flt)

    def show_cases(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)

    def show_dashboard(self) -> None:
        self.tabs.setCurrentWidget(self._dashboard_page)

    def _tab_changed(self, _index: int) -> None:
        shown = self.tabs.currentWidget()
        if shown is self._dashboard_page:
            self.dashboard.refresh()
        # The sidebar names what is on screen: the list's view, or nothing over another tab.
        self.sidebar.show_filter(self.case_list.model.filter if shown is self.case_list else None)

    def focus_search(self) -> None:
        self.show_cases()
        self.case_list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.case_list.search.selectAll()

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget in (self.case_list, self._dashboard_page):
            return
        self.tabs.removeTab(index)
        widget.deleteLater()

    # -- cases -------------------------------------------------------------------

    def new_case(self) -> CaseFormDialog:
        return self._open_form(None)

    def open_case(self, number: str) -> QWidget:
        """Open the case view in a tab when available, else the form in edit mode."""
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).property("case_number") == number:
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)
        from ui.case_view import CaseView  # loads letters and PDF support: on first use

        view = CaseView(self.ctx, number, self)
        view.setProperty("case_number", number)
        view.case_changed.connect(lambda _n: self.refresh())
        view.undo_offered.connect(self.offer_undo)
        self.tabs.addTab(view, number)
        self.tabs.setCurrentWidget(view)
        return view

    def edit_case(self, number: str) -> CaseFormDialog:
        """The case form in edit mode: correcting recorded facts (logged with a note)."""
        from casemanager.services.lifecycle import undo  # and the transitions it reverses

        point = undo.checkpoint(self.ctx, number)
        form = self._open_form(number)
        form.case_saved.connect(lambda _n: self.offer_undo(undo.offer(self.ctx, point)))
        return form

    # -- undo --------------------------------------------------------------------

    def offer_undo(self, offer: undo.UndoOffer | None) -> None:
        """Edit ▸ Undo now names the step just taken (the latest one only)."""
        self.undo_offer = offer
        self.undo_action.setEnabled(offer is not None)
        self.undo_action.setText(f"&{offer.text}" if offer else "&Undo")

    def _check_undo(self) -> None:
        """The while may be over, or the case moved on: the menu shows only a live undo."""
        if self.undo_offer is not None:
            from casemanager.services.lifecycle import undo

            self.offer_undo(undo.offer(self.ctx, self.undo_offer.checkpoint))

    def undo_last(self) -> str | None:
        """Ctrl+Z: undo the step the menu names; the case and the list re-read."""
        offer = self.undo_offer
        if offer is None:
            self.statusBar().showMessage("Nothing to undo.", 4000)
            return None
        self.offer_undo(None)
        from casemanager.services.lifecycle import undo

        try:
            what = undo.undo(self.ctx, offer)
        except DomainError as exc:
            self.statusBar().showMessage(f"Not undone: {exc.message}", 8000)
            return None
        number = offer.checkpoint.number
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if widget.property("case_number") == number:
                widget.refresh()
                widget.evidence.reload()
                widget.letters.refresh()
        self.refresh()
        self.statusBar().showMessage(f"Undone: {what} on {number}.", 8000)
        return what

    def _open_form(self, number: str | None) -> CaseFormDialog:
        from ui.case_form.dialog import CaseFormDialog

        form = CaseFormDialog(self.ctx, number, self)
        form.case_saved.connect(self._case_saved)
        form.finished.connect(lambda _r: self.forms.remove(form) if form in self.forms else None)
        self.forms.append(form)
        form.show()
        return form

    def _case_saved(self, number: str) -> None:
        self.refresh()
        self.statusBar().showMessage(f"Saved {number}", 5000)

    def save_current(self) -> None:
        target = self.tabs.currentWidget()
        if hasattr(target, "save"):
            target.save()
        else:
            self.statusBar().showMessage(
                "Nothing to save here: cases are saved from their form.", 4000
            )

    def print_(self) -> None:
        """Ctrl+P: a letter for the open case, or for the case selected in the list."""
        target = self.tabs.currentWidget()
        if not hasattr(target, "letters"):  # not a case view
            number = self.case_list.selected_number()
            if number is None:
                self.statusBar().showMessage("Select or open a case to print its letters.", 4000)
                return
            target = self.open_case(number)
        target.tabs.setCurrentWidget(target.letters)
        target.letters.write()

    def export(self) -> None:
        """Ctrl+E: the open case, or the one selected in the list, as a case-file bundle."""
        target = self.tabs.currentWidget()
        number = target.property("case_number") or self.case_list.selected_number()
        from ui import export_dialog  # case files hold a PDF summary: ReportLab loads here

        self.export_run = export_dialog.export_cases(self, self.ctx, [number] if number else [])

    def reveal_license(self, number: str) -> None:
        answer = QMessageBox.question(
            self,
            "Reveal licence code",
            f"Show the full licence code of {number}? The reveal is recorded in the case history.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            from casemanager.services.cases import secrets

            code = secrets.reveal_license_code(self.ctx, number, "case list")
            QMessageBox.information(self, f"Licence code of {number}", code or "(none recorded)")

    # -- dialogs -----------------------------------------------------------------

    def show_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.settings_saved.connect(self.case_list.model.settings_changed)
        dialog.settings_saved.connect(self.refresh)
        dialog.open()

    def show_welcome(self) -> WelcomeDialog:
        from ui.welcome import WelcomeDialog

        dialog = WelcomeDialog(self.ctx, self)
        dialog.sample_loaded.connect(self._sample_loaded)
        dialog.open()
        self.welcome_dialog = dialog
        return dialog

    def _sample_loaded(self) -> None:
        self.case_list.fill_policies()
        self.refresh()

    def about_text(self) -> str:
        import html  # its entity table is not needed before the list paints

        log = diagnostics.current_log_path() or diagnostics.log_path()
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Refund and replacement cases for shops selling digital goods.</p>"
            f"<p>Database: <code>{html.escape(self.ctx.target.describe())}</code></p>"
            f"<p>Data folder: <code>{html.escape(str(diagnostics.data_folder()))}</code><br>"
            f"Error log: <code>{html.escape(str(log))}</code></p>"
        )

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """Every shortcut, from the menus' actions and the open case's Actions menu."""
        from ui import help_menu

        rows = help_menu.menu_shortcuts(self.menuBar())
        from ui.case_view import CaseView  # noqa: PLC0415 (loaded with the first case)

        views = [self.tabs.currentWidget()] + [
            self.tabs.widget(i) for i in range(self.tabs.count())
        ]
        view = next((w for w in views if isinstance(w, CaseView)), None)
        if view is not None:
            rows += help_menu.action_shortcuts("Case ▸ Actions", list(view.qactions.values()))
        else:
            rows += help_menu.action_shortcuts("Case ▸ Actions", CaseView.action_templates())
        return rows

    def show_shortcuts(self) -> help_menu.ShortcutsDialog:
        from ui import help_menu

        dialog = help_menu.ShortcutsDialog(self.shortcut_rows(), self)
        dialog.open()
        self.help_dialog = dialog
        return dialog

    def show_guide(self) -> help_menu.GuideDialog:
        from ui import help_menu

        dialog = help_menu.GuideDialog(self)
        dialog.open()
        self.help_dialog = dialog
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", self.about_text())

    def bring_to_front(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def _toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    # -- remembered layout --------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = layout_memory.restore("main_window/geometry", self)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 760)
        state = layout_memory.restore("main_window/state", self)
        if state is not None:
            self.restoreState(state)
        splitter = layout_memory.restore("main_window/splitter", self)
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([162, 1118])

    def watch_other_seats(self) -> None:
        """Refresh when another seat changes something; show who has a case open."""
        from ui.seat_watch import SeatWatch

        self.seat_watch = SeatWatch(self.ctx, self)
        self.seat_watch.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        for form in list(self.forms):
            if not form.close():
                event.ignore()
                return
        if not self.backups.before_close():  # the quit copy first; it closes us again
            event.ignore()
            return
        self.shut_down()
        super().closeEvent(event)

    def shut_down(self) -> None:
        """What every end does (Quit, log-out, SIGTERM): leave the other seats, keep the layout."""
        if getattr(self, "seat_watch", None) is not None:
            self.seat_watch.stop()
        self.save_layout()

    def save_layout(self) -> None:
        """Window, splitters and columns, kept for the size of the screen it is on."""
        layout_memory.save("main_window/geometry", self, self.saveGeometry())
        layout_memory.save("main_window/state", self, self.saveState())
        layout_memory.save("main_window/splitter", self, self.splitter.saveState())
        self.case_list.save_header()
        for i in range(self.tabs.count()):
            widget = self.tabs.widget(i)
            if hasattr(widget, "save_layout"):
                widget.save_layout()
