"""A one-person shop reviewing its own decision is warned, and the letter promises no more."""

from __future__ import annotations

from PySide6.QtCore import Qt

from casemanager.services.letters import issuing
from tests.letters import helpers, pdf
from ui.case_view import CaseView


def test_reviewing_your_own_decision_is_warned_in_the_dialog_and_the_case(qtbot, ctx):
    """The owner would promise an independent review that the shop cannot give."""
    case = helpers.appealed(ctx)  # decided by "tester", the user of the test shop
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.case_changed, timeout=2000):
        qtbot.mouseClick(view.buttons["review_appeal"], Qt.MouseButton.LeftButton)
        dialog = view.active_dialog
        assert dialog.reviewer.text() == "tester"
        assert dialog.warning.isVisible()
        assert "tester also took the decision under appeal" in dialog.warning.text()
        dialog.reviewer.setText("Manager Li")
        assert not dialog.warning.isVisible()
        dialog.reviewer.setText("tester")
        assert dialog.warning.isVisible()
        dialog.accept()
    assert "WARNING: tester also took the decision" in view.appeal.text.toPlainText()
    decide = view._dialog_for("decide_appeal")
    qtbot.addWidget(decide)
    assert "tester also took the decision under appeal" in decide.intro.text()
    text = pdf.text(issuing.preview(ctx, case.number, "appeal_acknowledgement").pdf)
    assert "not involved in the original decision" not in text
    assert "the review is made by tester, who also took the original decision" in text
