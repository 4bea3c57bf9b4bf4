"""The case view: header, allowed actions, Deadlines, Evidence, Appeal, Letters, History."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import humanize
from casemanager.services.cases import case_detail
from casemanager.services.cases.case_detail import CaseOverview
from casemanager.services.context import AppContext
from casemanager.services.lifecycle import (
    appeals,
    decisions,
    escalations,
    next_step,
    transitions,
    undo,
)
from casemanager.services.lifecycle.next_step import NextStep
from casemanager.services.lifecycle.transitions import ACTIONS
from casemanager.services.orders import disputes
from ui import formatting, layout_memory
from ui.case_view import dialogs
from ui.case_view.actions import FINAL_WARNINGS, NOTE_PROMPTS, SHORTCUTS
from ui.case_view.correct_event_dialog import CorrectEventDialog
from ui.case_view.letters_panel import LettersPanel
from ui.case_view.panels import AppealPanel, DeadlinesPanel, HistoryPanel
from ui.evidence import EvidenceTab
from ui.mail.case_drop import MailDrop

SPLIT_KEY = "case_view/splitter"


def due_text(when: dt.datetime, zone: str) -> str:
    """'Sat 5 Dec 2026, 23:59 IST (UTC+05:30)': the instant in the case's zone."""
    local = when.astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    return (
        f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()} "
        f"(UTC{offset[:3]}:{offset[3:]})"
    )


def lifecycle_actions(parent: QWidget | None = None) -> dict[str, QAction]:
    """One QAction per lifecycle action, with its label and shortcut (not yet connected)."""
    out = {}
    for name, spec in ACTIONS.items():
        action = QAction(spec.label + "…", parent)
        action.setObjectName(f"qaction_{name}")
        action.setShortcut(QKeySequence(SHORTCUTS[name]))
        out[name] = action
    return out


class CaseView(QWidget):
    """One case; every button calls a service and then re-reads the case."""

    case_changed = Signal(str)
    undo_offered = Signal(object)  # an UndoOffer for the step just taken

    def __init__(self, ctx: AppContext, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.number = case_number
        self.view: CaseOverview | None = None
        self.active_dialog: dialogs.FormDialog | None = None
        self.correct_dialog: CorrectEventDialog | None = None
        self.setObjectName("caseView")
        self.setWindowTitle(f"Case {case_number}")
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.refresh()
        self.timer.start()

    # -- construction -------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel(self)
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.actions_row = QHBoxLayout()
        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("actionsMenuButton")
        self.menu_button.setText("All actions")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = self._build_menu()
        self.menu_button.setMenu(self.menu)
        self.buttons: dict[str, QPushButton] = {}
        for name, action in self.qactions.items():
            button = QPushButton(action.text().replace("&", ""), self)
            button.setObjectName(f"action_{name}")
            button.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
            button.clicked.connect(action.trigger)
            button.hide()
            self.buttons[name] = button
            self.actions_row.addWidget(button)
        # A dispute's evidence-due is the provider's: met by sending it, not by a step.
        self.evidence_sent_button = QPushButton(self)
        self.evidence_sent_button.setObjectName("evidenceSentButton")
        self.evidence_sent_button.clicked.connect(self.record_evidence_sent)
        self.evidence_sent_button.hide()
        self.actions_row.addWidget(self.evidence_sent_button)
        self.actions_row.addStretch(1)
        self.actions_row.addWidget(self.menu_button)
        self.deadlines = DeadlinesPanel(self)
        self.appeal = AppealPanel(self)
        self.history = HistoryPanel(self)
        self.evidence = EvidenceTab(self.ctx, self.number, self)
        self.evidence.evidence_changed.connect(self._changed_elsewhere)
        self.evidence.undo_offered.connect(self.undo_offered)
        self.letters = LettersPanel(self.ctx, self.number, self)
        self.letters.letter_issued.connect(self._changed_elsewhere)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.evidence, "E&vidence")
        self.tabs.addTab(self.appeal, "Decision && &appeal")
        self.tabs.addTab(self.letters, "&Letters")
        self.tabs.addTab(self.history, "&History")
        self.next_label = QLabel(self)
        self.next_label.setObjectName("nextStepLabel")
        self.next_label.setWordWrap(True)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextStepButton")
        self.next_button.clicked.connect(self.take_next_step)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_label, 1)
        next_row.addWidget(self.next_button)
        self.next_step: NextStep | None = None
        # Who else has this case open (another seat), shown only while someone does.
        self.presence = QLabel(self)
        self.presence.setObjectName("casePresence")
        self.presence.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.presence)
        layout.addLayout(next_row)
        layout.addLayout(self.actions_row)
        # The owner drags the split to give evidence or deadlines the room they need.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.deadlines)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(lambda *_: self.save_layout())
        layout.addWidget(self.splitter, 1)
        # Mails dropped anywhere on the case (the evidence tab too) join it as mails.
        self.mail_drop = MailDrop(self.ctx, self.number, self, [self, self.evidence])
        self.mail_drop.mails_added.connect(lambda _lines: self._mails_added())
        self._layout_restored = False

    def _build_menu(self) -> QMenu:
        menu = QMenu("&Actions", self)
        self.qactions: dict[str, QAction] = {}
        for name, action in lifecycle_actions(self).items():
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, n=name: self.trigger(n))
            self.addAction(action)
            menu.addAction(action)
            self.qactions[name] = action
        menu.addSeparator()
        self.correct_action = QAction("Correct an event date…", self)
        self.correct_action.setObjectName("qaction_correct_event")
        self.correct_action.triggered.connect(self.correct_event_date)
        menu.addAction(self.correct_action)
        self.evidence_sent_action = QAction("Evidence sent to the payment provider…", self)
        self.evidence_sent_action.setObjectName("qaction_evidence_sent")
        self.evidence_sent_action.triggered.connect(self.record_evidence_sent)
        menu.addAction(self.evidence_sent_action)
        return menu

    @staticmethod
    def action_templates(parent: QWidget | None = None) -> list[QAction]:
        """The actions a case view offers, for listing their shortcuts with no case open."""
        return list(lifecycle_actions(parent).values())

    # -- layout -------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._layout_restored:  # the screen is known once shown
            self._layout_restored = True
            state = layout_memory.restore(SPLIT_KEY, self)
            if state is None or not self.splitter.restoreState(state):
                top = self.deadlines.sizeHint().height()
                self.splitter.setSizes([top, max(1, self.splitter.height() - top)])
            self.evidence.restore_layout()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Evidence keeps at least a third of the view, however the split was dragged.
        self.tabs.setMinimumHeight(max(200, event.size().height() // 3))
        super().resizeEvent(event)

    def save_layout(self) -> None:
        layout_memory.save(SPLIT_KEY, self, self.splitter.saveState())

    # -- reading ------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the case (after an action, or when told another window changed it)."""
        view = case_detail.overview(self.ctx, self.number)
        self.view = view
        self.header.setText(
            f"<b style='font-size:14pt'>{view.number}</b> &nbsp; {view.customer} &nbsp;·&nbsp; "
            f"<b>{view.status_label}</b> &nbsp;·&nbsp; {view.policy_name}"
            f"<br>{humanize(view.reason)} · {view.product}"
            f"{' (third party)' if view.third_party else ''} · "
            f"{formatting.money(Decimal(str(view.amount_paid)), view.currency)}"
        )
        allowed = {a.name for a in view.actions}
        for name, action in self.qactions.items():
            action.setEnabled(name in allowed)
            self.buttons[name].setVisible(name in allowed)
        self.correct_action.setEnabled(bool(transitions.recorded_events(self.ctx, self.number)))
        due = self._provider_due(view)
        self.evidence_sent_action.setEnabled(due is not None)
        self.evidence_sent_button.setVisible(due is not None)
        if due is not None:
            provider = disputes.provider_name(due.provider)
            self.evidence_sent_button.setText(f"Evidence sent to {provider}…")
            self.evidence_sent_button.setToolTip(
                f"Record that the dispute evidence went to {provider}: its deadline is met"
            )
        self._show_next_step(next_step.for_case(self.ctx, self.number), view.time_zone)
        thresholds = case_detail.band_thresholds(view, self.ctx.clock.now())
        self.deadlines.show_case(view, thresholds)
        self.appeal.show_case(view)
        self.history.show_case(view)
        if self.letters.zone != view.time_zone:
            self.letters.zone = view.time_zone
            self.letters.refresh()

    def _show_next_step(self, step: NextStep | None, zone: str) -> None:
        self.next_step = step
        if step is None:
            self.next_label.setText("Nothing more is due on this case.")
            self.next_button.hide()
            return
        due = f" — due {due_text(step.due_at, zone)}" if step.due_at else ""
        note = f"<br><span>{html.escape(step.note)}</span>" if step.note else ""
        self.next_label.setText(f"<b>Next:</b> {html.escape(step.text)}{html.escape(due)}{note}")
        self.next_button.setText((step.button or step.text) + "…")
        self.next_button.setVisible(bool(step.letter or step.action))

    def take_next_step(self) -> object | None:
        """Open what the next step needs: the letter dialog on its kind, or the action's input."""
        step = self.next_step
        if step is None:
            return None
        if step.letter:
            self.tabs.setCurrentWidget(self.letters)
            return self.letters.write(step.letter)
        if step.action:
            return self.trigger(step.action)
        return None

    def show_presence(self, others: list[str]) -> None:
        """Name the people who have this case open at another seat right now."""
        self.presence.setVisible(bool(others))
        if others:
            self.presence.setText("Also open at another seat: " + ", ".join(others))

    def tick(self) -> None:
        """Once a second: new countdown texts and bands, without a database query."""
        if self.view is None:
            return
        thresholds = case_detail.band_thresholds(self.view, self.ctx.clock.now())
        self.deadlines.model.tick(thresholds)

    # -- actions ------------------------------------------------------------

    def trigger(self, name: str) -> dialogs.FormDialog | None:
        """Open the input the action needs (non-blocking); the service runs on OK."""
        if self.view is None or name not in {a.name for a in self.view.actions}:
            return None
        dialog = self._dialog_for(name)
        if name in FINAL_WARNINGS:  # asked here, in the dialog, before anything is done
            dialog.set_intro(FINAL_WARNINGS[name])
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).setText(ACTIONS[name].label)
        self._undoable(dialog)
        self.active_dialog = dialog
        dialog.accepted.connect(self._done)
        dialog.open()
        return dialog

    def _offer_undo_since(self, point: undo.Checkpoint) -> None:
        offer = undo.offer(self.ctx, point)
        if offer is not None:
            self.undo_offered.emit(offer)

    def _undoable(self, dialog: dialogs.FormDialog) -> None:
        """Checkpoint the case right before the dialog's service call, then offer its undo."""
        inner = dialog.submit
        if inner is None:
            return

        def submit() -> object:
            point = undo.checkpoint(self.ctx, self.number)
            result = inner()
            self._offer_undo_since(point)
            return result

        dialog.submit = submit

    def correct_event_date(self) -> CorrectEventDialog | None:
        """Open the correction of a recorded event's date (non-blocking); deadlines follow."""
        events = transitions.recorded_events(self.ctx, self.number)
        if self.view is None or not events:
            return None
        dialog = CorrectEventDialog(self.ctx, self.number, self.view.time_zone, events, self)
        self.correct_dialog = dialog
        point = undo.checkpoint(self.ctx, self.number)
        dialog.accepted.connect(lambda: self._offer_undo_since(point))
        dialog.accepted.connect(self._changed_elsewhere)
        dialog.open()
        return dialog

    @staticmethod
    def _provider_due(view: CaseOverview) -> case_detail.DeadlineView | None:
        """The payment provider's deadline still to meet (a dispute's evidence-due), if any."""
        return next((d for d in view.deadlines if d.provider and d.met_at is None), None)

    def record_evidence_sent(self) -> dialogs.EvidenceSentDialog | None:
        """Open the record of the dispute evidence sent (non-blocking); undoable like a step."""
        due = self._provider_due(self.view) if self.view else None
        if due is None:
            return None
        zone = self.view.time_zone
        dialog = dialogs.EvidenceSentDialog(
            disputes.provider_name(due.provider),
            formatting.when(due.due_at, zone),
            self.ctx.clock.now(),
            zone,
            self,
        )
        dialog.submit = lambda: disputes.evidence_sent(
            self.ctx,
            self.number,
            dialogs.instant_of(dialog.sent_at, "at"),
            dialog.note.toPlainText(),
        )
        self._undoable(dialog)
        self.active_dialog = dialog
        dialog.accepted.connect(self._done)
        dialog.open()
        return dialog

    def _mails_added(self) -> None:
        self.evidence.reload()
        self.evidence.refresh_checklist()
        self._changed_elsewhere()

    def _changed_elsewhere(self, *_: object) -> None:
        """Evidence or a letter changed the case (checklist, status, clocks): re-read it."""
        self.refresh()
        self.letters.refresh()
        self.case_changed.emit(self.number)

    def _done(self) -> None:
        self.active_dialog = None
        self.refresh()
        self.letters.refresh()
        self.case_changed.emit(self.number)

    def _dialog_for(self, name: str) -> dialogs.FormDialog:
        n, ctx = self.number, self.ctx
        if name in ("decide", "decide_appeal"):
            title = "Record decision" if name == "decide" else "Decide appeal"
            d = dialogs.DecisionDialog(title, decisions.proposal(self.ctx, n), ctx.actor, self)
            call = decisions.record_decision if name == "decide" else appeals.decide_appeal
            d.submit = lambda: call(ctx, n, d.value())
            if name == "decide_appeal":
                warning = appeals.review_warning(ctx, n)
                if warning:  # a one-person shop decides the appeal on its own decision
                    d.set_intro(f"{d.intro.text()}\n\n{warning}")
            return d
        if name == "file_appeal":
            due = next((x for x in self.view.deadlines if x.met_by == "appealed_at"), None)
            a = dialogs.AppealDialog(
                ctx.clock.now(),
                self.view.time_zone,
                formatting.when(due.due_at, self.view.time_zone) if due else None,
                self,
            )
            a.submit = lambda: appeals.file_appeal(
                ctx,
                n,
                dialogs.instant_of(a.filed_at),
                a.grounds.toPlainText(),
                a.evidence.text(),
            )
            return a
        if name == "review_appeal":
            r = dialogs.ReviewerDialog(
                ctx.actor, lambda who: appeals.review_warning(ctx, n, who), self
            )
            r.submit = lambda: appeals.start_review(ctx, n, r.reviewer.text())
            return r
        if name == "escalate":
            e = dialogs.EscalationDialog(ctx.clock.now().date(), self)
            e.submit = lambda: escalations.escalate(
                ctx,
                n,
                e.kind.currentData(),
                e.started(),
                e.counterpart.text(),
                e.reference.text(),
                e.outcome.text(),
            )
            return e
        if name == "escalation_outcome":
            o = dialogs.EscalationOutcomeDialog(self.view.escalations, self)
            o.submit = lambda: escalations.record_outcome(
                ctx, n, o.which.currentData(), o.outcome.text()
            )
            return o
        label, required = NOTE_PROMPTS.get(name, ("Note", False))
        d = dialogs.note_dialog(ACTIONS[name].label, label, required, self)
        box = d.fields["note"]
        d.fields["what"] = d.fields["notice"] = box  # the services name these fields
        d.submit = lambda: transitions.transition(ctx, n, name, note=box.toPlainText())
        return d
