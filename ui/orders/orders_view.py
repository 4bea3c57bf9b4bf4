"""File ▸ Find Orders: imported orders by e-mail, order id or licence key, and cases from them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.orders import disputes, lookup
from ui.base_dialog import BaseDialog

HEADERS = ("Order", "Customer", "E-mail", "Product", "Amount", "Purchased", "Key", "Dispute")
LIMIT = 200
_Index = QModelIndex | QPersistentModelIndex


class OrdersModel(QAbstractTableModel):
    """Order lines as found; keys arrive masked from the service."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[lookup.OrderSuggestion] = []

    def set_rows(self, rows: list[lookup.OrderSuggestion]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        return (
            f"{r.order_id} ({r.platform})",
            r.customer_name,
            r.customer_email,
            r.product_name,
            f"{r.amount} {r.currency}",
            r.purchased_at.strftime("%Y-%m-%d %H:%M UTC"),
            r.license_masked,
            r.dispute_status.replace("_", " "),
        )[index.column()]


class OrdersDialog(BaseDialog):
    """Search box, the matching order lines, and the order's cases below."""

    default_size = (980, 520)
    modality = Qt.WindowModality.NonModal
    new_case_requested = Signal(int)  # an imported order line's id
    case_opened = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Orders")
        self.search = QLineEdit()
        self.search.setObjectName("orderSearch")
        self.search.setPlaceholderText("Order id, customer e-mail or licence key")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find)
        self.model = OrdersModel(self)
        self.table = QTableView()
        self.table.setObjectName("orderTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.table.doubleClicked.connect(lambda *_: self.new_case())
        self.found = QLabel()
        self.found.setObjectName("ordersFound")
        self.cases = QLabel()
        self.cases.setObjectName("orderCases")
        self.cases.setWordWrap(True)
        self.cases.setTextFormat(Qt.TextFormat.PlainText)
        self.message = self.error_label("ordersError")
        buttons = QDialogButtonBox()
        self.new_case_button = QPushButton("&New case from this order")
        self.new_case_button.setObjectName("newCaseFromOrder")
        self.dispute_button = QPushButton("Case from this &dispute")
        self.dispute_button.setObjectName("caseFromDispute")
        self.dispute_button.setToolTip("The chargeback as a case, with the provider's evidence-due")
        for button in (self.new_case_button, self.dispute_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.new_case_button.clicked.connect(self.new_case)
        self.dispute_button.clicked.connect(self.case_from_dispute)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.found)
        layout.addWidget(self.cases)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.find("")

    def find(self, text: str) -> None:
        """The newest orders when the box is empty, else those whose id or e-mail start so."""
        text = text.strip()
        if not text:
            rows = lookup.list_orders(self.ctx, limit=LIMIT)
        else:
            rows = lookup.find_by_key(self.ctx, text, limit=LIMIT)
            seen = {r.id for r in rows}
            rows += [r for r in lookup.find_orders(self.ctx, text, limit=LIMIT) if r.id not in seen]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        shown = f"{len(rows)} order lines" + (f" (the first {LIMIT})" if len(rows) >= LIMIT else "")
        self.found.setText(shown if text else f"Newest imported orders: {shown}")
        if rows:
            self.table.selectRow(0)
        self._selected()

    def current(self) -> lookup.OrderSuggestion | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _selected(self) -> None:
        order = self.current()
        self.new_case_button.setEnabled(order is not None)
        self.dispute_button.setEnabled(order is not None and order.evidence_due_at is not None)
        if order is None:
            self.cases.clear()
            return
        cases = lookup.cases_of_order(self.ctx, order.order_id)
        self.cases.setText(
            f"Cases of order {order.order_id}: "
            + ", ".join(f"{c.number} ({c.status.replace('_', ' ')})" for c in cases)
            if cases
            else f"No case yet for order {order.order_id}."
        )

    def new_case(self) -> None:
        order = self.current()
        if order is not None:
            self.new_case_requested.emit(order.id)

    def case_from_dispute(self) -> None:
        order = self.current()
        if order is None:
            return
        try:
            number = disputes.case_from_dispute(self.ctx, order.id)
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self._selected()
        self.case_opened.emit(number)
