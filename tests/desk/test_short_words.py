"""Words of one or two characters: found through customers' indexed pieces, as LIKE finds them."""

from __future__ import annotations

import sqlite3

from casemanager.services.cases import case_list, records
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.demo import generate
from casemanager.store import search as search_adapter
from casemanager.store.models import Case, Customer
from tests.factories import new_case

# Latin of either case, CJK, Devanagari, Cyrillic, an accent, digits, and the
# characters LIKE would read as wildcards or an escape.
PEOPLE = (
    ("张伟", "zw@example.cn"),
    ("张伟明", "ZWM@Example.CN"),
    ("Priya Sharma", "priya_s@example.in"),
    ("मणीन्द्र", "m.100%@example.in"),
    ("Ёлка Öberg", "yo\\berg@example.com"),
    ("Zhou Li", ""),
)


def _like_customers(ctx, word: str) -> set[int]:
    """The scan the index replaces: SQLite's LIKE, PostgreSQL's ILIKE (the old search)."""
    like = "LIKE" if isinstance(ctx.db, search_adapter.SqliteDatabase) else "ILIKE"
    mark = "?" if like == "LIKE" else "%s"
    test = f"{like} {mark} ESCAPE '\\'"
    sql = f"SELECT id FROM customer WHERE name {test} OR email {test}"
    pattern = search_adapter._like_pattern(word)
    return {row[0] for row in ctx.db.execute_sql(sql, (pattern, pattern))}


def _indexed_customers(ctx, word: str) -> set[int]:
    found = Customer.select(Customer.id).where(
        Customer.id.in_(search_adapter.customers_holding(ctx.db, word))
    )
    return {c.id for c in found}


def _short_words(texts) -> set[str]:
    """Every one- and two-character piece of the texts, in their case and in the other."""
    words = set()
    for text in texts:
        for size in (1, 2):
            for start in range(len(text) - size + 1):
                piece = text[start : start + size]
                words |= {piece, piece.upper(), piece.lower()}
    return {w for w in words if w.strip() == w} | {"qx", "伟x", "%", "_"}


def _same_as_like(ctx) -> None:
    texts = [t for c in Customer.select() for t in (c.name, c.email or "")]
    words = _short_words(texts)
    assert len(words) > 100
    for word in sorted(words):
        assert _indexed_customers(ctx, word) == _like_customers(ctx, word), word


def test_the_index_finds_what_like_finds_through_edits(ctx):
    """Every short piece of every name and e-mail, before and after corrections."""
    numbers = []
    for i, (name, email) in enumerate(PEOPLE):
        case = new_case(customer_name=name, customer_email=email, order_ref=f"S-{i}")
        numbers.append(records.create_case(ctx, case).number)
    _same_as_like(ctx)
    records.update_case(
        ctx, numbers[0], new_case(customer_name="李娜", customer_email="zw@example.cn"), "typo"
    )
    assert _indexed_customers(ctx, "张伟") == _like_customers(ctx, "张伟") != set()
    assert _indexed_customers(ctx, "李娜") == _like_customers(ctx, "李娜") != set()
    _same_as_like(ctx)
    Customer.update(email="lina@Example.CN").where(Customer.name == "李娜").execute()
    assert _indexed_customers(ctx, "li") == _like_customers(ctx, "li")
    assert _indexed_customers(ctx, "zw") == _like_customers(ctx, "zw")
    lonely = Customer.create(name="Wu Gang", email="wg@example.cn", created_at=ctx.clock.now())
    assert _indexed_customers(ctx, "wg") == {lonely.id}
    lonely.delete_instance()
    assert _indexed_customers(ctx, "wg") == set()
    _same_as_like(ctx)


def test_short_words_find_the_cases_of_their_customers(ctx):
    """The list shows the same cases for a short word as a scan of customers would."""
    for i, (name, email) in enumerate(PEOPLE):
        case = new_case(customer_name=name, customer_email=email, order_ref=f"S-{i}")
        records.create_case(ctx, case)
    for word in ("张伟", "伟", "zh", "ZH", "_s", "%", "ё", "Ö", "म"):
        customers = _like_customers(ctx, word)
        expect = {c.number for c in Case.select().where(Case.customer.in_(customers))}
        flt = CaseFilter(view="all", text=word)
        assert {r.number for r in case_list.page(ctx, flt, sort="due")} == expect, word
        assert case_list.count(ctx, flt) == len(expect), word
    assert case_list.count(ctx, CaseFilter(view="all", text="伟")) == 2


def test_bulk_recorded_customers_are_indexed(ctx):
    """Demo data's bulk path writes customers through the same triggers."""
    generate.generate(ctx, 60, seed=7)
    _same_as_like(ctx)


def test_customers_from_before_the_index_are_found(db_path):
    """Upgrading a file builds the index over the customers it already has."""
    from casemanager.store import database, schema

    before = [n for n in schema._runner_names() if n < "0018"][-1]
    db = database.connect(database.resolve_target(str(db_path)))
    schema.upgrade(db, target=before)
    db.close()
    conn = sqlite3.connect(db_path)
    with conn:
        for i, (name, email) in enumerate(PEOPLE, 1):
            conn.execute(
                "INSERT INTO customer (id, name, email, phone, address, notes, created_at) "
                "VALUES (?, ?, ?, '', '', '', '2026-03-10 10:00:00')",
                (i, name, email),
            )
    conn.close()
    db = database.connect(database.resolve_target(str(db_path)))
    schema.upgrade(db)
    found = {}
    for word in ("张伟", "伟", "zw", "@", "म"):
        subquery = search_adapter.customers_holding(db, word)
        sql, params = db.get_sql_context().sql(subquery).query()
        found[word] = {row[0] for row in db.execute_sql(sql[1:-1], params)}
    db.close()
    assert found == {"张伟": {1, 2}, "伟": {1, 2}, "zw": {1, 2}, "@": {1, 2, 3, 4, 5}, "म": {4}}


def test_a_short_word_matches_customers_only_however_the_list_is_read(ctx, monkeypatch):
    """Walking the list tested a short word against every column on the server, while
    its index matched customers only: the same word listed different cases."""
    from casemanager.services.cases import case_pages

    monkeypatch.setattr(case_pages, "RARE_MATCHES", 0)  # walk the list, row by row
    monkeypatch.setattr(case_list, "PAGE_SIZE", 2)
    wanted = set()
    for i in range(6):
        name = "Qz Rao" if i % 3 == 0 else f"Asha {i}"
        case = new_case(customer_name=name, customer_email=f"c{i}@x.in", order_ref=f"QZ-{i}")
        number = records.create_case(ctx, case).number
        Case.update(description="qz in the text").where(Case.number == number).execute()
        wanted |= {number} if i % 3 == 0 else set()
    for probe in (1, 100):
        monkeypatch.setattr(case_pages, "PROBE_STEPS", (probe, 2 * probe))
        flt = CaseFilter(view="all", text="QZ")
        assert {r.number for r in case_pages.stream(ctx, flt)} == wanted, probe
        assert case_list.count(ctx, flt) == len(wanted)
