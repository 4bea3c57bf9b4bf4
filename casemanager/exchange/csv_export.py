"""CSV of the case list as the desk shows it, safe to open in a spreadsheet.

UTF-8 with a byte order mark (so Excel reads non-Latin names), one header row,
``\\r\\n`` line ends as RFC 4180 asks. Spreadsheets run a cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so every
text cell starting with one of them gets a leading apostrophe. Numeric columns
we produce ourselves (the amount, written from an exact Decimal as ``1299.00``)
stay plain numbers so sums work; a customer-typed text that merely looks like a
number, such as ``-5.00`` in a name or order reference, is text and neutralised.
Licence codes appear only masked, as everywhere on the desk.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from casemanager.domain import humanize

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TIME_FORMAT = "%Y-%m-%d %H:%M"


def neutralise(text: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def _when(value, zone: ZoneInfo) -> str:
    # isoformat cut to the minute is TIME_FORMAT, at a fraction of strftime's cost.
    return value.astimezone(zone).isoformat(" ", "minutes")[:16] if value is not None else ""


@functools.lru_cache(maxsize=256)
def _words(code: str) -> str:
    """A code in people's words; the vocabularies are small, so each is worded once."""
    return humanize(code)


# A row is any object with the case list's row attributes (number, customer, ...).
Row = Any
# Column key (as the desk's list names it) -> header(s) and cell writer(s).
_Cell = Callable[[Row, ZoneInfo], str]
COLUMNS: dict[str, tuple[tuple[str, _Cell, bool], ...]] = {
    "number": (("Case", lambda r, z: r.number, False),),
    "received": (("Received", lambda r, z: _when(r.reported_at, z), False),),
    "customer": (("Customer", lambda r, z: r.customer, False),),
    "order": (("Order", lambda r, z: r.order_ref, False),),
    "product": (("Product", lambda r, z: r.product, False),),
    "license": (("Licence code (masked)", lambda r, z: r.license_masked, False),),
    "reason": (("Reason", lambda r, z: _words(r.reason), False),),
    "status": (("Status", lambda r, z: _words(r.status), False),),
    "policy": (("Policy", lambda r, z: r.policy_id, False),),
    "due": (
        ("Next deadline", lambda r, z: _when(r.next_due_at, z), False),
        ("Deadline", lambda r, z: _words(r.next_due_name) if r.next_due_name else "", False),
    ),
    "amount": (
        ("Amount", lambda r, z: f"{r.amount_paid:.2f}", True),
        ("Currency", lambda r, z: r.currency, False),
    ),
}
DEFAULT_COLUMNS = (
    "number",
    "received",
    "customer",
    "order",
    "product",
    "reason",
    "status",
    "policy",
    "due",
    "amount",
)


def _check_columns(columns: Sequence[str]) -> None:
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(f"columns: unknown column {unknown[0]!r}; one of {', '.join(COLUMNS)}")
    if not columns:
        raise ValueError("columns: choose at least one column")


def header(columns: Sequence[str]) -> list[str]:
    return [title for key in columns for title, _, _ in COLUMNS[key]]


def cells(row: Row, columns: Sequence[str], zone: ZoneInfo) -> list[str]:
    """One CSV record; text cells neutralised, our own numbers left numeric."""
    out = []
    for key in columns:
        for _, cell, numeric in COLUMNS[key]:
            value = cell(row, zone)
            out.append(value if numeric else neutralise(value))
    return out


class RowWriter:
    """Writes rows of the chosen columns to an open text handle, one record each.

    The cell functions are looked up once, not per row: a 300,000-row export spends
    its time on the values, not on finding how to write them.
    """

    def __init__(self, columns: Sequence[str], zone: ZoneInfo) -> None:
        _check_columns(columns)
        self.columns, self.zone = list(columns), zone
        self._cells = [(cell, numeric) for key in columns for _, cell, numeric in COLUMNS[key]]

    def start(self, handle) -> Callable[[Row], None]:  # noqa: ANN001 (any text handle)
        """Write the header to ``handle``; returns the function that writes one row."""
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([neutralise(h) for h in header(self.columns)])
        cells, zone, writerow = self._cells, self.zone, writer.writerow
        danger = DANGEROUS_PREFIXES

        def write(row: Row) -> None:
            out = []
            for cell, numeric in cells:
                value = cell(row, zone)
                out.append("'" + value if not numeric and value.startswith(danger) else value)
            writerow(out)

        return write


def write_rows(rows: Iterable[Row], columns: Sequence[str], dest: Path, zone: ZoneInfo) -> int:
    """Write ``rows`` to ``dest`` (written aside, then renamed); returns the row count."""
    write_one = RowWriter(columns, zone)
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    count = 0
    try:
        with open(partial, "w", encoding="utf-8-sig", newline="") as handle:
            write = write_one.start(handle)
            for row in rows:
                write(row)
                count += 1
        partial.replace(dest)
    finally:
        partial.unlink(missing_ok=True)
    return count
