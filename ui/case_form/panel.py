"""The live assessment beside the case form: decision, clause, evidence, report deadline."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from casemanager import display
from casemanager.services.cases.drafts import AssessmentView
from ui import theme
from ui.case_form.labels import decision_label, field_label

DECISION_COLOURS = {
    "eligible": "#2e7d32",
    "premature": "#b26a00",
    "needs_evidence": "#1565c0",
}  # "ineligible" takes the theme's error colour


class AssessmentPanel(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(320)
        self.setMaximumWidth(440)
        self.title = QLabel("<b>Assessment</b>")
        self.decision = QLabel()
        self.decision.setObjectName("decision")
        self.clause = QLabel()
        self.clause.setObjectName("clause")
        self.clause.setTextFormat(Qt.TextFormat.RichText)  # problems are escaped like the clause
        self.clause.setWordWrap(True)
        self.checklist = QLabel()
        self.checklist.setObjectName("checklist")
        self.checklist.setWordWrap(True)
        self.deadline = QLabel()
        self.deadline.setObjectName("reportDeadline")
        self.deadline.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        for widget in (
            self.title,
            self.decision,
            self.clause,
            self.checklist,
            self.deadline,
            self.explanation,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_view(self, view: AssessmentView) -> None:
        if view.problem:
            self.decision.setText("<i>Not assessed yet</i>")
            where = f"{field_label(view.problem_field)}: " if view.problem_field else ""
            self.clause.setText(html.escape(where + view.problem))
            for label in (self.checklist, self.deadline, self.explanation):
                label.clear()
            return
        if view.decision == "ineligible":
            colour = theme.error_colour()
        else:
            colour = DECISION_COLOURS.get(view.decision, "palette(text)")
        refund = (
            f" — refund {display.money(view.refund_amount, view.currency)}"
            if view.refund_amount is not None
            else ""
        )
        self.decision.setText(
            f'<span style="font-size:15pt; font-weight:600; color:{colour}">'
            f"{html.escape(decision_label(view.decision))}</span>{html.escape(refund)}"
        )
        self.clause.setText(
            f"<b>Clause {html.escape(view.clause_id)}: {html.escape(view.clause_title)}</b>"
            f"<blockquote style='margin:4px 8px'>“{html.escape(view.clause_text)}”</blockquote>"
        )
        if view.checklist:
            items = "".join(
                f"<li>{'☑' if item.present else '☐'} {html.escape(item.label)}"
                f"{'' if item.required else ' (optional)'}</li>"
                for item in view.checklist
            )
            self.checklist.setText(f"<b>Evidence</b><ul style='margin:2px'>{items}</ul>")
        else:
            self.checklist.setText("<b>Evidence</b>: none required")
        self.deadline.setText(
            f"<b>Report deadline</b>: {html.escape(display.when(view.report_deadline))}"
            if view.report_deadline
            else "<b>Report deadline</b>: none for this reason"
        )
        self.deadline.setToolTip(display.iso(view.report_deadline))
        self.explanation.setText("<br>".join(html.escape(line) for line in view.explanation))
