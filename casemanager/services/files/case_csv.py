"""The case list as the desk shows it, written to a CSV file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from casemanager.exchange.csv_export import DEFAULT_COLUMNS, write_rows
from casemanager.services.admin import settings
from casemanager.services.cases import case_pages
from casemanager.services.cases.case_list import CaseFilter, DeskRow
from casemanager.services.context import AppContext
from casemanager.services.files import leftovers

__all__ = ["DEFAULT_COLUMNS", "export_case_list", "list_rows"]


def list_rows(
    ctx: AppContext, flt: CaseFilter, sort: str = "due", descending: bool = False
) -> Iterator[DeskRow]:
    """Every row of the filtered list in the desk's order, one page at a time (by key)."""
    return case_pages.stream(ctx, flt, sort, descending)


def export_case_list(
    ctx: AppContext,
    dest: Path,
    flt: CaseFilter | None = None,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    sort: str = "due",
    descending: bool = False,
) -> int:
    """The list view (filter, order, visible columns) as a CSV file; returns the row count."""
    zone = ZoneInfo(settings.shop_profile(ctx).timezone)
    rows = list_rows(ctx, flt or CaseFilter(), sort, descending)
    leftovers.before_export(dest)
    return write_rows(rows, columns, dest, zone)
