"""The saved views of the sidebar (All open, Due today, ...) with live counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from casemanager.services.cases import case_list

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class SavedViewsPanel(QListWidget):
    view_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("savedViews")
        self.setMaximumWidth(200)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for view in case_list.SAVED_VIEWS:
            item = QListWidgetItem(view.label)
            item.setData(KEY_ROLE, view.key)
            # The counts are of cases (by their next deadline); Reminders counts deadlines.
            item.setToolTip(f"{view.label}: the number of cases")
            self.addItem(item)
        self.setCurrentRow(0)
        self.currentItemChanged.connect(self._chosen)

    def _chosen(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.view_chosen.emit(current.data(KEY_ROLE))

    def set_counts(self, counts: dict[str, int]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            view = case_list.SAVED_VIEWS[i]
            n = counts.get(view.key)
            item.setText(view.label if n is None else f"{view.label}  ({n:,})")

    def select(self, key: str) -> None:
        """Highlight a view without emitting (the list was already filtered)."""
        self.blockSignals(True)
        for i in range(self.count()):
            if self.item(i).data(KEY_ROLE) == key:
                self.setCurrentRow(i)
        self.blockSignals(False)
