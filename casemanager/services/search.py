"""Free-text search over cases (customer name and e-mail, order id, product, notes)."""

from __future__ import annotations

from casemanager.services.cases import case_list
from casemanager.services.context import AppContext, uses_database


@uses_database
def search_cases(ctx: AppContext, text: str, limit: int = 50) -> list[case_list.DeskRow]:
    """Cases matching every word of ``text``, open or closed, by next deadline."""
    flt = case_list.CaseFilter(view="all", text=text)
    return case_list.page(ctx, flt, sort="due", limit=limit)


@uses_database
def count_matches(ctx: AppContext, text: str) -> int:
    return case_list.count(ctx, case_list.CaseFilter(view="all", text=text))
