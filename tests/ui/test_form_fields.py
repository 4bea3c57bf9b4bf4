"""The case form stays put and checks as you type; dates are typed or picked with their zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from casemanager import display
from ui.case_form.dialog import CHECK_DELAY_MS, CaseFormDialog
from ui.datetime_field import DateTimeField


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def _form(qtbot, ctx) -> CaseFormDialog:
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    return form


def _positions(form: CaseFormDialog) -> dict[str, QPoint]:
    return {name: w.mapTo(form, QPoint(0, 0)) for name, w in form.fields.inputs.items()}


def test_no_field_moves_when_problems_appear_and_go(qtbot, ctx):
    """A click aimed at a field lands in it, whatever errors the form shows meanwhile."""
    form = _form(qtbot, ctx)
    before = _positions(form)
    form.save()  # every problem of an empty form shown at once
    qtbot.wait(10)
    shown = {n: label.problem() for n, label in form.fields.errors.items() if label.problem()}
    assert {"customer_name", "order_ref", "product_name", "amount", "reason"} <= set(shown)
    assert _positions(form) == before
    long = "x" * 400
    form.fields.errors["customer_name"].set_problem(long)  # a message wider than the form
    qtbot.wait(10)
    assert _positions(form) == before
    assert form.fields.errors["customer_name"].toolTip() == long  # read in full on hover


def test_a_negative_amount_is_flagged_while_typing_and_the_panel_agrees(qtbot, ctx):
    """−50 in Amount is pointed out after a short pause, and the assessment says the same."""
    form = _form(qtbot, ctx)
    f = form.fields
    f.amount.setFocus()
    qtbot.keyClicks(f.amount, "-50")
    assert f.amount.hasFocus()
    error = f.errors["amount"]
    qtbot.waitUntil(lambda: "0 or more" in error.problem(), timeout=CHECK_DELAY_MS + 2000)
    assert f.amount.hasFocus()  # shown without leaving the field
    f.reason.setCurrentIndex(f.reason.findData("invalid_code"))
    f.dates["purchased_at"].edit.setText("yesterday 10:00")
    qtbot.waitUntil(lambda: "0 or more" in form.panel.clause.text(), timeout=2000)
    assert "needed" not in form.panel.clause.text()
    assert form.panel.clause.text().startswith("Amount paid:")
    f.amount.clear()
    qtbot.keyClicks(f.amount, "1,499.00")
    qtbot.waitUntil(lambda: "Not assessed" not in form.panel.decision.text(), timeout=2000)
    assert error.problem() == ""


def test_a_purchase_date_in_the_future_is_flagged_when_the_field_is_left(qtbot, ctx, clock):
    """A future purchase date is pointed out as soon as the owner moves on, not on Save."""
    form = _form(qtbot, ctx)
    field = form.fields.dates["purchased_at"]
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "28/11/2099 10:00")
    form.fields.name.setFocus()  # leaving the field
    qtbot.waitUntil(lambda: "future" in form.fields.errors["purchased_at"].problem(), timeout=2000)
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "31/02/2026")
    form.fields.name.setFocus()
    assert "no such date" in form.fields.errors["purchased_at"].problem()
    assert field.edit.text() == "31/02/2026"  # what was typed is kept to be corrected


@pytest.mark.parametrize(
    ("typed", "wall"),
    [
        ("2026-11-28 10:00", dt.datetime(2026, 11, 28, 10, 0)),
        ("28/11/2026", dt.datetime(2026, 11, 28, 0, 0)),
        ("today", None),
        ("yesterday 14:30", None),
    ],
)
def test_dates_are_typed_in_full_without_any_section_to_pick(qtbot, ctx, clock, typed, wall):
    """Typing a date into a date field takes it, in any usual form, with its zone beside it."""
    form = _form(qtbot, ctx)
    field = form.fields.dates["reported_at"]
    zone = form.fields.zone.currentData()
    local = clock.now().astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    expected = {
        "today": dt.datetime.combine(local.date(), dt.time(0, 0)),
        "yesterday 14:30": dt.datetime.combine(
            local.date() - dt.timedelta(days=1), dt.time(14, 30)
        ),
    }.get(typed, wall)
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, typed)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.value() == expected
    assert field.edit.text() == display.wall(expected)  # rewritten as the desk writes times
    assert "(UTC+05:30)" in field.zone_label.text()  # the default policy counts in India


def test_a_date_picked_from_the_calendar_keeps_the_time(qtbot):
    """Picking a day in the calendar changes the day, not the time already typed."""
    field = DateTimeField(zone="Asia/Shanghai", now_wall=lambda: dt.datetime(2026, 12, 1, 9, 0))
    qtbot.addWidget(field)
    field.show()
    field.edit.setText("2026-11-02 18:45")
    field.calendar.clicked.emit(QDate(2026, 11, 20))
    assert field.value() == dt.datetime(2026, 11, 20, 18, 45)
    assert field.zone_label.text() == "CST (UTC+08:00)"
    assert field.instant() == dt.datetime(2026, 11, 20, 10, 45, tzinfo=dt.UTC)
    opened = []
    field.pick.showMenu = lambda: opened.append(True)  # the real menu would wait for a click
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert opened == [True]  # the calendar is reachable from the keyboard too


def _focus_chain(top: QWidget) -> list[QWidget]:
    """The widgets Tab visits in ``top``, in order, once round."""
    seen: list[QWidget] = []
    widget = top.nextInFocusChain()
    while widget is not top and widget not in seen:
        if (
            widget.isVisibleTo(top)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.window() is top
        ):
            seen.append(widget)
        widget = widget.nextInFocusChain()
    if not seen:
        return seen

    # The chain is a ring: read it from the widget nearest the top left corner.
    def place(w: QWidget) -> tuple[int, int]:
        p = w.mapTo(top, QPoint(0, 0))
        return (p.y(), p.x())

    first = seen.index(min(seen, key=place))
    return seen[first:] + seen[:first]


def out_of_visual_order(top: QWidget) -> list[str]:
    """Steps of the tab chain that go back up the same column (reading order is broken)."""
    bad = []
    chain = _focus_chain(top)
    for a, b in zip(chain, chain[1:], strict=False):
        ra = a.rect().translated(a.mapTo(top, QPoint(0, 0)))
        rb = b.rect().translated(b.mapTo(top, QPoint(0, 0)))
        down = rb.top() >= ra.top() - 4
        next_column = rb.left() >= ra.right() - 4 or rb.left() > ra.left() + 200
        if not down and not next_column:
            bad.append(
                f"{a.objectName() or type(a).__name__} -> {b.objectName() or type(b).__name__}"
            )
    return bad


def test_tab_order_of_the_case_form_follows_what_the_eye_reads(qtbot, ctx):
    """Tab goes down each column, then on to the next, never back up."""
    form = _form(qtbot, ctx)
    assert out_of_visual_order(form) == []
    chain = _focus_chain(form)
    assert chain.index(form.fields.email) < chain.index(form.fields.order_ref)
    assert chain.index(form.fields.amount) < chain.index(form.fields.policy)


def test_add_evidence_offers_received_now_in_the_cases_zone(qtbot, ctx, clock):
    """The 'received' default is the case's local time with its zone, not UTC unlabelled."""
    from casemanager.services.cases import records
    from tests.factories import new_case
    from ui.evidence.evidence_tab import EvidenceTab

    case = records.create_case(ctx, new_case())  # Anti Mart: counts in Asia/Kolkata
    tab = EvidenceTab(ctx, case.number)
    qtbot.addWidget(tab)
    from tests.evidence import files

    tab._ask_details([("screen.png", files.png())])
    dialog = tab.dialog
    local = clock.now().astimezone(ZoneInfo("Asia/Kolkata"))
    assert dialog.received.zone_label.text() == "IST (UTC+05:30)"
    assert dialog.received.edit.text() == display.wall(local.replace(tzinfo=None))
    assert dialog.details()[0].received_at == local.replace(second=0, microsecond=0)
    dialog.received.edit.setText("yesterday 25:00")
    dialog.accept()
    assert dialog.isVisible() and "no such time" in dialog.error.text()
    dialog.reject()


def test_a_refusal_in_a_case_dialog_does_not_move_its_buttons(qtbot, ctx):
    """OK stays where it was when the dialog says what is wrong, so a second click lands."""
    from casemanager.services.cases import records
    from casemanager.services.lifecycle import transitions
    from tests.factories import new_case
    from ui.case_view.view import CaseView

    case = records.create_case(ctx, new_case())
    transitions.transition(ctx, case.number, "acknowledge")
    transitions.transition(ctx, case.number, "start_review")
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    view.show()
    dialog = view.trigger("request_info")
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    before = ok.mapTo(dialog, QPoint(0, 0))
    dialog.accept()  # nothing asked for: refused
    qtbot.wait(10)
    assert dialog.isVisible() and dialog.error.text()
    assert ok.mapTo(dialog, QPoint(0, 0)) == before
    dialog.reject()
