"""CaseTableModel: the case list, one database page at a time, read by key.

The first page is read at once and painted; the list's length and the key at
each page boundary (``case_pages.layout``) arrive from a background job, so a
broad search paints before anything counts its matches. Until then the model
grows a page at a time as the view scrolls (``fetchMore``); afterwards any row
is one keyset read from the boundary before its page. At most
``MAX_CACHED_PAGES`` pages are held, whatever the database size. The countdown
column is recomputed from the cached rows each second.
"""

from __future__ import annotations

from collections import OrderedDict
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from casemanager.domain import humanize
from casemanager.services.admin import settings
from casemanager.services.cases import case_list, case_pages
from casemanager.services.cases.case_list import CaseFilter, DeskRow, Tick
from casemanager.services.context import AppContext
from ui import formatting
from ui.formatting import countdown_text
from ui.theme import band_colour
from ui.workers import run_in_background

COL_NUMBER, COL_RECEIVED, COL_CUSTOMER, COL_ORDER, COL_PRODUCT = range(5)
COL_REASON, COL_STATUS, COL_POLICY, COL_DUE, COL_AMOUNT = range(5, 10)

COLUMNS = (
    ("Case", "number"),
    ("Received", "received"),
    ("Customer", "customer"),
    ("Order", "order"),
    ("Product", "product"),
    ("Reason", "reason"),
    ("Status", "status"),
    ("Policy", "policy"),
    ("Next deadline", "due"),
    ("Amount", "amount"),
)
MAX_CACHED_PAGES = 30
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        NUMBER_ROLE,
    }
)


class CaseTableModel(QAbstractTableModel):
    counted = Signal(int)  # the list's length is known (after a filter, sort or reload)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = CaseFilter()
        self.sort_key = "due"
        self.descending = False
        self._total = 0  # rows the view may show: all of them once counted
        self._layout: case_pages.Layout | None = None
        self._generation = 0  # a layout that arrives for an older list is dropped
        # One count at a time, for the latest list: reloads in one go (a filter, then
        # a sort) start one job, not one each; and it starts once the first page has
        # painted, so the count never competes with that paint for the processor.
        self._layout_timer = QTimer(self, singleShot=True, interval=50)
        self._layout_timer.timeout.connect(self._start_layout)
        self._layout_running = False
        self._pages: OrderedDict[int, list[DeskRow]] = OrderedDict()
        self._zone = ZoneInfo(settings.shop_profile(ctx).timezone)
        # Until the first tick only overdue rows are coloured: the other bands need the
        # packs' working hours and holidays, which load after the first paint (a large
        # package; see ``CaseListWidget``), never before it.
        self._tick = Tick(ctx.clock.now(), {})
        self._banded = False
        self.reload()

    # -- what to show --------------------------------------------------------

    def set_filter(self, flt: CaseFilter) -> None:
        self.filter = flt
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key, descending = COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return  # QTableView.sortByColumn asks twice; the rows are already in this order
        self.sort_key, self.descending = key, descending
        self.reload()

    def reload(self) -> None:
        """Read the first page again and count in the background (after any change).

        A new order recounts too: the page boundaries are keys of that order.
        """
        self.beginResetModel()
        self._pages.clear()
        self._generation += 1
        size = case_list.PAGE_SIZE
        first = case_pages.rows_after(
            self.ctx, self.filter, self.sort_key, self.descending, None, size + 1
        )
        self._remember(0, first[:size])
        self._total = min(len(first), size)
        if len(first) <= size:  # the whole list: nothing left to count
            self._layout = case_pages.Layout(len(first), (None,))
        else:
            self._layout = None
            self._count_in_background()
        self.endResetModel()
        if self._layout is not None:
            self.counted.emit(self._total)

    def _count_in_background(self) -> None:
        self._layout_timer.start()

    def _start_layout(self) -> None:
        if self._layout is not None or self._layout_running:
            return  # counted already, or started again when the running count reports
        self._layout_running = True
        ctx, flt, key, down, generation = (
            self.ctx,
            self.filter,
            self.sort_key,
            self.descending,
            self._generation,
        )
        run_in_background(
            ctx,
            lambda: case_pages.layout(ctx, flt, key, down),
            lambda layout: self._counted(generation, layout),
            on_failure=lambda _exc: self._counted(generation, None),  # still usable by page
            owner=self,
        )

    def _counted(self, generation: int, layout: case_pages.Layout | None) -> None:
        self._layout_running = False
        if generation != self._generation:
            if self._layout is None:
                self._layout_timer.start()  # the list changed meanwhile: count that one
            return
        if layout is None:
            return
        self._layout = layout
        if layout.total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, layout.total - 1)
            self._total = layout.total
            self.endInsertRows()
        elif layout.total < self._total:  # cases removed meanwhile: show what there is
            self.beginResetModel()
            self._pages.clear()
            self._total = layout.total
            self.endResetModel()
        self.counted.emit(self._total)

    def is_counted(self) -> bool:
        return self._layout is not None

    def settings_changed(self) -> None:
        """Re-read the shop's time zone (dates are shown in it)."""
        self._zone = ZoneInfo(settings.shop_profile(self.ctx).timezone)
        self.reload()

    def total(self) -> int:
        """Rows known so far: the whole list once counted, else the pages read."""
        return self._total

    # -- growing before the count arrives ---------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid() or self._layout is not None:
            return False
        last = (self._total - 1) // case_list.PAGE_SIZE
        page = self._pages.get(last)
        return page is not None and len(page) == case_list.PAGE_SIZE

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        size = case_list.PAGE_SIZE
        number = self._total // size
        after = self._pages[number - 1][-1].position
        rows = case_pages.rows_after(
            self.ctx, self.filter, self.sort_key, self.descending, after, size
        )
        if rows:
            self.beginInsertRows(QModelIndex(), self._total, self._total + len(rows) - 1)
            self._remember(number, rows)
            self._total += len(rows)
            self.endInsertRows()

    # -- rows ----------------------------------------------------------------

    def _remember(self, number: int, page: list[DeskRow]) -> None:
        self._pages[number] = page
        policies = {r.policy_id for r in page}
        if self._banded and not policies <= self._tick.thresholds.keys():
            # A pack not seen yet: its band thresholds join this second's tick.
            known = policies | self._tick.thresholds.keys()
            self._tick = case_list.countdown_tick(self.ctx, known)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _read_page(self, number: int) -> list[DeskRow] | None:
        """Page ``number`` by key: from the boundary the layout gives, or the page before."""
        before = self._pages.get(number - 1) if number else None
        if before:
            after = before[-1].position
        elif self._layout is not None and number < len(self._layout.starts):
            after = self._layout.starts[number]
        else:
            return None  # not counted yet and the page before is gone: it comes back on scroll
        return case_pages.rows_after(
            self.ctx, self.filter, self.sort_key, self.descending, after, case_list.PAGE_SIZE
        )

    def row(self, row: int) -> DeskRow | None:
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, case_list.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
            if page is None:
                return None
            self._remember(number, page)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def number_at(self, row: int) -> str | None:
        found = self.row(row)
        return found.number if found else None

    # -- the countdown ---------------------------------------------------------

    def tick(self, first: int, last: int) -> None:
        """Advance the countdown and repaint rows ``first..last`` of its column only."""
        policies = set(self._tick.thresholds)
        if not self._banded:  # the first tick: every cached row's pack gets its bands
            policies.update(r.policy_id for page in self._pages.values() for r in page)
            self._banded = True
        self._tick = case_list.countdown_tick(self.ctx, policies)
        if self._total and first >= 0 and last >= first:
            last = min(last, self._total - 1)
            self.dataChanged.emit(
                self.index(first, COL_DUE),
                self.index(last, COL_DUE),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    # -- Qt model interface ----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Every visible cell is asked for a dozen roles per paint: answer unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        r = self.row(index.row())
        if r is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == NUMBER_ROLE:
            return r.number
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DUE:
            return band_colour(self._tick.band(r.next_due_at, r.policy_id))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        return None

    def _text(self, r: DeskRow, col: int) -> str:
        if col == COL_NUMBER:
            return r.number
        if col == COL_RECEIVED:
            return formatting.when_short(r.reported_at, formatting.policy_zone(r.policy_id))
        if col == COL_CUSTOMER:
            return r.customer
        if col == COL_ORDER:
            return r.order_ref
        if col == COL_PRODUCT:
            return r.product
        if col == COL_REASON:
            return humanize(r.reason)
        if col == COL_STATUS:
            return humanize(r.status)
        if col == COL_POLICY:
            return formatting.policy_name(r.policy_id)
        if col == COL_DUE:
            return countdown_text(r.next_due_at, self._tick.now) if r.next_due_at else ""
        return formatting.money(r.amount_paid, r.currency)

    def _tooltip(self, r: DeskRow, col: int) -> str | None:
        if col == COL_PRODUCT and r.license_masked:
            return f"{r.product}\nCode: {r.license_masked}"
        if col == COL_DUE and r.next_due_at is not None:
            due = formatting.when(r.next_due_at, formatting.policy_zone(r.policy_id))
            return f"{humanize(r.next_due_name or 'deadline')} — due {due}"
        if col == COL_RECEIVED:
            return formatting.tooltip(r.reported_at, formatting.policy_zone(r.policy_id))
        return None
