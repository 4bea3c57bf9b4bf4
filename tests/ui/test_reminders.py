"""The reminders view and the tray notifier."""

from __future__ import annotations

import datetime as dt

from casemanager.services.lifecycle import notice_memory
from tests.lifecycle.walk import CN, antnum_case
from ui.reminders import COL_BUCKET, COL_COUNTDOWN, RemindersView, TrayNotifier


def _case(ctx, clock):
    clock.set(dt.datetime(2026, 4, 3, 16, 30, tzinfo=CN).astimezone(dt.UTC))
    return antnum_case(
        ctx,
        purchased_at=dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        delivered_at=dt.datetime(2026, 4, 2, 10, 1, tzinfo=CN),
        reported_at=dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
    )


def test_reminders_view_lists_overdue_and_tomorrow(qtbot, ctx, clock):
    """The owner sees the overdue acknowledgement and tomorrow's review, and can open the case."""
    case = _case(ctx, clock)
    clock.set(dt.datetime(2026, 4, 9, 10, 0, tzinfo=CN))
    view = RemindersView(ctx)
    qtbot.addWidget(view)
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() == 2 and "due tomorrow" in view.summary.text())
    assert view.summary.text() == (
        "1 deadline overdue in 1 case · 0 deadlines due today in 0 cases · "
        "1 deadline due tomorrow in 1 case"
    )
    assert model.data(model.index(0, COL_BUCKET)) == "Overdue"
    assert model.data(model.index(0, COL_COUNTDOWN)) == "21 h overdue"
    assert model.data(model.index(1, COL_BUCKET)) == "Tomorrow"
    with qtbot.waitSignal(view.case_activated) as blocker:
        view.table.doubleClicked.emit(model.index(1, 0))
    assert blocker.args == [case.number]


def test_tray_notifier_notifies_once_and_remembers(qtbot, ctx, clock, tmp_path):
    """Each notice appears once, also after a restart, and no tray does not crash it."""
    _case(ctx, clock)
    notifier = TrayNotifier(ctx)
    clock.set(dt.datetime(2026, 4, 8, 9, 30, tzinfo=CN))
    shown = []
    notifier.noticed.connect(lambda title, message: shown.append(title))
    assert [n.kind for n in notifier.check()] == ["last_hours"]
    assert notifier.check() == []
    again = TrayNotifier(ctx)
    assert again.check() == []
    clock.set(dt.datetime(2026, 4, 8, 14, 0, tzinfo=CN))
    assert [n.kind for n in notifier.check()] == ["missed"]
    assert shown == [
        "RC-2026-00001: Confirm receipt of the application due within 4 hours",
        "RC-2026-00001: Confirm receipt of the application missed",
    ]


def test_a_backlog_is_not_announced_but_new_misses_are_summarised(qtbot, ctx, clock, tmp_path):
    """After a week away the backlog waits in Reminders; many new misses make one notice."""
    for _ in range(5):
        _case(ctx, clock)
    notifier = TrayNotifier(ctx)
    shown = []
    notifier.noticed.connect(lambda title, message: shown.append((title, message)))
    clock.set(dt.datetime(2026, 4, 15, 9, 0, tzinfo=CN))  # acknowledge and review long missed
    assert notifier.check() == [] and shown == []
    for _ in range(4):
        _case(ctx, clock)  # received 2026-04-03 16:00 again: acknowledge_by 04-08 13:00
    clock.set(dt.datetime(2026, 4, 8, 9, 30, tzinfo=CN))
    notice_memory.remember(ctx, [], clock.now())
    clock.set(dt.datetime(2026, 4, 8, 13, 30, tzinfo=CN))
    assert len(notifier.check()) == 9  # nine acknowledgements missed at 13:00
    assert shown == [
        ("9 deadlines need attention", "9 missed, 0 due within 4 hours: see Reminders")
    ]


def test_reminders_page_in_the_background_as_the_list_scrolls(qtbot, ctx, clock, monkeypatch):
    """A long backlog shows its first page at once and the rest as the user scrolls down."""
    from casemanager.services.demo import generate
    from casemanager.services.lifecycle import reminders

    generate.generate(ctx, 400, seed=7)
    monkeypatch.setattr(reminders, "PAGE_SIZE", 20)
    now = clock.now()
    everything = reminders.due_reminders(ctx, now)
    assert len(everything) > 2 * reminders.PAGE_SIZE
    view = RemindersView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    with qtbot.waitSignal(view.counts_shown, timeout=10000):
        pass
    qtbot.waitUntil(lambda: view.model.rowCount() >= reminders.PAGE_SIZE)
    assert view.model.rowCount() < len(everything)  # not all read up front
    overdue = sum(1 for r in everything if r.bucket == "overdue")
    overdue_cases = len({r.number for r in everything if r.bucket == "overdue"})
    assert view.summary.text().startswith(
        f"{overdue:,} deadlines overdue in {overdue_cases:,} cases"
    )
    while view.model.rowCount() < len(everything):
        count = view.model.rowCount()
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda count=count: view.model.rowCount() > count, timeout=10000)
    shown = [view.model.row_at(i) for i in range(view.model.rowCount())]
    assert shown == everything


def test_reminder_counts_past_their_bound_read_as_at_least(qtbot, ctx, clock, monkeypatch):
    """A backlog longer than the counting bound shows "3+ deadlines overdue", never a
    number that looks exact."""
    from casemanager.services.demo import generate
    from casemanager.services.lifecycle import reminders

    generate.generate(ctx, 300, seed=12)
    monkeypatch.setattr(reminders, "COUNT_BOUND", 3)
    view = RemindersView(ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.counts_shown, timeout=10000):
        pass
    assert view.summary.text().startswith("3+ deadlines overdue in 3+ cases")
