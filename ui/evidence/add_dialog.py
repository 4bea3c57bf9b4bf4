"""AddEvidenceDialog: what a batch of files is, where it came from, when it arrived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager import display
from casemanager.domain import EVIDENCE_SOURCES, humanize
from casemanager.errors import DomainError
from ui.base_dialog import BaseDialog
from ui.datetime_field import DateTimeField


@dataclass(frozen=True)
class BatchDetails:
    kind: str
    description: str
    source: str
    received_at: dt.datetime


class AddEvidenceDialog(BaseDialog):
    """Asked once per batch (drop, paste or file dialog); applies to every file in it."""

    def __init__(
        self,
        names: list[str],
        kinds: list[tuple[str, str]],
        default_kind: str,
        received_at: dt.datetime,
        parent: QWidget | None = None,
        zone: str = "UTC",
    ) -> None:
        """``received_at`` is shown (and typed) in ``zone``, the case's policy zone."""
        super().__init__(parent)
        self.setWindowTitle("Add evidence")
        layout = QVBoxLayout(self)
        shown = names[:8] + ([f"… and {len(names) - 8} more"] if len(names) > 8 else [])
        files = QLabel(f"{len(names)} file(s):\n" + "\n".join(shown), self)
        files.setWordWrap(True)
        layout.addWidget(files)
        form = QFormLayout()
        self.kind = QComboBox(self)
        # Some pack labels are long sentences; keep the dialog a sensible width.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(40)
        for code, label in kinds:
            self.kind.addItem(label, code)
            self.kind.setItemData(self.kind.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.kind.setCurrentIndex(max(0, self.kind.findData(default_kind)))
        self.description = QLineEdit(self)
        self.description.setPlaceholderText("e.g. screenshot of 'key already used'")
        self.source = QComboBox(self)
        for code in EVIDENCE_SOURCES:
            self.source.addItem(humanize(code), code)
        now_wall = received_at.astimezone(display.zone_of(zone)).replace(tzinfo=None)
        self.received = DateTimeField(zone=zone, now_wall=lambda: now_wall, parent=self)
        self.received.set_instant(received_at)
        self.error = self.error_label("error")
        form.addRow("&Kind", self.kind)
        form.addRow("&Description", self.description)
        form.addRow("&Source", self.source)
        form.addRow("&Received", self.received)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.received.instant("received_at")
        except DomainError as exc:  # a received date that cannot be read: say so, stay
            self.error.setText(f"Received: {exc.message}")
            self.received.setFocus()
            return
        super().accept()

    def details(self) -> BatchDetails:
        received = self.received.instant("received_at")
        return BatchDetails(
            kind=self.kind.currentData(),
            description=self.description.text(),
            source=self.source.currentData(),
            received_at=received,
        )
