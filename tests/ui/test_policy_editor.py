"""Settings ▸ Policies: copy a pack, edit it in forms, save versions, preview the calendar."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casemanager.services.admin import policies, policy_editing
from casemanager.services.cases.records import create_case
from casemanager.store.models import Case
from tests.factories import new_case
from ui.policy_editor.dialog import PolicyEditorDialog
from ui.settings_dialog import SettingsDialog


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh data folder, so the shop's own packs start empty."""
    monkeypatch.setenv("CASEMANAGER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _editor(qtbot, ctx) -> PolicyEditorDialog:
    dialog = PolicyEditorDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _set(table, row: int, col: int, text: str) -> None:
    table.item(row, col).setText(text)


def test_copy_edit_save_and_old_cases_keep_their_version(qtbot, ctx, home):
    """A shop changing its refund days would silently change cases recorded before."""
    dialog = _editor(qtbot, ctx)
    dialog.select("antimart")
    assert not dialog.save_button.isEnabled()  # a built-in pack is only copied
    assert dialog.copy_pack("mystore", "My store refund policy")
    assert dialog.selected() == ("mystore", False)
    old = create_case(ctx, new_case(policy_id="mystore"))

    form = dialog.form
    row = form.deadlines.find(0, "refund_by")
    _set(form.deadlines, row, 2, "5")  # 7 -> 5 working days
    clause = form.clauses.find(0, "4")
    _set(form.clauses, clause, 2, "Refunds reach your account within 5 working days.")
    form.week["sat"].setText("10:00-14:00")
    # An invalid amount is refused at once, naming the field.
    _set(form.deadlines, row, 2, "five")
    assert "deadlines.refund_by.amount" in dialog.problem.text()
    assert not dialog.save_button.isEnabled()
    _set(form.deadlines, row, 2, "5")
    assert dialog.problem.text() == "" and dialog.save_button.isEnabled()
    # Saving under the same version is refused: a new version needs a new name.
    assert not dialog.save()
    assert "version" in dialog.problem.text()
    form.version.setText("2026-12-01")
    form.effective.setText("2026-12-01")
    assert dialog.save()

    assert [v.version for v in policy_editing.versions("mystore")] == ["2026-02-17", "2026-12-01"]
    new = create_case(ctx, new_case(policy_id="mystore", order_ref="AM-2002"))
    old_pack = policies.pack_for_case(Case.get_by_id(old.id))
    new_pack = policies.pack_for_case(Case.get_by_id(new.id))
    assert old_pack.deadline_rule("refund_by").amount == 7
    assert new_pack.deadline_rule("refund_by").amount == 5
    assert new_pack.clause("4").text.startswith("Refunds reach your account within 5")
    assert new_pack.calendar.opening_hours[5] == ((600, 840),)

    history = dialog.open_history()
    qtbot.addWidget(history)
    text = history.changes.toPlainText()
    assert "clause 4: changed" in text and "deadline refund_by: changed" in text
    assert "clause 1:" not in text  # unchanged clauses are not listed


def test_calendar_preview_follows_the_calendar_being_edited(qtbot, ctx, home):
    """The preview would show the old calendar while the shop edits its closures."""
    dialog = _editor(qtbot, ctx)
    dialog.select("antnum")
    dialog.copy_pack("cnshop")
    preview = dialog.preview
    preview.year.setValue(2026)
    feb21 = preview.grid.item(1, 20)
    assert "working" in feb21.toolTip()
    dialog.form.whole_breaks.setChecked(True)
    assert "break" in preview.grid.item(1, 20).toolTip()
    assert "2026-02-17 holiday" in preview.days.toPlainText()
    assert "— official" in preview.days.toPlainText()
    preview.year.setValue(2027)
    assert "— estimated" in preview.days.toPlainText()
    preview.reason.setCurrentText("invalid_code")
    preview.received.edit.setText("13/02/2026 20:00")
    assert "CST" in preview.received.zone_label.text()  # the pack's own zone, shown
    text = preview.result.toPlainText()
    assert "acknowledge_by, your policy): Wed 25 Feb 2026, 15:00 CST (UTC+08:00)" in text
    assert "Holiday data: holidays" in text


def test_import_and_export_a_pack_file(qtbot, ctx, home, tmp_path):
    """A shop could not move its policy to another computer or back it up as a file."""
    dialog = _editor(qtbot, ctx)
    dialog.select("antimart")
    out = tmp_path / "antimart.json"
    assert dialog.export_to(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not dialog.import_file(out)  # a built-in id cannot be replaced
    assert "built-in" in dialog.problem.text()
    data.update(id="imported", version="v1")
    out.write_text(json.dumps(data), encoding="utf-8")
    assert dialog.import_file(out)
    assert dialog.selected() == ("imported", False)


def test_settings_has_grievance_fields_and_opens_policies(qtbot, ctx, home):
    """The shop could not name its grievance officer or reach its policies from Settings."""
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.grievance_officer.setText("Asha Rao")
    dialog.grievance_designation.setText("Grievance Officer")
    dialog.grievance_contact.setText("grievance@antimart.site")
    assert dialog.collected().shop.grievance_line() == (
        "Grievance officer: Asha Rao, Grievance Officer, grievance@antimart.site"
    )
    dialog.policies_button.click()
    editor = dialog.findChild(PolicyEditorDialog)
    assert editor is not None and editor.packs.count() >= 2
    editor.close()


def test_evidence_kinds_refund_rules_and_blanks_are_edited_in_fields(qtbot, ctx, home):
    """A shop could change its evidence labels, refund rules and blanks only in JSON."""
    dialog = _editor(qtbot, ctx)
    dialog.select("antnum")
    assert dialog.copy_pack("cnshop", "CN shop policy")
    rules = dialog.form.rules
    assert rules.evidence_clause.text() == "3.2" and rules.pro_rata.isChecked()
    row = rules.evidence.find(0, "payment_proof")
    _set(rules.evidence, row, 1, "Bank statement or payment receipt")
    rules.pro_reasons.setText("service_failure")
    rules.reply_days.setValue(7)
    # A bad value is refused at once with the field named.
    rules.quantum.setText("cents")
    assert "refund.quantum" in dialog.problem.text() and not dialog.save_button.isEnabled()
    rules.quantum.setText("0.01")
    rules.pro_clause.setText("9.9")
    assert "refund.pro_rata.clause" in dialog.problem.text()
    rules.pro_clause.setText("3.3.4")
    # A blank must be one the clause texts contain, completed from a profile field.
    rules.placeholders.add_row(["[Shop e-mail]", "email"])
    assert "profile_placeholders[0].text" in dialog.problem.text()
    clause = dialog.form.clauses.find(0, "3.2")
    text = dialog.form.clauses.cell(clause, 2)
    _set(dialog.form.clauses, clause, 2, text + " Write to [Shop e-mail].")
    assert dialog.problem.text() == ""
    dialog.form.version.setText("2026-12-01")
    assert dialog.save()

    pack = policy_editing.check(policy_editing.load_draft("cnshop"))
    assert pack.evidence_label("payment_proof") == "Bank statement or payment receipt"
    assert pack.refund.pro_rata.reasons == ("service_failure",)
    assert pack.information_reply_days == 7
    assert [(p.text, p.field) for p in pack.profile_placeholders] == [("[Shop e-mail]", "email")]


def _select(preview, day: dt.date) -> None:
    preview.year.setValue(day.year)
    preview.grid.setCurrentCell(day.month - 1, day.day - 1)


def test_estimated_holidays_are_confirmed_or_corrected_from_the_preview(qtbot, ctx, home):
    """A deadline resting on a guessed Eid or Spring Festival date could never be settled."""
    dialog = _editor(qtbot, ctx)
    dialog.select("antimart")
    preview = dialog.preview
    preview.year.setValue(2027)
    assert not preview.close_day.isEnabled()  # a built-in pack is only copied
    assert dialog.copy_pack("inshop", "IN shop policy")
    assert preview.close_day.isEnabled()
    eid = dt.date(2027, 3, 10)
    assert "Eid al-Fitr (estimated) — estimated" in preview.days.toPlainText()
    count = len(preview.estimated())
    _select(preview, eid)
    preview.close_day.click()
    assert dialog.form.closures.find(0, "2027-03-10") >= 0
    assert "2027-03-10 closure: Eid al-Fitr — confirmed by the shop" in preview.days.toPlainText()
    assert len(preview.estimated()) == count - 1
    # The Eid al-Adha guess is a day early: open on the 17th, closed on the 18th.
    _select(preview, dt.date(2027, 5, 17))
    preview.open_day.click()
    _select(preview, dt.date(2027, 5, 18))
    preview.close_day.click()
    assert dialog.form.openings.rows()[-1] == ["2027-05-17", "09:00-18:00", "open, not Eid al-Adha"]
    text = preview.days.toPlainText()
    assert "2027-05-17 opening 09:00–18:00: open, not Eid al-Adha — corrected by the shop" in text
    dialog.form.version.setText("2026-12-01")
    assert dialog.save()

    pack = policy_editing.check(policy_editing.load_draft("inshop"))
    cal = pack.service_calendar()
    # Deadlines count the confirmed closure and the corrected opening, and no longer call
    # them estimated.
    due = cal.working_days_after(dt.datetime(2027, 3, 9, 12, 0, tzinfo=cal.tz), 1)
    assert due.instant.date() == dt.date(2027, 3, 11) and not due.explanation.estimated
    due = cal.working_days_after(dt.datetime(2027, 5, 14, 12, 0, tzinfo=cal.tz), 1)
    assert due.instant.date() == dt.date(2027, 5, 17) and not due.explanation.estimated


def test_every_estimated_holiday_of_a_year_is_confirmed_at_once(qtbot, ctx, home):
    """A shop trusting the CN 2027 guesses had to close each day of Spring Festival by hand."""
    dialog = _editor(qtbot, ctx)
    dialog.select("antnum")
    assert dialog.copy_pack("cnshop")
    preview = dialog.preview
    preview.year.setValue(2027)
    guesses = [d.date.isoformat() for d in preview.estimated()]
    assert "2027-02-06" in guesses
    preview.confirm_all.click()
    assert preview.estimated() == [] and not preview.confirm_all.isEnabled()
    assert [row[0] for row in dialog.form.closures.rows()][-len(guesses) :] == guesses
    assert dialog.problem.text() == ""
