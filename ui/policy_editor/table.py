"""A table of text cells with Add and Remove buttons, as the pack form's tabs use."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def split(text: str) -> list[str]:
    """'a, b,, c' -> ['a', 'b', 'c']."""
    return [x.strip() for x in text.split(",") if x.strip()]


class RowTable(QTableWidget):
    """A table of text cells with Add and Remove buttons under it (see ``holder``)."""

    def __init__(self, headers: tuple[str, ...], name: str, parent=None) -> None:
        super().__init__(0, len(headers), parent)
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(headers))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.holder = QWidget(parent)
        add, remove = QPushButton("Add"), QPushButton("Remove")
        add.setObjectName(f"{name}Add")
        remove.setObjectName(f"{name}Remove")
        add.clicked.connect(lambda: self.add_row([""] * self.columnCount()))
        remove.clicked.connect(lambda: self.removeRow(max(0, self.currentRow())))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.holder)
        layout.addWidget(self)
        layout.addLayout(buttons)

    def add_row(self, values: list[str], editable_first: bool = True) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for col, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            self.setItem(row, col, item)

    def cell(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item else ""

    def set_cell(self, row: int, col: int, value: str) -> None:
        self.item(row, col).setText(value)

    def find(self, col: int, value: str) -> int:
        return next((r for r in range(self.rowCount()) if self.cell(r, col) == value), -1)

    def rows(self) -> list[list[str]]:
        return [
            [self.cell(r, c) for c in range(self.columnCount())] for r in range(self.rowCount())
        ]
