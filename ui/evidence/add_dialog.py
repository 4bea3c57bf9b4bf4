"""AddEvidenceDialog: one row per file (its kind, description, source), one received time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casemanager import display
from casemanager.domain import EVIDENCE_SOURCES, humanize
from casemanager.errors import DomainError
from casemanager.services.evidence.kind_guess import KindGuess
from ui.base_dialog import BaseDialog
from ui.datetime_field import DateTimeField


@dataclass(frozen=True)
class FileDetails:
    kind: str
    description: str
    source: str
    received_at: dt.datetime


class FileRow:
    """The inputs of one file of the batch."""

    def __init__(self, grid: QGridLayout, row: int, guess: KindGuess, kinds, parent) -> None:
        self.name = QLabel(guess.name, parent)
        self.name.setToolTip(f"{guess.name} ({guess.label})")
        self.name.setMinimumWidth(140)
        self.name.setMaximumWidth(260)
        self.kind = QComboBox(parent)
        # Some pack labels are long sentences; keep each row a sensible width.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(28)
        for code, label in kinds:
            self.kind.addItem(label, code)
            self.kind.setItemData(self.kind.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.kind.setCurrentIndex(max(0, self.kind.findData(guess.kind)))
        self.kind.setAccessibleName(f"Kind of {guess.name}")
        self.description = QLineEdit(guess.description, parent)
        self.description.setPlaceholderText("e.g. 'key already used'")
        self.description.setAccessibleName(f"Description of {guess.name}")
        self.source = QComboBox(parent)
        for code in EVIDENCE_SOURCES:
            self.source.addItem(humanize(code), code)
        self.source.setAccessibleName(f"Source of {guess.name}")
        for column, widget in enumerate((self.name, self.kind, self.description, self.source)):
            grid.addWidget(widget, row, column)

    def set_kind(self, code: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(code))


class AddEvidenceDialog(BaseDialog):
    """Asked once per batch (drop, paste or file dialog), with a row for each file."""

    def __init__(
        self,
        guesses: list[KindGuess],
        kinds: list[tuple[str, str]],
        received_at: dt.datetime,
        zone: str = "UTC",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add evidence")
        self.setMinimumWidth(860)
        self._kinds = kinds
        self.rows: list[FileRow] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        holder = QWidget(self)
        self.grid = QGridLayout(holder)
        for column, title in enumerate(("File", "Kind (what it proves)", "Description", "Source")):
            header = QLabel(f"<b>{title}</b>", holder)
            self.grid.addWidget(header, 0, column)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(1000, 1)  # rows stay at the top
        self._holder = holder
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setMinimumHeight(150)
        layout.addWidget(scroll, 1)
        self.add_files(guesses)
        form = QFormLayout()
        # In the case's policy zone, named beside the time, like every time of the case.
        now_wall = received_at.astimezone(display.zone_of(zone)).replace(tzinfo=None)
        self.received = DateTimeField(zone=zone, now_wall=lambda: now_wall, parent=self)
        self.received.set_instant(received_at)
        self.error = self.error_label("error")
        form.addRow("&Received (all files)", self.received)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.rows:
            self.rows[0].kind.setFocus()

    def add_files(self, guesses: list[KindGuess]) -> None:
        """More files dropped while the dialog is open get their own rows."""
        for guess in guesses:
            self.rows.append(FileRow(self.grid, len(self.rows) + 1, guess, self._kinds, self))
        self.intro.setText(
            f"{len(self.rows)} file(s). Each kind is guessed from the file's content; "
            "correct any that is wrong."
        )

    def accept(self) -> None:
        try:
            self.received.instant("received_at")
        except DomainError as exc:  # a received date that cannot be read: say so, stay
            self.error.setText(f"Received: {exc.message}")
            self.received.setFocus()
            return
        super().accept()

    def details(self) -> list[FileDetails]:
        received = self.received.instant("received_at")
        return [
            FileDetails(
                kind=row.kind.currentData(),
                description=row.description.text(),
                source=row.source.currentData(),
                received_at=received,
            )
            for row in self.rows
        ]
