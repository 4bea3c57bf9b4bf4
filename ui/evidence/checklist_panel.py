"""ChecklistPanel: the proof the policy asks for, ticked, and the decision it leads to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from casemanager.domain import humanize
from casemanager.services.evidence.checklist import CaseAssessment, ChecklistItem

TICK, CROSS = "✔", "✘"
KindRole = Qt.ItemDataRole.UserRole
MISSING_COLOUR = QColor(170, 40, 40)


class ChecklistPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Required proof</b>", self)
        self.summary = QLabel(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.decision = QLabel(self)
        self.decision.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.decision)

    def show_checklist(self, items: list[ChecklistItem]) -> None:
        self.list.clear()
        for item in items:
            mark = TICK if item.satisfied else CROSS
            detail = ""
            if item.evidence_count:
                detail = f" — {item.evidence_count} file{'s' if item.evidence_count > 1 else ''}"
            elif item.note:
                detail = f" — {item.note}"
            elif not item.satisfied:
                detail = " — missing"
            row = QListWidgetItem(f"{mark} {item.label}{detail}")
            row.setData(KindRole, item.kind)
            row.setForeground(self.palette().text() if item.satisfied else QBrush(MISSING_COLOUR))
            self.list.addItem(row)
        done = sum(i.satisfied for i in items)
        self.summary.setText(
            f"{done} of {len(items)} provided" if items else "This reason needs no proof."
        )

    def show_assessment(self, result: CaseAssessment) -> None:
        if result.assessment is None:
            self.decision.setText(f"<b>Decision now:</b> cannot assess — {result.error}")
            return
        a = result.assessment
        clauses = ", ".join(a.clauses)
        text = f"<b>Decision now:</b> {humanize(a.decision)} (clause {clauses})"
        if a.missing_evidence:
            text += f"<br>Still missing: {', '.join(humanize(k) for k in a.missing_evidence)}"
        self.decision.setText(text)
