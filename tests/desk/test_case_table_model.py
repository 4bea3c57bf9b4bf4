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


def _cases(ctx, n: int) -> list[str]:
    numbers = []
    for i in range(n):
        case = records.create_case(ctx, new_case(order_ref=f"AM-{i:04d}"))
        Case.update(next_due_at=NOW + dt.timedelta(hours=n - i)).where(Case.id == case.id).execute()
        numbers.append(case.number)
    return numbers


def test_model_pages_rows_in_on_demand(ctx, monkeypatch):
    """A long list shows its full length but reads only the pages being looked at."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 4)
    numbers = _cases(ctx, 10)
    model = CaseTableModel(ctx)
    model.set_filter(CaseFilter(view="all"))
    assert model.rowCount() == 10 and model.columnCount() == len(m.COLUMNS)
    assert model._pages == {}
    # Default order: next deadline first, which is the last created here.
    assert model.index(0, m.COL_NUMBER).data() == numbers[-1]
    assert model.index(9, m.COL_NUMBER).data() == numbers[0]
    assert sorted(model._pages) == [0, 2]
    assert model.index(0, m.COL_AMOUNT).data() == "1,299.00 INR"
    assert model.index(0, m.COL_REASON).data() == "Invalid code"
    assert "81ZQ" in model.index(0, m.COL_PRODUCT).data(Qt.ItemDataRole.ToolTipRole)


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
