"""The case list service: search, saved views, filters and database-side sorting."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from peewee import fn

from casemanager.policy import limits
from casemanager.services.cases import case_list, case_pages, records
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.demo import generate
from casemanager.store import search as search_adapter
from casemanager.store.models import Case
from tests.conftest import NOW
from tests.factories import new_case


def _make(ctx, **overrides) -> str:
    return records.create_case(ctx, new_case(**overrides)).number


def _search(ctx, text: str) -> list[case_list.DeskRow]:
    """What the case list shows for ``text`` typed in its search box, in "All cases"."""
    return case_list.page(ctx, CaseFilter(view="all", text=text), sort="due")


def _set(number: str, **values) -> None:
    Case.update(**values).where(Case.number == number).execute()


def test_short_chinese_name_is_found(ctx):
    """Typing a two-character name such as 张伟 finds that customer's case."""
    wanted = _make(ctx, customer_name="张伟", customer_email="zw@example.cn", order_ref="AN-1")
    _make(ctx, customer_name="张伟明", customer_email="zwm@example.cn", order_ref="AN-2")
    _make(ctx, customer_name="李娜", customer_email="ln@example.cn", order_ref="AN-3")
    found = [r.number for r in _search(ctx, "张伟")]
    assert wanted in found and len(found) == 2
    assert [r.customer for r in _search(ctx, "李娜")] == ["李娜"]


def test_search_covers_email_order_product_and_notes(ctx):
    """The owner finds a case by e-mail, order id, product or a word of the description."""
    number = _make(ctx, description="Customer says the key was already redeemed")
    _make(ctx, customer_email="other@example.com", order_ref="ZZ-9", product_name="Steam Card")
    for text in ("PRIYA@example", "AM-1001", "quick heal", "redeemed", "priya redeemed"):
        assert [r.number for r in _search(ctx, text)] == [number], text
    assert _search(ctx, "nothing-like-this") == []
    assert case_list.count(ctx, CaseFilter(view="all", text="example")) == 2


def test_search_follows_corrections(ctx):
    """After correcting a customer's name, searching the new name finds the case."""
    number = _make(ctx)
    records.update_case(ctx, number, new_case(customer_name="Priya Verma"), "typo")
    assert [r.number for r in _search(ctx, "Verma")] == [number]
    assert _search(ctx, "Sharma") == []


def test_search_text_is_never_query_syntax(ctx):
    """Quotes, stars and operators in the search box are searched literally, not parsed."""
    _make(ctx, description='he wrote "NOT" OR near* here')
    assert len(_search(ctx, '"NOT" near*')) == 1
    assert _search(ctx, "NOT* OR") == []
    assert _search(ctx, "%") == [] and _search(ctx, "_") == []


def test_like_fallback_matches_the_same_columns(ctx):
    """On databases without FTS5 the plain LIKE search finds the same cases."""
    number = _make(ctx, customer_name="张伟")
    _make(ctx, customer_name="Somebody Else", customer_email="s@example.com", order_ref="X")
    condition = search_adapter._like_condition(["张伟"])
    query = case_list._base_query(Case.number).where(condition)
    assert [c.number for c in query] == [number]


def test_saved_views_count_what_they_show(ctx):
    """The sidebar's counts agree with the rows each view lists."""
    overdue = _make(ctx, order_ref="A")
    today = _make(ctx, order_ref="B")
    waiting = _make(ctx, order_ref="C")
    closed = _make(ctx, order_ref="D")
    _set(overdue, next_due_at=NOW - dt.timedelta(hours=1))
    _set(today, next_due_at=NOW + dt.timedelta(hours=2))  # 11:30 in Kolkata, same day
    _set(waiting, status="awaiting_customer", next_due_at=NOW + dt.timedelta(days=9))
    _set(closed, status="closed", next_due_at=None)
    counts = case_list.view_counts(ctx)
    assert counts["overdue"] == 1 and counts["due_today"] == 1
    assert counts["awaiting_customer"] == 1 and counts["closed"] == 1
    assert counts["open"] == 3 and counts["all"] == 4
    for key, n in counts.items():
        assert len(case_list.page(ctx, CaseFilter(view=key))) == n, key
    assert [r.number for r in case_list.page(ctx, CaseFilter(view="overdue"))] == [overdue]


def test_sort_by_deadline_puts_cases_without_one_last(ctx):
    """Sorted by next deadline, the most urgent come first and undated ones at the end."""
    late = _make(ctx, order_ref="late")
    soon = _make(ctx, order_ref="soon")
    none = _make(ctx, order_ref="none")
    _set(late, next_due_at=NOW + dt.timedelta(days=3))
    _set(soon, next_due_at=NOW - dt.timedelta(days=1))
    _set(none, next_due_at=None)
    flt = CaseFilter(view="all")
    assert [r.number for r in case_list.page(ctx, flt, "due")] == [soon, late, none]
    assert [r.number for r in case_list.page(ctx, flt, "due", True)] == [late, soon, none]
    paged = [case_list.page(ctx, flt, "due", offset=i, limit=1)[0].number for i in range(3)]
    assert paged == [soon, late, none]


def test_sort_and_filter_by_columns(ctx):
    """Sorting by amount and filtering by reason and policy happen in the database."""
    cheap = _make(ctx, amount_paid=Decimal("10.00"), reason="non_delivery")
    dear = _make(ctx, amount_paid=Decimal("9000.00"), order_ref="X2")
    flt = CaseFilter(view="all")
    assert [r.number for r in case_list.page(ctx, flt, "amount", True)] == [dear, cheap]
    assert [r.number for r in case_list.page(ctx, flt.with_(reason="non_delivery"))] == [cheap]
    assert case_list.count(ctx, flt.with_(policy="antnum")) == 0
    first = case_list.page(ctx, flt, "number")[0]
    assert first.license_masked.endswith("81ZQ") and "QH7K" not in first.license_masked


def test_countdown_tick_needs_no_database(ctx):
    """Each second's urgency band comes from the tick alone."""
    tick = case_list.countdown_tick(ctx, ["antimart", "gone-pack"])
    assert tick.band(NOW + dt.timedelta(hours=1), "antimart") == "under_4h"
    assert tick.band(NOW - dt.timedelta(seconds=5), "gone-pack") == "overdue"
    assert tick.band(None, "antimart") is None


def test_cases_before_search_existed_are_searchable(db_path, tmp_path, clock):
    """A shop upgrading from an older version finds its old cases by search."""
    from casemanager.services.context import AppContext
    from casemanager.store import database, schema

    before = [n for n in schema._runner_names() if n < "0004"][-1]
    db = database.connect(database.resolve_target(str(db_path)))
    schema.upgrade(db, target=before)
    db.close()
    conn = sqlite3.connect(db_path)
    stamp = "2026-03-10 10:00:00"
    with conn:
        conn.execute(
            "INSERT INTO product (id, name, kind, third_party, vendor) "
            "VALUES (1, 'Quick Heal', 'license_key', 0, '')"
        )
        conn.execute(
            "INSERT INTO customer (id, name, email, phone, address, notes, created_at) "
            "VALUES (1, '王芳', 'wf@example.cn', '', '', '', ?)",
            (stamp,),
        )
        conn.execute(
            'INSERT INTO "order" (id, order_ref, customer_id, product_id, purchased_at, '
            "amount_paid, currency, payment_method, license_code) "
            "VALUES (1, 'AN-7', 1, 1, ?, 100, 'CNY', '', '')",
            (stamp,),
        )
        conn.execute(
            'INSERT INTO "case" (number, customer_id, order_id, policy_id, '
            "policy_version, reason, description, reported_at, status, created_at, "
            "updated_at) VALUES ('RC-2026-00001', 1, 1, 'antnum', '1', 'invalid_code', "
            "'', ?, 'received', ?, ?)",
            (stamp, stamp, stamp),
        )
    conn.close()
    ctx = AppContext.open(str(db_path), clock=clock, backups=tmp_path / "b")
    try:
        assert [r.number for r in _search(ctx, "王芳")] == ["RC-2026-00001"]
        assert [r.number for r in _search(ctx, "AN-7")] == ["RC-2026-00001"]
    finally:
        ctx.close()


def test_amounts_sort_within_their_currency(ctx):
    """Sorted by amount, each currency's cases stay together, smallest first within it."""
    usd_ten = _make(ctx, amount_paid=Decimal("10.00"), currency="USD", order_ref="U10")
    inr = _make(ctx, amount_paid=Decimal("6982.00"), currency="INR", order_ref="I1")
    usd_five = _make(ctx, amount_paid=Decimal("5.00"), currency="USD", order_ref="U5")
    cny = _make(ctx, amount_paid=Decimal("50.00"), currency="CNY", order_ref="C1")
    flt = CaseFilter(view="all")
    assert [r.number for r in case_list.page(ctx, flt, "amount")] == [cny, inr, usd_five, usd_ten]
    down = [r.number for r in case_list.page(ctx, flt, "amount", True)]
    assert down == [usd_ten, usd_five, inr, cny]


def test_pages_follow_each_other_by_key(ctx, monkeypatch):
    """Reading the list page after page by key gives every case once, in order, for any sort."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 2)
    for i, name in enumerate(("Zoë", "Anil", "Anil", "Mei", "Bo")):
        _make(ctx, customer_name=name, customer_email=f"c{i}@example.com", order_ref=f"R{i}")
    flt = CaseFilter(view="all")
    for key in case_list.SORT_KEYS:
        for down in (False, True):
            whole = [r.number for r in case_list.page(ctx, flt, key, down, limit=50)]
            assert [r.number for r in case_pages.stream(ctx, flt, key, down)] == whole
            layout = case_pages.layout(ctx, flt, key, down)
            assert layout.total == 5 and len(layout.starts) == 3
            after = case_pages.rows_after(ctx, flt, key, down, layout.starts[2])
            assert [r.number for r in after] == whole[4:], (key, down)
    names = [r.customer for r in case_pages.stream(ctx, flt, "customer")]
    assert names == ["Anil", "Anil", "Bo", "Mei", "Zoë"]


@pytest.mark.parametrize("probe, rare", [(3, 0), (100, 0), (3, 100)])
def test_search_finds_the_same_cases_however_common_the_word(ctx, monkeypatch, probe, rare):
    """A common word, a rare one and a short one list exactly their cases, in order."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 2)
    monkeypatch.setattr(case_pages, "PROBE_STEPS", (probe, 2 * probe))
    monkeypatch.setattr(case_pages, "RARE_MATCHES", rare)
    made = {}
    for i in range(9):
        name = "张伟" if i in (2, 7) else f"Asha {i}"
        product = "Steam Wallet" if i % 3 else "Office Key"
        made[i] = _make(
            ctx, customer_name=name, customer_email=f"c{i}@shop.example", order_ref=f"SO-{i}"
        )
        Case.update(description=product).where(Case.number == made[i]).execute()
    expect = {
        "Steam": {made[i] for i in range(9) if i % 3},
        "张伟": {made[2], made[7]},
        "office shop.example": {made[0], made[3], made[6]},
        "SO-7": {made[7]},
        "nobody": set(),
    }
    for text, numbers in expect.items():
        flt = CaseFilter(view="all", text=text)
        for key in ("due", "number", "customer", "amount"):
            listed = [r.number for r in case_pages.stream(ctx, flt, key)]
            assert set(listed) == numbers and len(listed) == len(numbers), (text, key)
            assert case_pages.layout(ctx, flt, key).total == len(numbers)


@pytest.mark.parametrize("probe, rare", [(2, 0), (50, 0), (2, 100)])
def test_a_search_keeps_the_lists_own_order_and_pages(ctx, monkeypatch, probe, rare):
    """Whatever the word, its matches come in the very order and pages of the whole list."""
    monkeypatch.setattr(case_list, "PAGE_SIZE", 3)
    monkeypatch.setattr(case_pages, "PROBE_STEPS", (probe, 2 * probe))
    monkeypatch.setattr(case_pages, "RARE_MATCHES", rare)
    steam, chinese, zhou = set(), set(), set()
    for i in range(14):
        name = "张伟" if i % 4 == 1 else f"Zhou {i}" if i % 3 == 0 else f"Asha {i}"
        number = _make(
            ctx,
            customer_name=name,
            customer_email=f"c{i}@shop.example",
            order_ref=f"SO-{i % 5}",  # repeated references: ties broken by the ids
            amount_paid=Decimal(f"{10 + i % 4}.00"),
        )
        due = None if i % 5 == 0 else NOW + dt.timedelta(hours=i % 3)  # ties and no deadline
        _set(number, description="Steam Wallet" if i % 2 else "Office Key", next_due_at=due)
        (steam if i % 2 else set()).add(number)
        (chinese if name == "张伟" else zhou if name.startswith("Zhou") else set()).add(number)
    expect = {"Steam": steam, "张伟": chinese, "zh": zhou, "Steam 张伟": steam & chinese}
    for key in case_list.SORT_KEYS:
        for down in (False, True):
            whole = [r.number for r in case_pages.stream(ctx, CaseFilter(view="all"), key, down)]
            for text, numbers in expect.items():
                ordered = [n for n in whole if n in numbers]
                flt = CaseFilter(view="all", text=text)
                first = [r.number for r in case_pages.rows_after(ctx, flt, key, down)]
                assert first == ordered[:3], (text, key, down)
                listed = [r.number for r in case_pages.stream(ctx, flt, key, down, batch=2)]
                assert listed == ordered, (text, key, down)


def test_counts_agree_with_the_lists_for_every_view_and_due_filter(ctx):
    """Counting open cases by their statuses named one by one must count what the list
    (which says "not final") shows: a status left out would drop its cases silently."""
    generate.generate(ctx, 150, seed=5)
    flts = [CaseFilter(view=v.key) for v in case_list.SAVED_VIEWS]
    flts += [CaseFilter(view="all", due=d) for d in case_list.DUE_CHOICES]
    for flt in flts:
        assert case_list.count(ctx, flt) == len(case_list.page(ctx, flt)), flt
    assert set(case_list.OPEN) | set(case_list.FINAL) == set(limits.CASE_STATUSES)


@pytest.mark.sqlite_only(reason="SQLite's query plan")
def test_the_overdue_count_reads_the_status_and_due_index_alone(ctx):
    """The sidebar's overdue count walked the due index and looked up each case's status:
    most of a second at a million cases, every minute and after every change."""
    conditions = case_list._conditions(ctx, CaseFilter(view="overdue"), NOW, counting=True)
    sql, params = Case.select(fn.COUNT(Case.id)).where(*conditions).sql()
    plan = " ".join(str(r) for r in ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "COVERING INDEX case_status_next_due_at" in plan


def test_larger_files_lead_from_longer_lists_of_matches(ctx, monkeypatch):
    """The bound on a leading list grows as the square root of the file, from RARE_FROM."""
    monkeypatch.setattr(case_pages, "RARE_MATCHES", 3)
    monkeypatch.setattr(case_pages, "RARE_FROM", 4)
    bounds = []
    real = search_adapter.rare_matching

    def rare_matching(db, text, most):
        bounds.append(most)
        return real(db, text, most)

    monkeypatch.setattr(search_adapter, "rare_matching", rare_matching)
    flt = CaseFilter(view="all", text="张伟")
    wei = set()
    for i in range(16):
        name = "张伟" if i < 5 else f"Asha {i}"
        number = _make(ctx, customer_name=name, customer_email=f"c{i}@x.in", order_ref=f"W-{i}")
        wei |= {number} if i < 5 else set()
        if i in (3, 15):
            assert {r.number for r in case_pages.rows_after(ctx, flt)} == wei
    assert bounds == [3, 6]  # 4 cases: RARE_MATCHES; 16: twice that
