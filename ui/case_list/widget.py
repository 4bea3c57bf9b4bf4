"""The case list widget: filter bar, the table and its live countdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import REASONS, CaseStatus, humanize
from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.context import AppContext
from ui import formatting, layout_memory
from ui.case_list.model import COL_DUE, CaseTableModel
from ui.first_paint import after_first_paint

# The pause after a keystroke before searching: long while a word is still being
# typed, short once the text is specific enough to be what the user meant.
SEARCH_DELAYS_MS = ((2, 300), (4, 200), (8, 120))  # (up to N characters, pause)
SEARCH_DELAY_LONG_MS = 80
TICK_MS = 1000
HEADER_KEY = "case_list/header"


def _combo(name: str, everything: str, choices: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItem(everything, None)
    for label, value in choices:
        box.addItem(label, value)
    return box


def _mail_paths(data) -> list[str]:  # noqa: ANN001 (QMimeData)
    """Local mails (.eml, .msg) and mailboxes (.mbox, Maildir) among dropped URLs."""
    urls = data.urls() if data.hasUrls() else []
    paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
    return [
        p for p in paths if p.lower().endswith((".eml", ".msg", ".mbox")) or Path(p, "cur").is_dir()
    ]


def search_delay_ms(text: str) -> int:
    """How long to wait after a keystroke: shorter for longer text, none for no text."""
    length = len(text.strip())
    if not length:
        return 0
    return next((ms for most, ms in SEARCH_DELAYS_MS if length <= most), SEARCH_DELAY_LONG_MS)


class CaseListWidget(QWidget):
    case_opened = Signal(str)
    new_case_requested = Signal()
    reveal_requested = Signal(str)
    edit_requested = Signal(str)
    count_changed = Signal(int)
    mail_files_dropped = Signal(list)  # paths of .eml files dropped on the list

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseTableModel(ctx, self)
        self._build()
        self._search_timer = QTimer(self, singleShot=True)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.apply_filters)  # Enter: at once
        self.model.counted.connect(lambda _n: self._update_summary())
        for box in (self.status_box, self.reason_box, self.policy_box, self.due_box):
            box.currentIndexChanged.connect(self.apply_filters)
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.tick)
        self.tick_timer.start()
        self._restore_header()
        self.setAcceptDrops(True)
        # The first tick colours the bands: it loads the packs' calendars and holidays.
        after_first_paint(self.table.viewport(), self.tick, self.fill_policies)

    def fill_policies(self) -> None:
        """The policy filter's choices: every policy a case is recorded under."""
        box = self.policy_box
        box.blockSignals(True)
        box.clear()
        box.addItem("Any policy", None)
        for policy in case_list.policy_ids(self.ctx):
            box.addItem(formatting.policy_name(policy), policy)
        box.setCurrentIndex(max(0, box.findData(self.model.filter.policy)))
        box.blockSignals(False)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if _mail_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        paths = _mail_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.mail_files_dropped.emit(paths)

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="Search name, e-mail, order, product, notes…")
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(case_list.SEARCH_TEXT)  # longer text is refused by the search
        self.status_box = _combo(
            "statusFilter", "Any status", [(s.label, s.value) for s in CaseStatus]
        )
        self.reason_box = _combo("reasonFilter", "Any reason", [(humanize(r), r) for r in REASONS])
        # Filled after the first paint: listing the policies reads every pack.
        self.policy_box = _combo("policyFilter", "Any policy", [])
        self.due_box = _combo(
            "dueFilter",
            "Any deadline",
            [("Overdue", "overdue"), ("Due today", "today"), ("Due this week", "week")],
        )
        self.summary = QLabel()
        self.summary.setObjectName("listSummary")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for box in (self.status_box, self.reason_box, self.policy_box, self.due_box):
            bar.addWidget(box, 1)

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        # The indicator first: enabling sorting sorts by it, and the model already is.
        self.table.horizontalHeader().setSortIndicator(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        for col, width in enumerate((102, 118, 105, 115, 120, 100, 105, 55, 165, 90)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    # -- filtering -------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._search_timer.start(search_delay_ms(text))

    def apply_filters(self) -> None:
        self._search_timer.stop()
        flt = self.model.filter.with_(
            text=self.search.text().strip(),
            status=self.status_box.currentData(),
            reason=self.reason_box.currentData(),
            policy=self.policy_box.currentData(),
            due=self.due_box.currentData(),
        )
        self.show_filter(flt)

    def show_filter(self, flt: CaseFilter) -> None:
        """Show ``flt`` and make the filter bar say so (without re-filtering per box)."""
        for box, value in (
            (self.status_box, flt.status),
            (self.reason_box, flt.reason),
            (self.policy_box, flt.policy),
            (self.due_box, flt.due),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        if self.search.text().strip() != flt.text:
            self.search.blockSignals(True)
            self.search.setText(flt.text)
            self.search.blockSignals(False)
        self.model.set_filter(flt)
        self._update_summary()

    def set_view(self, key: str) -> None:
        self.show_filter(CaseFilter(view=key, text=self.model.filter.text))

    def refresh(self) -> None:
        selected = self.selected_number()
        self.model.reload()
        self._update_summary()
        if selected:
            self.select_number(selected)

    def _update_summary(self) -> None:
        n = self.model.total()
        if not self.model.is_counted():
            self.summary.setText(f"{n:,}+ cases shown · counting…")
            return
        self.summary.setText(f"{n:,} case(s) shown")
        self.count_changed.emit(n)

    # -- rows --------------------------------------------------------------------

    def selected_number(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.number_at(rows[0].row()) if rows else None

    def select_number(self, number: str) -> bool:
        """Select the case if it is on the first page (never a scan of the whole list)."""
        for row in range(min(self.model.total(), case_list.PAGE_SIZE)):
            if self.model.number_at(row) == number:
                self.table.selectRow(row)
                return True
        return False

    def _open_row(self, row: int) -> None:
        number = self.model.number_at(row)
        if number:
            self.case_opened.emit(number)

    def visible_rows(self) -> tuple[int, int]:
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        if top < 0:
            return (-1, -1)
        return top, bottom if bottom >= 0 else self.model.total() - 1

    def tick(self) -> None:
        first, last = self.visible_rows()
        self.model.tick(first, last)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        menu = QMenu(self)
        number = self.model.number_at(index.row()) if index.isValid() else None
        if number:
            menu.addAction(f"Open {number}", lambda: self.case_opened.emit(number))
            menu.addAction("Correct case facts…", lambda: self.edit_requested.emit(number))
            menu.addAction("Reveal licence code…", lambda: self.reveal_requested.emit(number))
            menu.addSeparator()
        menu.addAction("New case…", self.new_case_requested.emit)
        menu.addAction("Refresh", self.refresh)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- remembered column layout ---------------------------------------------

    def _restore_header(self) -> None:
        state = layout_memory.restore(HEADER_KEY, self)  # per screen size
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    def save_header(self) -> None:
        layout_memory.save(HEADER_KEY, self, self.table.horizontalHeader().saveState())
