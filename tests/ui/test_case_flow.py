"""The case view offers the next step, opens the letter it needs and keeps room for evidence."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from tests.letters import helpers
from ui.case_view import CaseView
from ui.case_view.view import SPLIT_KEY
from ui.layout_memory import key


def _view(qtbot, ctx, number, size=(1280, 760)) -> CaseView:
    view = CaseView(ctx, number)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_after_a_rejection_the_view_offers_the_rejection_letter(qtbot, ctx):
    """A rejected case says 'Write the rejection letter' and the button opens that letter."""
    case = helpers.rejected(ctx)
    view = _view(qtbot, ctx, case.number)
    assert "Write the rejection letter" in view.next_label.text()
    assert view.next_button.isVisible()
    dialog = view.take_next_step()
    assert dialog.kind == "rejection"
    assert view.tabs.currentWidget() is view.letters
    dialog.reject()


def test_the_letter_dialog_opens_on_the_kind_the_state_needs(qtbot, ctx):
    """Write letter on an approved case opens the approval, not the acknowledgement."""
    case = helpers.approved(ctx)
    view = _view(qtbot, ctx, case.number)
    dialog = view.letters.write()
    assert dialog.kind == "approval"
    dialog.reject()


def test_a_new_claim_offers_acknowledgement_with_its_due_time(qtbot, ctx):
    """A received claim offers 'Acknowledge receipt' with its due time in the case's zone."""
    case = helpers.received(ctx)
    view = _view(qtbot, ctx, case.number)
    text = view.next_label.text()
    assert text.endswith("Acknowledge receipt — due Fri 13 Mar 2026, 09:30 CST (UTC+08:00)")
    dialog = view.take_next_step()
    assert dialog.windowTitle() == "Acknowledge receipt"
    dialog.reject()


def test_evidence_gets_a_third_of_the_view_and_the_split_is_remembered(qtbot, ctx):
    """At 1280×760 the deadlines table fits its rows and evidence keeps a third at least."""
    case = helpers.received(ctx)
    QSettings().remove(key(SPLIT_KEY))
    view = _view(qtbot, ctx, case.number)
    rows = view.deadlines.model.rowCount()
    table = view.deadlines.table
    assert table.height() < (rows + 3) * table.verticalHeader().defaultSectionSize()
    assert view.tabs.height() >= view.height() // 3
    assert view.evidence.view.height() >= view.evidence.view.gridSize().height()
    top, bottom = view.splitter.sizes()
    view.splitter.moveSplitter(top + 40, 1)
    moved = view.splitter.sizes()
    again = _view(qtbot, ctx, case.number)
    assert again.splitter.sizes() == moved
