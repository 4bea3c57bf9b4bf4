"""The decision dialog: rejecting an eligible claim warns and needs a finding and evidence."""

from __future__ import annotations

from casemanager.services.lifecycle import decisions
from casemanager.store.models import Decision
from tests.letters import helpers
from ui.case_view.dialogs import DecisionDialog


def _dialog(qtbot, ctx, number):
    dialog = DecisionDialog("Record decision", decisions.proposal(ctx, number), "Asha", None)
    qtbot.addWidget(dialog)
    dialog.submit = lambda: decisions.record_decision(ctx, number, dialog.value())
    dialog.show()
    return dialog


def test_rejecting_an_eligible_claim_warns_and_requires_the_finding(qtbot, ctx):
    """The owner sees the override warning, cannot save without a finding, then can."""
    import datetime as dt

    from tests.factories import IST

    case = helpers.under_review(ctx, discovered_at=dt.datetime(2026, 3, 9, 18, 0, tzinfo=IST))
    ids = helpers.with_proof(ctx, case.number)
    dialog = _dialog(qtbot, ctx, case.number)
    assert dialog.outcome.currentData() == "approved" and not dialog.warning.isVisible()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("rejected"))
    # The clause that grants the claim is not offered as a reason to refuse it.
    offered = [dialog.clauses.item(i).text().split()[0] for i in range(dialog.clauses.count())]
    assert offered == ["3.1", "3.2", "3.3.2"]
    assert dialog.warning.isVisible()
    assert "rejecting a claim the policy finds eligible" in dialog.warning.text()
    dialog.check_clause("3.3.2")
    dialog.explanation.setPlainText("Our check with the vendor found the code used.")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text().startswith("Finding:")
    dialog.finding.setPlainText("The vendor's server shows the code redeemed on 2 March.")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text().startswith("Rests on evidence:")
    dialog.check_evidence(ids[1])
    dialog.accept()
    assert not dialog.isVisible()
    row = Decision.get()
    assert row.override_evidence == [ids[1]] and row.decided_by == "Asha"
    assert row.override_finding.startswith("The vendor's server")


def test_following_the_assessment_shows_no_warning(qtbot, ctx):
    """Approving an eligible claim needs no finding and shows no override warning."""
    import datetime as dt

    from tests.factories import IST

    case = helpers.under_review(ctx, discovered_at=dt.datetime(2026, 3, 9, 18, 0, tzinfo=IST))
    helpers.with_proof(ctx, case.number)
    dialog = _dialog(qtbot, ctx, case.number)
    assert not dialog.warning.isVisible() and not dialog.finding.isEnabled()
    dialog.accept()
    assert not dialog.isVisible() and Decision.get().override_finding == ""
