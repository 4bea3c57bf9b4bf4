"""Map the columns of an export no reader knows, once: the mapping is saved for its header."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.orders import mappings
from ui.base_dialog import BaseDialog

LABELS = {
    "order_id": "Order id",
    "line_id": "Line id",
    "customer_name": "Customer name",
    "customer_email": "Customer e-mail",
    "product_name": "Product",
    "product_sku": "SKU",
    "amount": "Amount paid",
    "currency": "Currency",
    "purchased_at": "Purchased at",
    "delivered_at": "Delivered at",
    "payment_method": "Payment method",
    "transaction_id": "Transaction id",
    "licence_key": "Licence key",
}
# Words a column name often holds for each field: the first guess the owner corrects.
HINTS = {
    "order_id": ("order", "ref", "number", "id"),
    "customer_name": ("name", "buyer", "customer"),
    "customer_email": ("mail",),
    "product_name": ("product", "item", "title"),
    "product_sku": ("sku",),
    "amount": ("amount", "total", "paid", "price", "gross"),
    "currency": ("currency", "curr"),
    "purchased_at": ("date", "when", "created", "purchased", "time"),
    "delivered_at": ("deliver",),
    "payment_method": ("method", "gateway"),
    "transaction_id": ("transaction", "txn"),
    "licence_key": ("key", "licen"),
}
NOT_MAPPED = "(not in this file)"


def guess(header: list[str]) -> dict[str, str]:
    """A first mapping from the column names: each column used at most once."""
    taken: set[str] = set()
    chosen: dict[str, str] = {}
    for name, words in HINTS.items():
        for column in header:
            low = column.lower()
            if column not in taken and any(w in low for w in words):
                chosen[name] = column
                taken.add(column)
                break
    return chosen


class ColumnMappingDialog(BaseDialog):
    """One row per order field: which column holds it, with the first rows' values shown."""

    default_size = (620, 620)
    mapping_saved = Signal(str)  # the header signature

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.setWindowTitle(f"Map the columns of {path.name}")
        self.header, self.sample = mappings.file_sample(path)
        start = mappings.saved_mapping(ctx, self.header) or guess(self.header)
        intro = QLabel(
            "This file is no export the program knows. Say once which column holds what; "
            "files with the same columns are then read the same way. Fields marked * are needed."
        )
        intro.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, required in mappings.FIELDS.items():
            combo = QComboBox()
            combo.setObjectName(f"map_{name}")
            combo.addItem(NOT_MAPPED, "")
            for column in self.header:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(0, combo.findData(start.get(name, ""))))
            value = QLabel()
            value.setObjectName(f"sample_{name}")
            combo.currentIndexChanged.connect(lambda _i, n=name: self._show_sample(n))
            row = QVBoxLayout()
            row.setSpacing(0)
            row.addWidget(combo)
            row.addWidget(value)
            form.addRow(LABELS[name] + (" *" if required else ""), row)
            self.combos[name] = combo
            self.values[name] = value
            self._show_sample(name)
        self.platform = QLineEdit(str(start.get("platform", "")))
        self.platform.setObjectName("mapPlatform")
        self.platform.setPlaceholderText("csv")
        self.platform.setToolTip("A short name for the shop system (orders are keyed by it)")
        self.currency_default = QLineEdit(str(start.get("currency_default", "")))
        self.currency_default.setObjectName("mapCurrency")
        self.currency_default.setPlaceholderText("e.g. EUR, when no column gives it")
        self.currency_default.setMaxLength(3)
        self.minor_units = QCheckBox("Amounts are in cents or paise (1250 means 12.50)")
        self.minor_units.setObjectName("mapMinorUnits")
        self.minor_units.setChecked(_flag(start.get("minor_units")))
        self.day_first = QCheckBox("Dates are written day first (31/01/2026)")
        self.day_first.setObjectName("mapDayFirst")
        self.day_first.setChecked(_flag(start.get("day_first")))
        form.addRow("Shop system", self.platform)
        form.addRow("Currency of every row", self.currency_default)
        form.addRow("", self.minor_units)
        form.addRow("", self.day_first)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.message = self.error_label("mappingError")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save mapping")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _show_sample(self, name: str) -> None:
        column = self.combos[name].currentData()
        shown = [row.get(column, "") for row in self.sample] if column else []
        text = " · ".join(v if len(v) <= 40 else v[:39] + "…" for v in shown if v)
        self.values[name].setText(f"e.g. {text}" if text else "")

    def mapping(self) -> dict[str, str]:
        """The mapping as chosen (fields without a column left out)."""
        chosen = {n: c.currentData() for n, c in self.combos.items() if c.currentData()}
        if self.platform.text().strip():
            chosen["platform"] = self.platform.text().strip().lower()
        if self.currency_default.text().strip():
            chosen["currency_default"] = self.currency_default.text().strip().upper()
        if self.minor_units.isChecked():
            chosen["minor_units"] = "yes"
        if self.day_first.isChecked():
            chosen["day_first"] = "yes"
        return chosen

    def save(self) -> bool:
        try:
            signature = mappings.save_mapping(self.ctx, self.header, self.mapping())
        except DomainError as exc:
            self.message.setText(str(exc))
            return False
        self.mapping_saved.emit(signature)
        self.accept()
        return True


def _flag(value: object) -> bool:
    return str(value or "").lower() in ("1", "true", "yes")
