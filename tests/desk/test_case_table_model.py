"""CaseTableModel without any widget: paging, sorting, filtering and the countdown."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from casemanager.services.cases import case_list, records
from casemanager.services.cases.case_list import CaseFilter
from casemanager.store.models import Case
from tests.conftest import NOW
from tests.factories import new_case
from ui.case_list import model as m
from ui.case_list.model import CaseTableModel

DOWN = Qt.SortOrder.DescendingOrder


def _cases(ctx, n: int) -> list[str]:
    numbers = []
    for i in range(n):
        case = records.create_case(ctx, new_case(order_ref=f"AM-{i:04d}"))
        Case.update(next_due_at=NOW + dt.timedelta(hours=n - i)).where(Case.id == case.id).execute()
        numbers.append(case.number)
    return numbers


def test_model_pages_rows_in_on_demand(qtbot, ctx, monkeypatch):
    """A long list paints its first page at once, then shows its full length once counted."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 4)
    numbers = _cases(ctx, 10)
    model = CaseTableModel(ctx)
    with qtbot.waitSignal(model.counted, timeout=5000):
        model.set_filter(CaseFilter(view="all"))
        # Before the count: the first page, nothing else read.
        assert model.rowCount() == 4 and not model.is_counted()
        assert list(model._pages) == [0]
    assert model.rowCount() == 10 and model.columnCount() == len(m.COLUMNS)
    # Default order: next deadline first, which is the last created here.
    assert model.index(0, m.COL_NUMBER).data() == numbers[-1]
    assert model.index(9, m.COL_NUMBER).data() == numbers[0]
    assert sorted(model._pages) == [0, 2]
    assert model.index(0, m.COL_AMOUNT).data() == "1,299.00 INR"
    assert model.index(0, m.COL_REASON).data() == "Invalid code"
    assert "81ZQ" in model.index(0, m.COL_PRODUCT).data(Qt.ItemDataRole.ToolTipRole)


def test_every_row_is_read_by_key_in_any_order(qtbot, ctx, monkeypatch):
    """Jumping anywhere in a long list, in any column's order, shows the right rows."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 3)
    monkeypatch.setattr(m, "MAX_CACHED_PAGES", 2)
    _cases(ctx, 11)
    model = CaseTableModel(ctx)
    flt = CaseFilter(view="all")
    for column, (_label, key) in enumerate(m.COLUMNS):
        for order in (Qt.SortOrder.AscendingOrder, DOWN):
            with qtbot.waitSignal(model.counted, timeout=5000):
                model.sort(column, order)
            assert model.rowCount() == 11
            whole = [r.number for r in case_list.page(ctx, flt, key, order == DOWN, limit=100)]
            # From the end backwards: every page is found from the layout, not the one before.
            shown = [model.number_at(r) for r in reversed(range(11))][::-1]
            assert shown == whole, (key, order)
            assert len(model._pages) <= 2
    assert model.number_at(11) is None


def test_model_grows_page_by_page_before_the_count(qtbot, ctx, monkeypatch):
    """Scrolling down before the list is counted reads the next pages by key."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 2)
    numbers = _cases(ctx, 5)
    model = CaseTableModel(ctx)
    with qtbot.waitSignal(model.counted, timeout=5000):
        model.set_filter(CaseFilter(view="all"))
        assert model.canFetchMore()
        model.fetchMore()
        model.fetchMore()
        assert model.rowCount() == 5
        assert [model.number_at(r) for r in range(5)] == numbers[::-1]
    assert model.rowCount() == 5 and not model.canFetchMore()


def test_model_sorts_and_filters_in_the_database(ctx):
    """Clicking a column header re-sorts; a filter narrows the rows and the count."""
    numbers = _cases(ctx, 3)
    model = CaseTableModel(ctx)
    model.sort(m.COL_NUMBER, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == numbers[::-1]
    model.sort(m.COL_DUE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == numbers[-1]
    model.set_filter(CaseFilter(view="open", text="AM-0001"))
    assert model.rowCount() == 1 and model.index(0, 0).data() == numbers[1]


def test_countdown_tick_repaints_only_visible_due_cells(ctx, clock):
    """Each second only the visible countdown cells change, and their text moves on."""
    _cases(ctx, 3)
    model = CaseTableModel(ctx)
    before = model.index(0, m.COL_DUE).data()
    changed = []
    model.dataChanged.connect(lambda a, b, _roles: changed.append((a.row(), b.row(), a.column())))
    clock.advance(dt.timedelta(seconds=1))
    model.tick(0, 1)
    assert changed == [(0, 1, m.COL_DUE)]
    assert model.index(0, m.COL_DUE).data() != before
    assert model.index(0, m.COL_DUE).data().endswith("left")
    assert model.index(0, m.COL_DUE).data(Qt.ItemDataRole.ForegroundRole) is not None
