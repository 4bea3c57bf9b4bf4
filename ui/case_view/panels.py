"""The panels of the case view: Deadlines (with Explain), Appeal, History."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import humanize
from casemanager.services.cases.case_detail import BandThresholds, CaseOverview
from ui import formatting
from ui.case_view.deadline_model import COL_COUNTDOWN, COL_NAME, DeadlineModel

MAX_SHOWN_ROWS = 8


class DeadlinesPanel(QGroupBox):
    """Deadlines with live countdowns and, for the selected one, how it was computed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Deadlines", parent)
        self.setObjectName("deadlinesPanel")
        self.model = DeadlineModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("deadlineTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.pause_note = QLabel(self)
        self.pause_note.setObjectName("pauseNote")
        self.pause_note.setWordWrap(True)
        self.explain_button = QPushButton("&Explain", self)
        self.explain_button.setObjectName("explainButton")
        self.explain_button.setCheckable(True)
        self.explain = QPlainTextEdit(self)
        self.explain.setObjectName("explainView")
        self.explain.setReadOnly(True)
        self.explain.setMaximumHeight(120)
        self.explain.hide()
        row = QHBoxLayout()
        row.addWidget(self.pause_note, 1)
        row.addWidget(self.explain_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.explain)
        self.explain_button.toggled.connect(self._toggle_explain)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_explain())
        self.table.doubleClicked.connect(lambda *_: self.explain_button.setChecked(True))

    def show_case(self, view: CaseOverview, thresholds: BandThresholds) -> None:
        current = self.table.currentIndex().row()
        self.model.set_rows(view.deadlines, thresholds, view.time_zone)
        if view.pause_enabled:
            self.pause_note.setText(
                "This policy pauses the clocks while awaiting the customer; a paused "
                "deadline says so and its explanation shows the pause."
            )
        else:
            self.pause_note.setText(f"Times in {view.time_zone} ({view.policy_name}).")
        if any(d.statutory for d in view.deadlines):
            self.pause_note.setText(
                self.pause_note.text() + " Rows marked 'The law' run under the statutes the "
                "policy names, beside your policy's own clocks."
            )
        if view.deadlines:
            self.table.selectRow(max(0, min(current, len(view.deadlines) - 1)))
        self.table.resizeColumnToContents(COL_COUNTDOWN)
        self._fit_rows()
        self._show_explain()

    def _fit_rows(self) -> None:
        """As tall as its rows (up to MAX_SHOWN_ROWS, then it scrolls): room for evidence."""
        shown = max(1, min(self.model.rowCount(), MAX_SHOWN_ROWS))
        row = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        scrollbar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(header + shown * row + 2 * self.table.frameWidth() + scrollbar)

    def _toggle_explain(self, on: bool) -> None:
        self.explain.setVisible(on)
        self._show_explain()

    def _show_explain(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or row >= self.model.rowCount():
            self.explain.setPlainText("")
            return
        d = self.model.row_at(row)
        lines = [
            f"{d.label}, set by {d.set_by}",
            *d.explanation,
            f"State: {d.state_text()}",
        ]
        self.explain.setPlainText("\n".join(lines))


class AppealPanel(QGroupBox):
    """The decision, the appeals against it and any escalation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Decision and appeal", parent)
        self.setObjectName("appealPanel")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("appealText")
        self.text.setReadOnly(True)
        QVBoxLayout(self).addWidget(self.text)

    def show_case(self, view: CaseOverview) -> None:
        lines: list[str] = []
        zone = view.time_zone
        for d in view.decisions:
            refund = (
                formatting.money(Decimal(d.refund_amount), view.currency) if d.refund_amount else ""
            )
            amount = f", refund {refund}" if refund else ""
            lines.append(
                f"Decision {formatting.when(d.decided_at, zone)} by {d.decided_by}: "
                f"{humanize(d.outcome)}{', ' + humanize(d.remedy) if d.remedy else ''}{amount}; "
                f"clauses {', '.join(d.clauses)}"
            )
            if d.assessment:
                cited = ", ".join(d.assessment_clauses)
                clauses = f" (clause {cited})" if cited else ""
                lines.append(f"    Assessment when decided: {humanize(d.assessment)}{clauses}")
            if d.override_finding:
                ids = ", ".join(f"#{i}" for i in d.override_evidence) or "none named"
                lines.append(f"    OVERRIDE of the assessment. Finding: {d.override_finding}")
                lines.append(f"    Evidence relied on: {ids}")
            if d.explanation:
                lines.append(f"    {d.explanation}")
            if d.amount_reason:
                lines.append(f"    Amount differs from the assessment: {d.amount_reason}")
        allowed = view.appeals_allowed
        lines.append(
            f"Appeals: the policy allows {allowed} per decision; {view.appeals_left} left."
            if allowed
            else "Appeals: the policy allows none; a rejection may go to escalation."
        )
        for a in view.appeals:
            flag = " LATE (after the appeal deadline)" if a.late else ""
            lines.append(f"Appeal filed {formatting.when(a.filed_at, zone)}{flag}: {a.grounds}")
            if a.evidence_note:
                lines.append(f"    Supplementary proof: {a.evidence_note}")
            if a.reviewer:
                lines.append(f"    Reviewer: {a.reviewer}")
            if a.outcome:
                when = formatting.when(a.decided_at, zone)
                lines.append(
                    f"    {a.outcome.capitalize()} {when}; clauses {', '.join(a.clauses)}: "
                    f"{a.explanation}"
                )
                if a.assessment:
                    lines.append(f"    Assessment when decided: {humanize(a.assessment)}")
                if a.override_finding:
                    lines.append(f"    OVERRIDE of the assessment. Finding: {a.override_finding}")
        for e in view.escalations:
            lines.append(
                f"{humanize(e.kind)} from {e.started_on}: {e.counterpart}"
                f"{' ref ' + e.reference if e.reference else ''}"
                f"{' — ' + e.outcome if e.outcome else ''}"
            )
        self.text.setPlainText("\n".join(lines))


class HistoryPanel(QGroupBox):
    """The case's audit events, oldest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("historyPanel")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(["When", "Who", "What", "Details"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self).addWidget(self.table)

    def show_case(self, view: CaseOverview) -> None:
        self.table.setRowCount(len(view.history))
        for r, item in enumerate(view.history):
            values = (formatting.when(item.at, view.time_zone), item.actor, humanize(item.kind))
            for c, value in enumerate((*values, item.summary)):
                cell = QTableWidgetItem(value)
                if c == 0:
                    cell.setToolTip(formatting.tooltip(item.at, view.time_zone))
                self.table.setItem(r, c, cell)
