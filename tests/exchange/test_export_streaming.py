"""CSV and calendar exports read by key ranges: the same bytes as the list, flat memory, cancel."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest

from casemanager.exchange import ics
from casemanager.exchange.csv_export import COLUMNS, write_rows
from casemanager.services.admin import settings
from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.demo import generate
from casemanager.services.files import calendar_export, case_csv
from casemanager.services.files.streaming import ExportCancelled


@pytest.fixture
def shop(ctx):
    generate.generate(ctx, 180, seed=11)
    return ctx


def _listed(ctx, flt, sort, descending) -> list:
    """Every row as the desk's list pages through them."""
    rows, offset = [], 0
    while True:
        page = case_list.page(ctx, flt, sort, descending, offset=offset, limit=50)
        rows += page
        if len(page) < 50:
            return rows
        offset += len(page)


@pytest.mark.parametrize("sort", sorted(case_list.SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_csv_is_the_list_as_shown_byte_for_byte(shop, tmp_path, sort, descending):
    """The exported file has exactly the desk's rows in the desk's order, whatever the sort."""
    zone = ZoneInfo(settings.shop_profile(shop).timezone)
    flt = CaseFilter(view="all")
    expected = tmp_path / "expected.csv"
    write_rows(_listed(shop, flt, sort, descending), list(COLUMNS), expected, zone)
    out = tmp_path / "out.csv"
    count = case_csv.export_case_list(shop, out, flt, list(COLUMNS), sort, descending)
    assert count == 180
    assert out.read_bytes() == expected.read_bytes()


def test_key_ranges_of_any_size_give_the_same_rows(shop):
    """Batches that end inside a run of equal keys neither drop nor repeat a case."""
    flt = CaseFilter(view="open")
    whole = [r.number for r in case_csv.list_rows(shop, flt, "status", batch=10_000)]
    for batch in (1, 7, 50):
        assert [r.number for r in case_csv.list_rows(shop, flt, "status", batch=batch)] == whole
    assert len(whole) == len(set(whole)) == case_list.count(shop, flt)


def test_csv_progress_counts_up_and_cancel_leaves_no_file(shop, tmp_path, monkeypatch):
    """The export reports how far it is, and a cancelled one leaves nothing half-written."""
    monkeypatch.setattr("casemanager.services.files.streaming.EVERY", 40)
    seen: list[tuple[int, int]] = []
    out = tmp_path / "cases.csv"
    case_csv.export_case_list(
        shop, out, CaseFilter(view="all"), progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (40, 180) and seen[-1] == (180, 180)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    cancelled = tmp_path / "cancelled.csv"
    with pytest.raises(ExportCancelled):
        case_csv.export_case_list(shop, cancelled, CaseFilter(view="all"), cancelled=lambda: True)
    assert not cancelled.exists() and not list(tmp_path.glob("*.partial"))


def test_calendar_in_key_ranges_is_the_same_calendar(shop, tmp_path):
    """Reading deadlines a few at a time writes the very bytes of the calendar read at once."""
    with shop.snapshot():
        whole = list(calendar_export.open_deadlines(shop, batch=100_000))
        for batch in (1, 3, 64):
            assert list(calendar_export.open_deadlines(shop, batch=batch)) == whole
    assert len({e.uid for e in whole}) == len(whole) > 100
    out = tmp_path / "due.ics"
    assert calendar_export.export_deadlines(shop, out) == len(whole)
    assert out.read_bytes() == ics.render(whole, shop.clock.now())


def test_calendar_cancel_leaves_no_file(shop, tmp_path, monkeypatch):
    """A cancelled calendar export leaves no file."""
    monkeypatch.setattr("casemanager.services.files.streaming.EVERY", 10)
    out = tmp_path / "due.ics"
    with pytest.raises(ExportCancelled):
        calendar_export.export_deadlines(shop, out, cancelled=lambda: True)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_csv_file_reads_back_as_a_spreadsheet_would(shop, tmp_path):
    """The streamed file is one header and one record per case, BOM and CRLF as before."""
    out = tmp_path / "cases.csv"
    case_csv.export_case_list(shop, out, CaseFilter(view="all"))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(records) == 181
