"""The case view walked through one case: receipt, rejection, late appeal, escalation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from casemanager.policy.urgency import Band
from tests.lifecycle.walk import CN, antnum_case
from ui.case_view import CaseView
from ui.case_view.deadline_model import BAND_ROLE, COL_COUNTDOWN, COL_STATE
from ui.theme import band_colour


def _set(clock, *args):
    clock.set(dt.datetime(*args, tzinfo=CN).astimezone(dt.UTC))


def _row(view: CaseView, name: str) -> int:
    model = view.deadlines.model
    return next(r for r in range(model.rowCount()) if model.row_at(r).name == name)


def _countdown(view: CaseView, name: str) -> tuple[str, Band | None]:
    model = view.deadlines.model
    index = model.index(_row(view, name), COL_COUNTDOWN)
    colour = model.data(index, Qt.ItemDataRole.ForegroundRole)
    band = model.data(index, BAND_ROLE)
    if band is not None:
        assert colour == band_colour(band)
    return model.data(index), band


def _state(view: CaseView, name: str) -> str:
    model = view.deadlines.model
    return model.data(model.index(_row(view, name), COL_STATE))


def _act(qtbot, view: CaseView, name: str, fill=None) -> None:
    """Click the action's button, fill the dialog, press OK; the case must change."""
    button = view.buttons[name]
    assert button.isVisible(), f"{name} not offered"
    with qtbot.waitSignal(view.case_changed, timeout=2000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = view.active_dialog
        assert dialog is not None
        if fill:
            fill(dialog)
        dialog.accept()
    assert blocker.args == [view.number]


def test_walk_from_receipt_to_escalation(qtbot, ctx, clock):
    """Owner follows one claim to escalation, seeing live countdowns change colour."""
    _set(clock, 2026, 4, 3, 16, 30)
    case = antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    )
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    assert case.number in view.header.text() and "Received" in view.header.text()
    # acknowledge_by 04-08 13:00; from 04-03 16:30 that is 4 days 20.5 hours, and more
    # than a working day (9 h: until 04-04 16:30) of working time away.
    assert _countdown(view, "acknowledge_by") == ("4 days 20 h left", Band.AMPLE)
    clock.advance(dt.timedelta(seconds=1))
    view.tick()
    assert _countdown(view, "acknowledge_by")[0] == "4 days 20 h left"  # whole units, no seconds

    _act(qtbot, view, "acknowledge")
    assert _state(view, "acknowledge_by") == "met at Fri 3 Apr 2026, 16:30 CST (UTC+08:00)"
    _act(qtbot, view, "start_review")
    assert "Under review" in view.header.text()

    # review_by is 04-10 18:00: 8 h left is under a working day, 3 h under 4 hours.
    _set(clock, 2026, 4, 10, 10, 0)
    view.tick()
    assert _countdown(view, "review_by") == ("8 h left", Band.UNDER_DAY)
    _set(clock, 2026, 4, 10, 15, 0)
    view.tick()
    assert _countdown(view, "review_by") == ("3 h left", Band.UNDER_4H)

    # A rejection without a clause is refused in the dialog, keeping what was typed.
    qtbot.mouseClick(view.buttons["decide"], Qt.MouseButton.LeftButton)
    dialog = view.active_dialog
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("rejected"))
    for cid, _title in dialog.proposal.clause_choices:
        dialog.check_clause(cid, False)
    dialog.explanation.setPlainText("The code was redeemed on your account on 04-02.")
    dialog.accept()
    assert dialog.isVisible() and "clause" in dialog.error.text()
    assert dialog.explanation.toPlainText().startswith("The code was redeemed")
    # No proof is on file, so any decision is an override: it needs a finding.
    assert dialog.warning.isVisible() and "evidence is missing" in dialog.warning.text()
    dialog.check_clause("3.2")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text().startswith("Finding:")
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.finding.setPlainText("No error screenshot arrived by the reply date.")
        dialog.accept()
    assert "Rejected" in view.header.text()
    assert _state(view, "review_by").startswith("met at")

    _act(qtbot, view, "notify")
    # Notified 04-10 15:00: appeal_by = 3 working days after 04-10 = 04-13 18:00.
    assert view.deadlines.model.row_at(_row(view, "appeal_by")).due_at == dt.datetime(
        2026, 4, 13, 18, 0, tzinfo=CN
    )
    _set(clock, 2026, 4, 14, 10, 0)
    view.tick()
    assert _countdown(view, "appeal_by") == ("16 h overdue", Band.OVERDUE)

    def appeal(d):
        d.grounds.setPlainText("I never redeemed the code; the shop's log is wrong.")
        d.evidence.setText("Steam purchase history screenshot")

    _act(qtbot, view, "file_appeal", appeal)
    assert "Appeal filed" in view.header.text()
    assert "LATE" in view.appeal.text.toPlainText()
    assert _state(view, "appeal_by").startswith("missed by 16 h")

    _act(qtbot, view, "review_appeal", lambda d: d.fields["reviewer"].setText("Manager Li"))

    def reject_appeal(d):
        d.outcome.setCurrentIndex(d.outcome.findData("rejected"))
        d.check_clause("3.2")
        d.explanation.setPlainText("The redemption log shows use from your account.")
        d.finding.setPlainText("The appeal brought no proof of the fault either.")

    _act(qtbot, view, "decide_appeal", reject_appeal)
    assert "Appeal rejected" in view.header.text()

    def escalate(d):
        d.kind.setCurrentIndex(d.kind.findData("mediation"))
        d.counterpart.setText("Shanghai Consumer Council")
        d.reference.setText("SCC-2026-0412")

    _act(qtbot, view, "escalate", escalate)
    assert "Escalated" in view.header.text()
    assert "Shanghai Consumer Council" in view.appeal.text.toPlainText()
    kinds = [view.history.table.item(r, 2).text() for r in range(view.history.table.rowCount())]
    assert kinds == [
        "Case created",
        "Acknowledged",
        "Review started",
        "Decided",
        "Customer notified",
        "Appeal filed",
        "Appeal review started",
        "Appeal decided",
        "Escalated",
    ]
    assert {b for b, w in view.buttons.items() if w.isVisible()} == {
        "escalate",
        "escalation_outcome",
        "close",
        "withdraw",
    }


def test_explain_shows_the_computation(qtbot, ctx, clock):
    """The Explain view lists start, rule, skipped holidays and the due instant."""
    _set(clock, 2026, 4, 3, 16, 30)
    case = antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    )
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    view.deadlines.table.selectRow(_row(view, "review_by"))
    qtbot.mouseClick(view.deadlines.explain_button, Qt.MouseButton.LeftButton)
    text = view.deadlines.explain.toPlainText()
    assert view.deadlines.explain.isVisible()
    assert "Skipped: Sun 5 Apr 2026 Tomb-Sweeping Day" in text
    assert "Due: Fri 10 Apr 2026, 18:00 CST (UTC+08:00)" in text


def test_menu_actions_carry_shortcuts(qtbot, ctx, clock):
    """The Actions menu offers Acknowledge (Ctrl+Shift+K) on a received case, greys out Close,
    and no shortcut takes one the main window uses (New, Print, Find...)."""
    case = antnum_case(ctx)
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    acknowledge = view.qactions["acknowledge"]
    assert acknowledge in view.menu.actions() and acknowledge in view.actions()
    assert acknowledge.shortcut() == QKeySequence("Ctrl+Shift+K")
    ours = {a.shortcut().toString() for a in view.qactions.values()}
    assert len(ours) == len(view.qactions)
    taken = set()
    for key in ("New", "Save", "Print", "Find", "Refresh", "Quit", "Close", "Paste", "Copy"):
        taken |= {k.toString() for k in QKeySequence.keyBindings(getattr(QKeySequence, key))}
    taken |= {"Ctrl+E", "Ctrl+1", "Ctrl+2"}
    assert not ours & taken
    assert not view.qactions["close"].isEnabled()
    assert view.trigger("close") is None
    acknowledge.trigger()
    assert view.active_dialog is not None
    assert view.active_dialog.windowTitle() == "Acknowledge receipt"


def test_information_request_and_extension_dialogs(qtbot, ctx, clock):
    """An empty information request is refused naming the field; the extension adds its clock."""
    _set(clock, 2026, 4, 3, 16, 30)
    case = antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    )
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    _act(qtbot, view, "acknowledge")
    _act(qtbot, view, "start_review")
    _act(qtbot, view, "extend", lambda d: d.fields["note"].setPlainText("Checking with Valve"))
    assert "Extended" in view.header.text()
    # 10 working days after 04-03 = 04-15 18:00 (Tomb-Sweeping skipped); now 04-03 16:30.
    assert _countdown(view, "review_extended_by") == ("12 days 1 h left", Band.AMPLE)
    assert _state(view, "review_by") == "superseded"

    qtbot.mouseClick(view.buttons["request_info"], Qt.MouseButton.LeftButton)
    dialog = view.active_dialog
    dialog.accept()
    assert dialog.isVisible() and "say which information" in dialog.error.text()
    assert not dialog.error.text().startswith("what:")  # the field as the form names it
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        dialog.fields["note"].setPlainText("Please send the error screenshot.")
        dialog.accept()
    assert "Awaiting customer" in view.header.text()
    _act(qtbot, view, "info_received")
    assert "Extended" in view.header.text()  # back where the review was
