"""One clock for people: the case view's times in the policy zone, readable, ISO on hover."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt

from casemanager import display
from casemanager.services.cases import records
from tests.factories import new_case
from ui import formatting
from ui.case_view.deadline_model import COL_DUE
from ui.case_view.view import CaseView
from ui.settings_dialog import SettingsDialog

RAW_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def test_deadlines_and_history_show_readable_times_in_the_policy_zone(qtbot, ctx):
    """Due dates and history read 'Sat 5 Dec 2026, 23:59 IST (UTC+05:30)'; ISO is on hover."""
    case = records.create_case(ctx, new_case())  # Anti Mart, Asia/Kolkata
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    model = view.deadlines.model
    due = model.index(0, COL_DUE)
    text = due.data()
    assert text.endswith("IST (UTC+05:30)") and not RAW_ISO.search(text)
    assert display.iso(model.row_at(0).due_at) in due.data(Qt.ItemDataRole.ToolTipRole)
    history = view.history.table
    when = history.item(0, 0)
    assert when.text().endswith("IST (UTC+05:30)") and not RAW_ISO.search(when.text())
    assert RAW_ISO.search(when.toolTip())
    assert "Anti Mart" in view.header.text() and "(antimart)" not in view.header.text()
    assert "1,299.00 INR" in view.header.text()  # as in the list: one way to write money


def test_the_computers_zone_can_be_chosen_for_display(qtbot, ctx):
    """Someone away from the shop can read every time on their own computer's clock."""
    instant = dt.datetime(2026, 12, 5, 18, 29, tzinfo=dt.UTC)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.zone_choice.currentData() == "policy"
    assert formatting.when(instant, "Asia/Kolkata") == "Sat 5 Dec 2026, 23:59 IST (UTC+05:30)"
    dialog.zone_choice.setCurrentIndex(dialog.zone_choice.findData("computer"))
    try:
        assert dialog.save()
        assert formatting.zone_choice() == "computer"
        mine = display.when(instant, formatting.computer_zone())
        assert formatting.when(instant, "Asia/Kolkata") == mine
    finally:
        formatting.set_zone_choice("policy")
