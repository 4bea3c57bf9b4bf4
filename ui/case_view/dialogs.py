"""Dialogs of the case view: decision, appeal, escalation, information request, notice.

Each dialog only gathers input; ``submit`` calls a service. A refused input
shows the service's message (naming the field) and keeps everything typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager import display
from casemanager.domain import ESCALATION_KINDS, humanize
from casemanager.errors import DomainError
from casemanager.services.lifecycle.decisions import (
    EXPLANATION_LIMIT,
    OUTCOMES,
    REMEDIES,
    DecisionInput,
    Proposal,
)
from casemanager.services.lifecycle.escalations import EscalationInfo
from ui.base_dialog import BaseDialog
from ui.datetime_field import DateTimeField


class FormDialog(BaseDialog):
    """A form with OK/Cancel; OK runs ``submit`` and stays open on a refused input."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(580)
        outer = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.error = self.error_label("error")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.intro)
        outer.addLayout(self.form)
        outer.addWidget(self.error)
        outer.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}
        self.submit: Callable[[], object] | None = None

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        self.form.addRow(label, widget)
        self.fields[name] = widget
        return widget

    def people_message(self, exc: DomainError) -> str:
        """The refusal with its field named as the form labels it ('Grounds: …', not 'grounds:')."""
        widget = self.fields.get(exc.field or "")
        label = self.form.labelForField(widget) if widget is not None else None
        prefix = f"{exc.field}: "
        if label is None or not exc.message.startswith(prefix):
            return exc.message
        name = label.text().replace("&", "").split(" (")[0].rstrip(" *:")
        return f"{name}: {exc.message.removeprefix(prefix)}"

    def accept(self) -> None:
        if self.submit is not None:
            try:
                self.submit()
            except DomainError as exc:
                self.error.setText(self.people_message(exc))
                self.error.show()
                widget = self.fields.get(exc.field)
                if widget is not None:
                    widget.setFocus()
                return
        super().accept()


def instant_of(field: DateTimeField, name: str = "") -> dt.datetime:
    """The instant typed or picked (the field shows the case's policy time zone)."""
    return field.instant(name)


def instant_edit(value: dt.datetime, zone: str) -> DateTimeField:
    field = DateTimeField(zone=zone, now_wall=lambda: dt.datetime.now(display.zone_of(zone)))
    field.set_instant(value)
    return field


def note_dialog(title: str, label: str, required: bool, parent=None) -> FormDialog:
    """One text field: a note, or what the customer must send, or the notice given."""
    dialog = FormDialog(title, parent)
    box = dialog.add("note", label + ("" if required else " (optional)"), QPlainTextEdit())
    box.setFixedHeight(90)
    return dialog


class DecisionDialog(FormDialog):
    """Outcome, remedy, clause reasons, explanation, refund amount and who decided.

    The clauses offered follow the outcome (a rejection only the clauses that can
    support one). An outcome that departs from the assessment shows a warning and the
    override fields: the finding and the evidence it rests on, which the service requires.
    """

    def __init__(self, title: str, proposal: Proposal, actor: str, parent=None) -> None:
        super().__init__(title, parent)
        self.proposal = proposal
        lines = [f"Assessment: {humanize(proposal.assessment)}"]
        if proposal.clauses:
            lines.append("Clauses: " + ", ".join(proposal.clauses))
        lines += list(proposal.explanation)
        if proposal.refund_line:
            lines.append(proposal.refund_line)
        self.set_intro("\n".join(lines))
        self.outcome = self.add("outcome", "Outcome", QComboBox())
        for code in OUTCOMES:
            self.outcome.addItem(humanize(code), code)
        self.outcome.setCurrentIndex(OUTCOMES.index(proposal.outcome))
        self.remedy = self.add("remedy", "Remedy", QComboBox())
        for code in proposal.remedies or REMEDIES:
            self.remedy.addItem(humanize(code), code)
        if proposal.remedies:
            self.remedy.setCurrentIndex(len(proposal.remedies) - 1)
        self.clauses = self.add("clauses", "Reasons (clauses)", QListWidget())
        self.clauses.setFixedHeight(130)
        self.warning = self.error_label("departure")
        self.warning.hide()
        self.form.addRow(self.warning)
        self.finding = self.add("finding", "Finding (override)", QPlainTextEdit())
        self.finding.setPlaceholderText(
            "What you found that the policy assessment does not show, e.g. the "
            "manufacturer's server shows the key activated on 4 March, before the claim"
        )
        self.finding.setFixedHeight(60)
        self.finding_evidence = self.add("override_evidence", "Rests on evidence", QListWidget())
        for eid, label in proposal.evidence_choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, eid)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.finding_evidence.addItem(item)
        self.finding_evidence.setFixedHeight(70)
        self.explanation = self.add("explanation", "Explanation", QPlainTextEdit())
        self.explanation.setFixedHeight(80)
        self.explanation_count = QLabel(self)
        self.explanation_count.setObjectName("explanation_count")
        self.form.addRow("", self.explanation_count)
        self.explanation.textChanged.connect(self._count_explanation)
        self._count_explanation()
        amount = "" if proposal.refund_amount is None else str(proposal.refund_amount)
        self.amount = self.add("refund_amount", f"Refund ({proposal.currency})", QLineEdit(amount))
        self.amount_reason = self.add("amount_reason", "Why a different amount", QLineEdit())
        self.decided_by = self.add("decided_by", "Decided by", QLineEdit(actor))
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        outcome = self.outcome.currentData()
        approved = outcome == "approved"
        for w in (self.remedy, self.amount, self.amount_reason):
            w.setEnabled(approved)
        choices = self.proposal.clause_choices if approved else self.proposal.rejection_choices
        suggested = set(self.proposal.clauses)
        self.clauses.clear()
        for cid, title_ in choices:
            item = QListWidgetItem(f"{cid}  {title_}")
            item.setData(Qt.ItemDataRole.UserRole, cid)
            on = cid in suggested and (approved == (self.proposal.outcome == "approved"))
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.clauses.addItem(item)
        departs = self.proposal.departure(outcome)
        self.warning.setVisible(departs is not None)
        if departs:
            self.warning.setText(
                f"Override: {departs}. This is recorded as an override: state your finding and "
                "tick the evidence it rests on; the letter will give the finding."
            )
        for w in (self.finding, self.finding_evidence):
            w.setEnabled(departs is not None)

    def _count_explanation(self) -> None:
        # The letter prints the explanation in full; the service refuses a longer one.
        used = len(self.explanation.toPlainText().strip())
        over = used > EXPLANATION_LIMIT
        self.explanation_count.setText(
            f"{used:,} of {EXPLANATION_LIMIT:,} characters"
            + (f": {used - EXPLANATION_LIMIT:,} too many" if over else "")
        )
        self.explanation_count.setStyleSheet(self.error.styleSheet() if over else "")

    def check_clause(self, clause_id: str, on: bool = True) -> None:
        for i in range(self.clauses.count()):
            item = self.clauses.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == clause_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def check_evidence(self, evidence_id: int, on: bool = True) -> None:
        for i in range(self.finding_evidence.count()):
            item = self.finding_evidence.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == evidence_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    @staticmethod
    def _checked(widget: QListWidget) -> list:
        return [
            widget.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    def value(self) -> DecisionInput:
        approved = self.outcome.currentData() == "approved"
        departs = self.proposal.departure(self.outcome.currentData()) is not None
        return DecisionInput(
            outcome=self.outcome.currentData(),
            clauses=self._checked(self.clauses),
            explanation=self.explanation.toPlainText(),
            decided_by=self.decided_by.text(),
            remedy=self.remedy.currentData() if approved else None,
            refund_amount=self.amount.text().strip() or None,
            amount_reason=self.amount_reason.text(),
            finding=self.finding.toPlainText() if departs else "",
            finding_evidence=self._checked(self.finding_evidence) if departs else [],
        )


class ReviewerDialog(FormDialog):
    """Who reviews the appeal; warns at once when it is the person who decided."""

    def __init__(self, actor: str, warning_for: Callable[[str], str | None], parent=None):
        super().__init__("Start appeal review", parent)
        self.warning_for = warning_for
        self.reviewer = self.add("reviewer", "Reviewer", QLineEdit(actor))
        self.warning = self.error_label("selfReview")
        self.form.addRow(self.warning)
        self.reviewer.textChanged.connect(lambda *_: self._check())
        self._check()

    def _check(self) -> None:
        text = self.warning_for(self.reviewer.text())
        self.warning.setText(text or "")
        self.warning.setVisible(bool(text))


class AppealDialog(FormDialog):
    """Date filed (checked against appeal_by by the service), grounds, supplementary proof."""

    def __init__(self, now: dt.datetime, zone: str, appeal_by: str | None, parent=None) -> None:
        super().__init__("File appeal", parent)
        due = f"Appeal due by {appeal_by}." if appeal_by else "No appeal deadline is set."
        self.set_intro(due + " A later appeal is recorded and flagged late.")
        self.filed_at = self.add("filed_at", "Filed at", instant_edit(now, zone))
        self.grounds = self.add("grounds", "Grounds", QPlainTextEdit())
        self.grounds.setFixedHeight(80)
        self.evidence = self.add("evidence_note", "Supplementary proof", QLineEdit())


class EscalationDialog(FormDialog):
    """Negotiation, mediation, arbitration or litigation: date, counterpart, reference."""

    def __init__(self, today: dt.date, parent=None) -> None:
        super().__init__("Escalate", parent)
        self.kind = self.add("kind", "Kind", QComboBox())
        for code in ESCALATION_KINDS:
            self.kind.addItem(humanize(code), code)
        self.started_on = self.add("started_on", "Started on", QDateEdit())
        self.started_on.setCalendarPopup(True)
        self.started_on.setDisplayFormat("yyyy-MM-dd")
        self.started_on.setDate(QDate(today.year, today.month, today.day))
        self.counterpart = self.add("counterpart", "Counterpart", QLineEdit())
        self.reference = self.add("reference", "Reference", QLineEdit())
        self.outcome = self.add("outcome", "Outcome (if known)", QLineEdit())

    def started(self) -> dt.date:
        return self.started_on.date().toPython()


class EscalationOutcomeDialog(FormDialog):
    def __init__(self, escalations: tuple[EscalationInfo, ...], parent=None) -> None:
        super().__init__("Record escalation outcome", parent)
        self.which = self.add("escalation", "Escalation", QComboBox())
        for e in reversed(escalations):
            self.which.addItem(f"{humanize(e.kind)} {e.started_on} {e.counterpart}", e.id)
        self.outcome = self.add("outcome", "Outcome", QLineEdit())


class EvidenceSentDialog(FormDialog):
    """When the dispute evidence went to the payment provider, and what was sent."""

    def __init__(self, provider: str, due: str, now: dt.datetime, zone: str, parent=None) -> None:
        super().__init__(f"Evidence sent to {provider}", parent)
        self.set_intro(
            f"{provider} wants the dispute evidence by {due}. Recorded as sent, the deadline "
            "is met (sent after it, it shows missed); the step can be undone for a while."
        )
        self.sent_at = self.add("at", "Sent at", instant_edit(now, zone))
        self.note = self.add("note", "What was sent (optional)", QPlainTextEdit())
        self.note.setFixedHeight(70)
