"""CaseTableModel: the case list, one database page at a time.

``rowCount`` is the filtered count; rows are fetched in pages of
``case_list.PAGE_SIZE`` when first painted and kept in a small cache, so the
model never holds more than a few thousand rows whatever the database size.
The countdown column is recomputed from the cached rows each second.
"""

from __future__ import annotations

from collections import OrderedDict
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from casemanager.domain import humanize
from casemanager.services.admin import settings
from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter, DeskRow, Tick
from casemanager.services.context import AppContext
from ui import formatting
from ui.formatting import countdown_text
from ui.theme import band_colour

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
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = CaseFilter()
        self.sort_key = "due"
        self.descending = False
        self._total = 0
        self._pages: OrderedDict[int, list[DeskRow]] = OrderedDict()
        self._zone = ZoneInfo(settings.shop_profile(ctx).timezone)
        self._tick: Tick = case_list.countdown_tick(ctx, ())
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
        self.reload(recount=False)  # the same rows in another order: no need to count again

    def reload(self, recount: bool = True) -> None:
        """Count again and forget cached rows (after a filter, sort or data change)."""
        self.beginResetModel()
        self._pages.clear()
        if recount:
            self._total = case_list.count(self.ctx, self.filter)
        self.endResetModel()

    def settings_changed(self) -> None:
        """Re-read the shop's time zone (dates are shown in it)."""
        self._zone = ZoneInfo(settings.shop_profile(self.ctx).timezone)
        self.reload()

    def total(self) -> int:
        return self._total

    # -- rows ----------------------------------------------------------------

    def row(self, row: int) -> DeskRow | None:
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, case_list.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = case_list.page(
                self.ctx,
                self.filter,
                self.sort_key,
                self.descending,
                offset=number * case_list.PAGE_SIZE,
            )
            self._pages[number] = page
            policies = {r.policy_id for r in page}
            if not policies <= self._tick.thresholds.keys():
                # A pack not seen yet: its band thresholds join this second's tick.
                known = policies | self._tick.thresholds.keys()
                self._tick = case_list.countdown_tick(self.ctx, known)
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def number_at(self, row: int) -> str | None:
        found = self.row(row)
        return found.number if found else None

    # -- the countdown ---------------------------------------------------------

    def tick(self, first: int, last: int) -> None:
        """Advance the countdown and repaint rows ``first..last`` of its column only."""
        self._tick = case_list.countdown_tick(self.ctx, self._tick.thresholds.keys())
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
