"""The saved views of the sidebar (All open, Due today, ...) with live counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_WIDTH = 280  # px: the list beside it keeps the room


class SavedViewsPanel(QListWidget):
    view_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("savedViews")
        self.setMaximumWidth(MAX_WIDTH)
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
        # Never cut a count short ("Awaiting customer  (12…" at 300,000 cases): as wide
        # as the longest line, whatever width the splitter remembered.
        needed = self.sizeHintForColumn(0) + 2 * self.frameWidth() + self.spacing() + 8
        self.setMinimumWidth(min(needed, MAX_WIDTH))

    def select(self, key: str | None) -> None:
        """Highlight a view without emitting (the list was already filtered); None: none."""
        self.blockSignals(True)
        row = next((i for i in range(self.count()) if self.item(i).data(KEY_ROLE) == key), -1)
        self.setCurrentRow(row)
        if row < 0:
            self.clearSelection()
        self.blockSignals(False)

    def show_filter(self, flt: CaseFilter | None) -> None:
        """Highlight the saved view the list shows, or none when it shows something else."""
        self.select(saved_view_of(flt))


_DUE_VIEWS = {"overdue": "overdue", "today": "due_today"}


def saved_view_of(flt: CaseFilter | None) -> str | None:
    """The saved view a filter is, if it is one ('open' + due overdue is 'Overdue')."""
    # The search box and the policy box narrow within a view; a dashboard bar is its own.
    if flt is None or any((flt.status, flt.reason, flt.decision, flt.decided_month)):
        return None
    if flt.due is None:
        return flt.view
    if flt.view == "open" and flt.due in _DUE_VIEWS:
        return _DUE_VIEWS[flt.due]
    return None
