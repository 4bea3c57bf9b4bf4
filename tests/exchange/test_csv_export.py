"""CSV of the case list: every visible column, a BOM, and no spreadsheet formulas."""

from __future__ import annotations

import csv
import dataclasses
from decimal import Decimal

import pytest

from casemanager.exchange import csv_export
from casemanager.exchange.csv_export import neutralise
from casemanager.services.cases import records
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.files import case_csv
from tests.factories import new_case

DANGEROUS = [
    "=1+2",
    '=HYPERLINK("http://evil.example","click")',
    "+41 44 123 45 67",
    "-5.00",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]
HARMLESS = ["Priya Sharma", "5.00", "1,299.00", "a=b", "O'Brien", "", " =spaced", "अनुराग", "王伟"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_cells_get_an_apostrophe(text):
    """A spreadsheet never runs a formula a customer typed into a name or order field."""
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_cells_are_unchanged(text):
    """Ordinary names and numbers are exported exactly as typed."""
    assert neutralise(text) == text


def _read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_list_export_neutralises_every_text_column(ctx, tmp_path):
    """Hostile text in any column arrives in the spreadsheet as text, the amount as a number."""
    for n, text in enumerate(DANGEROUS):
        records.create_case(
            ctx,
            new_case(
                customer_name=text,
                customer_email=f"c{n}@example.in",
                order_ref=text,
                product_name=text,
                amount_paid=Decimal("1299.50"),
            ),
        )
    out = tmp_path / "list.csv"
    count = case_csv.export_case_list(ctx, out, CaseFilter(view="all"), sort="number")
    rows = _read(out)
    assert count == len(DANGEROUS) == len(rows) - 1
    assert rows[0][:3] == ["Case", "Received", "Customer"]
    assert rows[0][-2:] == ["Amount", "Currency"]
    for row, text in zip(rows[1:], DANGEROUS, strict=True):
        stored = text.strip()  # the intake form trims surrounding blanks
        assert row[2] == row[3] == row[4] == "'" + stored
        assert row[rows[0].index("Amount")] == "1299.50"
        for cell in row:
            assert not cell.startswith(csv_export.DANGEROUS_PREFIXES), cell
    assert b"\r\n" in out.read_bytes()


def test_only_visible_columns_in_order_and_codes_masked(ctx, tmp_path):
    """Hidden columns stay out; a licence code is never written in full."""
    records.create_case(ctx, new_case(customer_name="王伟"))
    out = tmp_path / "cols.csv"
    case_csv.export_case_list(ctx, out, CaseFilter(view="all"), ["customer", "license", "status"])
    rows = _read(out)
    assert rows == [
        ["Customer", "Licence code (masked)", "Status"],
        ["王伟", "•••••••••••••••81ZQ", "Received"],
    ]
    assert "QH7K" not in out.read_text(encoding="utf-8-sig")


def test_filter_and_paging(ctx, tmp_path, monkeypatch):
    """The export holds exactly the rows the filtered list shows, across several pages."""
    monkeypatch.setattr("casemanager.services.cases.case_list.PAGE_SIZE", 7)
    for n in range(23):
        records.create_case(ctx, new_case(order_ref=f"P-{n:02}", reason="invalid_code"))
    records.create_case(ctx, new_case(order_ref="OTHER", reason="non_delivery"))
    out = tmp_path / "f.csv"
    count = case_csv.export_case_list(
        ctx, out, CaseFilter(view="all", reason="invalid_code"), ["order"], sort="order"
    )
    assert count == 23
    assert [r[0] for r in _read(out)[1:]] == [f"P-{n:02}" for n in range(23)]


def test_unknown_column_is_refused(ctx, tmp_path):
    """A mistyped column name is named in the error and no file is left behind."""
    with pytest.raises(ValueError, match="'colour'"):
        case_csv.export_case_list(ctx, tmp_path / "x.csv", None, ["number", "colour"])
    assert list(tmp_path.glob("x.csv*")) == []


def test_row_cells_unit(ctx):
    """The amount column keeps a minus sign as a number, text columns never do."""
    records.create_case(ctx, new_case())
    row = next(case_csv.list_rows(ctx, CaseFilter(view="all")))
    negative = dataclasses.replace(row, amount_paid=Decimal("-5.00"), customer="-5.00")
    from zoneinfo import ZoneInfo

    got = csv_export.cells(negative, ["customer", "amount"], ZoneInfo("UTC"))
    assert got == ["'-5.00", "-5.00", "INR"]
