"""The main window: menus, the overview, the status bar, remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager import APP_NAME, __version__
from casemanager.domain import CaseStatus
from casemanager.services import cases
from casemanager.services.context import AppContext


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — {ctx.target.describe()}")
        self.setMinimumSize(720, 480)
        self._build_overview()
        self._build_menus()
        self.refresh()
        self._restore_layout()

    # -- construction -------------------------------------------------------

    def _build_overview(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.headline = QLabel(page)
        self.headline.setObjectName("headline")
        self.headline.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.status_table = QTableWidget(0, 2, page)
        self.status_table.setObjectName("statusCounts")
        self.status_table.setHorizontalHeaderLabels(["Status", "Cases"])
        self.status_table.verticalHeader().setVisible(False)
        self.status_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.status_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.headline)
        layout.addWidget(self.status_table)
        self.setCentralWidget(page)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        self.refresh_action = self._action(
            "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh
        )
        edit_menu.addAction(self.refresh_action)

        view_menu = bar.addMenu("&View")
        self.full_screen_action = self._action(
            "&Full Screen", QKeySequence.StandardKey.FullScreen, self._toggle_full_screen
        )
        view_menu.addAction(self.full_screen_action)

        help_menu = bar.addMenu("&Help")
        self.about_action = self._action(f"&About {APP_NAME}", None, self.show_about)
        help_menu.addAction(self.about_action)

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    # -- behaviour ----------------------------------------------------------

    def refresh(self) -> None:
        counts = cases.status_counts()
        total = sum(counts.values())
        self.headline.setText(f"{total:,} case(s)")
        self.status_table.setRowCount(0)
        for status in CaseStatus:
            if status.value not in counts:
                continue
            row = self.status_table.rowCount()
            self.status_table.insertRow(row)
            self.status_table.setItem(row, 0, QTableWidgetItem(status.label))
            count = QTableWidgetItem(f"{counts[status.value]:,}")
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.status_table.setItem(row, 1, count)
        self.statusBar().showMessage(f"Database: {self.ctx.target.describe()}  ·  {total:,} cases")

    def about_text(self) -> str:
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Refund and replacement cases for shops selling digital goods.</p>"
            f"<p>Database: <code>{self.ctx.target.describe()}</code></p>"
        )

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
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        super().closeEvent(event)
