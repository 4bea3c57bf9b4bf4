"""The case list as the desk shows it, written to a CSV file as it is read.

Rows come in key ranges of the list's own order (the sort column, then the case
id), each range one index seek, and go straight to the file: the export takes
the same memory at 300,000 cases as at 300, and never asks the database to skip
rows (OFFSET paging read every earlier row again for each page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from casemanager.exchange.csv_export import DEFAULT_COLUMNS, RowWriter
from casemanager.services.admin import settings
from casemanager.services.cases import case_list, case_pages
from casemanager.services.cases.case_list import CaseFilter, DeskRow
from casemanager.services.context import AppContext
from casemanager.services.files import leftovers
from casemanager.services.files.streaming import Progress, Tally, written_aside

__all__ = ["DEFAULT_COLUMNS", "export_case_list", "list_rows"]

BATCH = 2000


def list_rows(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str = "due",
    descending: bool = False,
    batch: int = BATCH,
) -> Iterator[DeskRow]:
    """Every row of the filtered list in the desk's order, one page at a time (by key)."""
    return case_pages.stream(ctx, flt, sort, descending, batch)


def export_case_list(
    ctx: AppContext,
    dest: Path,
    flt: CaseFilter | None = None,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    sort: str = "due",
    descending: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """The list view (filter, order, visible columns) as a CSV file; returns the row count.

    ``progress(done, total)`` hears of every thousand rows; ``cancelled()`` true then
    stops with ExportCancelled and leaves no file.
    """
    flt = flt or CaseFilter()
    leftovers.before_export(dest)
    writer = RowWriter(columns, ZoneInfo(settings.shop_profile(ctx).timezone))
    with ctx.snapshot():
        tally = Tally(progress, cancelled, case_list.count(ctx, flt) if progress else 0)
        with written_aside(dest, encoding="utf-8-sig", newline="") as handle:
            write = writer.start(handle)
            for row in case_pages.stream(ctx, flt, sort, descending, BATCH):
                write(row)
                tally.step()
            tally.finish()
    return tally.done
