"""EvidenceModel: the case's evidence as a list of thumbnails for a QListView."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from casemanager.services.evidence.intake import EvidenceItem, human_size
from ui import formatting

ItemRole = Qt.ItemDataRole.UserRole + 1

_CATEGORY_ICONS = {
    "pdf": QStyle.StandardPixmap.SP_FileIcon,
    "text": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "email": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "document": QStyle.StandardPixmap.SP_FileIcon,
    "image": QStyle.StandardPixmap.SP_FileIcon,
}


class EvidenceModel(QAbstractListModel):
    """One row per piece of evidence; the icon is its thumbnail once decoded."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.zone: str | None = None  # the case's policy zone, set by the tab
        self._items: list[EvidenceItem] = []
        self._thumbs: dict[str, QIcon] = {}  # by sha256
        self._broken: dict[str, str] = {}  # sha256 -> why no thumbnail
        self._kind_labels: dict[str, str] = {}

    def set_items(self, items: list[EvidenceItem], kind_labels: dict[str, str]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._kind_labels = kind_labels
        self.endResetModel()

    def item(self, row: int) -> EvidenceItem:
        return self._items[row]

    def items(self) -> list[EvidenceItem]:
        return list(self._items)

    def has_thumbnail(self, sha: str) -> bool:
        return sha in self._thumbs or sha in self._broken

    def set_thumbnail(self, sha: str, image: QImage) -> None:
        self._thumbs[sha] = QIcon(QPixmap.fromImage(image))
        self._changed(sha)

    def set_broken(self, sha: str, reason: str) -> None:
        self._broken[sha] = reason
        self._changed(sha)

    def broken_reason(self, sha: str) -> str | None:
        return self._broken.get(sha)

    def _changed(self, sha: str) -> None:
        for row, item in enumerate(self._items):
            if item.sha256 == sha:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✔ " if item.verified_at else ""
            return f"{mark}{item.name}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        if role == ItemRole:
            return item
        return None

    def _icon(self, item: EvidenceItem) -> QIcon:
        style = QApplication.style()
        if item.sha256 in self._thumbs:
            return self._thumbs[item.sha256]
        if item.sha256 in self._broken:
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return style.standardIcon(
            _CATEGORY_ICONS.get(item.category, QStyle.StandardPixmap.SP_FileIcon)
        )

    def _tooltip(self, item: EvidenceItem) -> str:
        lines = [
            item.name,
            self._kind_labels.get(item.kind, item.kind),
            f"{human_size(item.size)}, from {item.source.replace('_', ' ')}",
            f"Received {formatting.when(item.received_at, self.zone)}",
        ]
        if item.description:
            lines.append(item.description)
        if item.verified_at:
            lines.append(f"Verified by {item.verified_by}: {item.verified_note}")
        broken = self._broken.get(item.sha256 or "")
        if broken:
            lines.append(f"No preview: {broken}")
        return "\n".join(lines)
