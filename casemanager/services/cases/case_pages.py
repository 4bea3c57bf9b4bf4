"""Keyset paging of the case list: every page is one index range scan.

Each order is a key of indexed columns that ends in a unique one and follows
the join path from the table holding the sort column (customer name, then the
customer's id, then the case's id), so the page after a row starts at that row's
key in the index, however deep into the list it is. Nothing here uses OFFSET.

The list learns its length and the key at each page boundary off the GUI
thread (``layout``): one pass of the database over the filtered keys that
returns one key per page, not the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from peewee import JOIN, SQL, Expression, Field, Select, Value, fn

from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter, DeskRow
from casemanager.services.cases.secrets import mask
from casemanager.services.context import AppContext, uses_database
from casemanager.store import search
from casemanager.store.models import Case, Customer, Order, Product

# A row's place in an order: its segment's number, then its key values as stored.
Position = tuple


@dataclass(frozen=True)
class _Segment:
    """One stretch of an order: the rows matching ``condition``, by ``keys``."""

    keys: tuple[Field, ...]
    driver: type  # the table whose index gives the order, first in the join
    condition: Expression | None = None
    ascending_only: bool = False


def _one(*keys: Field) -> list[_Segment]:
    return [_Segment(tuple(keys), keys[0].model)]


# Sortable columns: key -> the index-backed key the database walks.
SORTS: dict[str, list[_Segment]] = {
    "number": _one(Case.number),  # unique already
    "received": _one(Case.reported_at, Case.id),
    "customer": _one(Customer.name, Customer.id, Case.id),
    "order": _one(Order.order_ref, Order.id, Case.id),
    "product": _one(Product.name, Product.id, Order.id, Case.id),
    "reason": _one(Case.reason, Case.id),
    "status": _one(Case.status, Case.id),
    "policy": _one(Case.policy_id, Case.id),
    # Cases with a deadline first (either direction), then those without one:
    # two index ranges instead of a NULLS LAST sort over every row.
    "due": [
        _Segment((Case.next_due_at, Case.id), Case, Case.next_due_at.is_null(False)),
        _Segment((Case.id,), Case, Case.next_due_at.is_null(), ascending_only=True),
    ],
    # Amounts compare only within a currency: by currency, then amount.
    "amount": _one(Order.currency, Order.amount_paid, Order.id, Case.id),
}

_COLUMNS = (
    Case.number,
    Case.reported_at,
    Customer.name,
    Order.order_ref,
    Product.name,
    Case.reason,
    Case.status,
    Case.policy_id,
    Case.next_due_at,
    Case.next_due_name,
    Order.amount_paid,
    Order.currency,
    Order.license_code,
)


def _joined(driver: type, columns, planner_orders: bool):
    """The list's join, led by ``driver`` so the planner walks that table's index.

    A CROSS JOIN keeps SQLite's join order (PostgreSQL plans it as any inner join);
    with a search, the planner's own order is better: few matches, sorted cheaply.
    """
    if driver is Case or planner_orders:
        return (
            Case.select(*columns)
            .join(Customer, on=(Case.customer == Customer.id))
            .switch(Case)
            .join(Order, on=(Case.order == Order.id))
            .join(Product, on=(Order.product == Product.id))
        )
    if driver is Customer:
        return (
            Customer.select(*columns)
            .join(Case, JOIN.CROSS)
            .join(Order, on=(Case.order == Order.id))
            .join(Product, on=(Order.product == Product.id))
            .where(Case.customer == Customer.id)
        )
    if driver is Order:
        return (
            Order.select(*columns)
            .join(Case, JOIN.CROSS)
            .join(Customer, on=(Case.customer == Customer.id))
            .join(Product, on=(Order.product == Product.id))
            .where(Case.order == Order.id)
        )
    return (
        Product.select(*columns)
        .join(Order, JOIN.CROSS)
        .join(Case, JOIN.CROSS)
        .join(Customer, on=(Case.customer == Customer.id))
        .where((Order.product == Product.id) & (Case.order == Order.id))
    )


def _key_join(driver: type, columns):
    """The tables a key of ``driver``'s order needs, from it to the case (no more).

    Reading keys only, a walk touches the index of the order and the case row the
    filter tests, not the customer, order and product rows the list shows.
    """
    if driver is Case:
        return Case.select(*columns)
    if driver is Customer:
        return Customer.select(*columns).join(Case, JOIN.CROSS).where(Case.customer == Customer.id)
    if driver is Order:
        return Order.select(*columns).join(Case, JOIN.CROSS).where(Case.order == Order.id)
    return (
        Product.select(*columns)
        .join(Order, JOIN.CROSS)
        .join(Case, JOIN.CROSS)
        .where((Order.product == Product.id) & (Case.order == Order.id))
    )


def _segments(sort: str) -> list[_Segment]:
    if sort not in SORTS:
        raise ValueError(f"sort: unknown column {sort!r}")
    return SORTS[sort]


def _descends(segment: _Segment, descending: bool) -> bool:
    return descending and not segment.ascending_only


def _order(segment: _Segment, descending: bool) -> list:
    down = _descends(segment, descending)
    return [k.desc() if down else k.asc() for k in segment.keys]


def _ranges(segment: _Segment, after: tuple | None, descending: bool) -> Iterator[list]:
    """The index ranges after ``after``, nearest first: the same prefix, then shorter ones.

    ``(a, b, c) > (x, y, z)`` as ``a=x, b=y, c>z``, then ``a=x, b>y``, then ``a>x``:
    each an equality prefix and one range, which every planner turns into an index seek.
    """
    if after is None:
        yield []
        return
    down = _descends(segment, descending)
    for depth in range(len(segment.keys) - 1, -1, -1):
        same = [segment.keys[i] == _stored(after[i]) for i in range(depth)]
        key, value = segment.keys[depth], _stored(after[depth])
        yield [*same, key < value if down else key > value]


def _stored(value) -> Value:
    """A key value exactly as the database returned it: no field conversion again."""
    return Value(value, converter=lambda v: v)


def _where(query, conditions: list):
    for condition in conditions:
        if condition is not None:
            query = query.where(condition)
    return query


# Rows of the list's own order walked per page, testing each for the search words,
# before the search index is asked instead: a first short stretch (a common word
# fills a page from it), then a longer one. At least one in 25 rows matching fills
# a page from the walk, and rarer words leave the index few rows to collect.
PROBE_STEPS = (1000, 4000)
# After them, a walk that found some matches goes on when the rest of the page seems
# at most this many rows ahead (twice that distance is read, for the rate's error).
MORE_ROWS = 12_000
# A word with at most this many matches leads the query from its list of matches
# (measured at RARE_FROM cases). A list costs its length and a walk a page over the
# word's share of the list, so they break even at a length growing as the square
# root of the file: a million cases lead from lists of up to 9,100.
RARE_MATCHES = 5000
RARE_FROM = 300_000


@dataclass(frozen=True)
class _Plan:
    """A filter made ready for reading: its conditions, and the search apart from them."""

    conditions: list  # everything but the search words
    matching: Expression | None  # the words, through the search index
    row_check: Expression | None  # the words, tested row by row
    rare: search.Rare | None = None  # a short list of matches leads: no walk needed


def _scan(
    conditions: list,
    planner_orders: bool,
    segment: _Segment,
    number: int,
    after: tuple | None,
    descending: bool,
    limit: int,
    keys_only: bool = False,
    make: Callable[[tuple, int], Any] | None = None,
) -> list:
    make = make or _row
    found: list = []
    columns = segment.keys if keys_only else (*_COLUMNS, *segment.keys)
    for extra in _ranges(segment, after, descending):
        if keys_only:
            query = _key_join(segment.driver, columns)
        else:
            query = _joined(segment.driver, columns, planner_orders)
        query = _where(query, [*conditions, segment.condition, *extra])
        query = query.order_by(*_order(segment, descending)).limit(limit - len(found))
        # The plain cursor, converted below: Peewee's per-field converters parse each
        # instant with strptime, which cost more than the query itself on a full page.
        values = Case._meta.database.execute(query).fetchall()
        found += values if keys_only else [make(v, number) for v in values]
        if len(found) >= limit:
            break
    return found


def _up_to(segment: _Segment, bound: tuple, descending: bool) -> Expression:
    """Rows up to and including ``bound`` in the segment's order (an index range)."""
    down = _descends(segment, descending)

    def before(i: int) -> Expression:
        key, value = segment.keys[i], _stored(bound[i])
        if i == len(segment.keys) - 1:
            return key >= value if down else key <= value
        strictly = key > value if down else key < value
        return strictly | ((key == value) & before(i + 1))

    first, value = segment.keys[0], _stored(bound[0])
    return (first >= value if down else first <= value) & before(0)


def _beyond(segment: _Segment, after: tuple, descending: bool) -> Expression:
    """Rows after ``after`` in the segment's order, as one condition (no index needed)."""
    condition = None
    for extra in _ranges(segment, after, descending):
        one = extra[0]
        for more in extra[1:]:
            one = one & more
        condition = one if condition is None else condition | one
    return condition


def _read_rare(
    plan: _Plan,
    segment: _Segment,
    number: int,
    after: tuple | None,
    descending: bool,
    limit: int,
    make: Callable[[tuple, int], Any],
) -> list:
    """A rare word's few matches, read from their short list and ordered by the database.

    The list leads the join (a CROSS JOIN keeps SQLite's join order), so the
    planner cannot walk the sort index instead and test every case on the way;
    sorting a few thousand rows for one page keeps only that page.
    """
    rare = plan.rare
    conditions = [rare.joined(), *plan.conditions, rare.rest, segment.condition]
    if after is not None:
        conditions.append(_beyond(segment, after, descending))
    order = _order(segment, descending)
    db = Case._meta.database
    if segment.driver is Case:
        # The case's own keys: the matches are ordered from their case rows alone,
        # and only the page's rows are joined to their customer, order and product.
        keys = Select([rare.source()], (Case.id,)).join(Case, JOIN.CROSS)
        wanted = [
            row[0] for row in db.execute(_where(keys, conditions).order_by(*order).limit(limit))
        ]
        if not wanted:
            return []
        rows = _joined(Case, (Case.id, *_COLUMNS, *segment.keys), True)
        found = db.execute(rows.where(search.listed(Case.id, wanted))).fetchall()
        by_id = {v[0]: make(v[1:], number) for v in found}
        return [by_id[case_id] for case_id in wanted if case_id in by_id]
    query = (
        Select([rare.source()], (*_COLUMNS, *segment.keys))
        .join(Case, JOIN.CROSS)
        .join(Customer, on=(Case.customer == Customer.id))
        .join(Order, on=(Case.order == Order.id))
        .join(Product, on=(Order.product == Product.id))
    )
    values = db.execute(_where(query, conditions).order_by(*order).limit(limit)).fetchall()
    return [make(v, number) for v in values]


def _read(
    plan: _Plan,
    segment: _Segment,
    number: int,
    after: tuple | None,
    descending: bool,
    limit: int,
    make: Callable[[tuple, int], Any],
) -> list:
    if plan.matching is None:
        return _scan(plan.conditions, False, segment, number, after, descending, limit, make=make)
    if plan.rare is not None:
        return _read_rare(plan, segment, number, after, descending, limit, make)
    # Common words: the next stretches of the list in its own order, each row tested.
    rows: list = []
    start, walked, step = after, 0, 0
    probe = PROBE_STEPS[0]
    while probe:
        # The last stretch is long: its end is read from the sort index alone (the
        # filter's rows are a part of it), not from every case row on the way.
        bounding = plan.conditions if step < len(PROBE_STEPS) else []
        ahead = _scan(bounding, False, segment, number, start, descending, probe, True)
        if not ahead:
            return rows
        bound = tuple(ahead[-1])
        tested = [*plan.conditions, plan.row_check, _up_to(segment, bound, descending)]
        rest = limit - len(rows)
        rows += _scan(tested, False, segment, number, start, descending, rest, make=make)
        if len(rows) >= limit or len(ahead) < probe:
            return rows
        start, walked, step = bound, walked + len(ahead), step + 1
        probe = _next_stretch(step, walked, len(rows), limit)
    # Rare words: the search index collects the few matches beyond those stretches.
    indexed = [*plan.conditions, plan.matching]
    rest = limit - len(rows)
    return rows + _scan(indexed, True, segment, number, start, descending, rest, make=make)


def _next_stretch(step: int, walked: int, found: int, limit: int) -> int:
    """Rows to walk next: the fixed stretches, then once as far as the page's end seems.

    A word that filled most of a page in the walk is cheaper to walk on than to
    collect from the search index (every match, however many); 0 asks the index.
    """
    if step < len(PROBE_STEPS):
        return PROBE_STEPS[step]
    if step > len(PROBE_STEPS) or not found:
        return 0
    ahead = (limit - found) * walked // found  # rows the rest of the page needs at this rate
    return 2 * ahead + 100 if ahead <= MORE_ROWS else 0


def _prepared(ctx: AppContext, flt: CaseFilter) -> _Plan:
    text = case_list.checked_text(flt)
    conditions = case_list._conditions(ctx, flt.with_(text=""), ctx.clock.now())
    db = ctx.db
    # The bound (a query) only for a search: every page of the plain list comes here.
    rare = search.rare_matching(db, text, _rare_bound()) if search.terms(text) else None
    if rare is not None:
        return _Plan(conditions, rare.condition(), None, rare)
    return _Plan(conditions, search.matching(db, text), search.row_condition(db, text))


def _rare_bound() -> int:
    cases = Case.select(fn.MAX(Case.id)).scalar() or 0  # the last id: one index step
    return int(RARE_MATCHES * max(1.0, (cases / RARE_FROM) ** 0.5))


@uses_database
def rows_after(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str = "due",
    descending: bool = False,
    after: Position | None = None,
    limit: int | None = None,
) -> list[DeskRow]:
    """Up to ``limit`` rows of the filtered list that follow ``after`` (None: the first)."""
    limit = case_list.PAGE_SIZE if limit is None else limit
    return _rows_after(ctx, flt, sort, descending, after, limit, _row)


def _rows_after(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str,
    descending: bool,
    after: Position | None,
    limit: int,
    make: Callable[[tuple, int], Any],
) -> list:
    segments = _segments(sort)
    plan = _prepared(ctx, flt)
    first = 0 if after is None else after[0]
    rows: list = []
    for number in range(first, len(segments)):
        key = tuple(after[1:]) if after is not None and number == first else None
        rows += _read(plan, segments[number], number, key, descending, limit - len(rows), make)
        if len(rows) >= limit:
            break
    return rows


@uses_database
def stream(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str = "due",
    descending: bool = False,
    batch: int = 2000,
) -> Iterator[DeskRow]:
    """Every row of the filtered list in order, ``batch`` rows at a time by key (flat memory)."""
    for rows in _batches(ctx, flt, sort, descending, batch, _row, lambda row: row.position):
        yield from rows


# The raw values of one list row, as the database returns them, in this order: the
# case number, received, customer, order id, product, reason, status, policy, next
# deadline, its name, the amount in cents, currency, the licence code (unmasked).
ListValues = tuple


def _values(values: tuple, segment: int) -> tuple[ListValues, Position]:
    return values[:13], (segment, *values[13:])


@uses_database
def stream_values(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str = "due",
    descending: bool = False,
    batch: int = 2000,
) -> Iterator[list[ListValues]]:
    """``stream`` as batches of raw values (see ``ListValues``), for writers of many rows.

    No row object is built: a whole-list export spends its time on the cells it
    writes, not on converting each instant twice.
    """
    for rows in _batches(ctx, flt, sort, descending, batch, _values, lambda row: row[1]):
        yield [values for values, _position in rows]


def _batches(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str,
    descending: bool,
    batch: int,
    make: Callable[[tuple, int], Any],
    position: Callable[[Any], Position],
) -> Iterator[list]:
    """The whole list as non-empty batches of ``make``'s rows, each read from the last."""
    after = None
    while True:
        with ctx.reading():  # not across the yield: the caller works between batches
            rows = _rows_after(ctx, flt, sort, descending, after, batch, make)
        if rows:
            yield rows
        if len(rows) < batch:
            return
        after = position(rows[-1])


@dataclass(frozen=True)
class Layout:
    """How long the list is, and where each page starts."""

    total: int
    # starts[p]: the position of the row before page p (None for the first page).
    starts: tuple[Position | None, ...]


@uses_database
def layout(
    ctx: AppContext,
    flt: CaseFilter,
    sort: str = "due",
    descending: bool = False,
    page_size: int | None = None,
) -> Layout:
    """The count and the key at every page boundary, numbered in the database.

    One window query per segment keeps only every ``page_size``-th key, so a
    300,000-case list sends back 1,500 keys rather than its rows.
    """
    size = case_list.PAGE_SIZE if page_size is None else page_size
    plan = _prepared(ctx, flt)
    conditions = [*plan.conditions, plan.matching]
    planner_orders = plan.matching is not None
    starts: list[Position | None] = [None]
    total = 0
    for number, segment in enumerate(_segments(sort)):
        names = [f"k{i}" for i in range(len(segment.keys))]
        keys = [k.alias(n) for k, n in zip(segment.keys, names, strict=True)]
        numbered = fn.ROW_NUMBER().over(order_by=_order(segment, descending)).alias("rn")
        counted = fn.COUNT(SQL("*")).over().alias("n")
        inner = _where(
            _joined(segment.driver, (*keys, numbered, counted), planner_orders),
            [*conditions, segment.condition],
        ).alias("w")
        rn = SQL("rn")
        place = rn + total
        # A multiple of the page size, by integer division: no modulo operator is
        # spelled the same on every engine and driver.
        boundary = (place - (place / size) * size) == 0
        outer = inner.select_from(SQL("n"), rn, *(SQL(n) for n in names)).where(
            boundary | (rn == 1)
        )
        found = 0
        for n, position, *key in Case._meta.database.execute(outer).fetchall():
            found = n
            if (position + total) % size == 0:
                starts.append((number, *key))
        total += found
    # A boundary at the very end starts no page.
    pages = max(1, -(-total // size))
    return Layout(total, tuple(starts[:pages]))


def _instant(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _money(cents) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def _row(values: tuple, segment: int) -> DeskRow:
    number, reported, customer, order_ref, product, reason, status, policy = values[:8]
    due, due_name, amount, currency, code = values[8:13]
    return DeskRow(
        number=number,
        reported_at=_instant(reported),
        customer=customer,
        order_ref=order_ref,
        product=product,
        reason=reason,
        status=status,
        policy_id=policy,
        next_due_at=_instant(due),
        next_due_name=due_name,
        amount_paid=_money(amount),
        currency=currency,
        license_masked=mask(code),
        position=(segment, *values[13:]),
    )
