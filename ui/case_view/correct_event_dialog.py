"""Correct when a recorded event of a case happened: which event, the true instant, and why.

The service recomputes the case's deadlines from the corrected instant, and the
history keeps the old instant beside the note. A refused input shows the
service's message and keeps everything typed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import humanize
from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.lifecycle import transitions
from ui.base_dialog import BaseDialog
from ui.case_view.dialogs import instant_edit, instant_of


class CorrectEventDialog(BaseDialog):
    """Event (from those the case has), new date and time in the policy's zone, a required note."""

    def __init__(
        self,
        ctx: AppContext,
        number: str,
        zone: str,
        events: list[tuple[str, dt.datetime]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.number, self.recorded = ctx, number, dict(events)
        self.setWindowTitle("Correct an event date")
        self.setMinimumWidth(520)
        intro = QLabel(
            "The deadlines follow the corrected date; the history keeps the old one and your note.",
            self,
        )
        intro.setWordWrap(True)
        self.event = QComboBox(self)
        self.event.setObjectName("event")
        for name, _at in events:
            self.event.addItem(humanize(name.removesuffix("_at")), name)
        self.when = instant_edit(events[0][1], zone)
        self.when.setObjectName("when")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setFixedHeight(80)
        self.note.setPlaceholderText("Why the recorded date was wrong (required)")
        form = QFormLayout()
        form.addRow("Event", self.event)
        form.addRow("Happened at", self.when)
        form.addRow("Note", self.note)
        self.error = self.error_label()
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.event.currentIndexChanged.connect(self._event_chosen)
        # The date field joined the dialog after the note: Tab follows the rows instead.
        QWidget.setTabOrder(self.event, self.when.edit)
        QWidget.setTabOrder(self.when.edit, self.note)

    def _event_chosen(self) -> None:
        """Start from the instant recorded for the chosen event."""
        at = self.recorded[self.event.currentData()]
        self.when.set_instant(at)

    def accept(self) -> None:
        event = self.event.currentData()
        try:
            transitions.correct_event(
                self.ctx, self.number, event, instant_of(self.when, "at"), self.note.toPlainText()
            )
        except DomainError as exc:
            self.error.setText(exc.message)
            self.error.show()
            focus = {"note": self.note, "event": self.event}.get(exc.field, self.when)
            focus.setFocus()
            return
        super().accept()
