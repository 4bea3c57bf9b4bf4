"""Recording cases and reading them back as plain rows."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from casemanager.domain import CaseStatus
from casemanager.errors import DomainError
from casemanager.policy import limits, load_pack
from casemanager.services import audit
from casemanager.services.admin import policies
from casemanager.services.cases import edits
from casemanager.services.cases.locking import lock_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.evidence.intake import get_limits
from casemanager.services.lifecycle import deadlines, history
from casemanager.services.lifecycle.deadline_rows import store_deadlines
from casemanager.store import locking, search
from casemanager.store.bulk import NewRows, collector_paused
from casemanager.store.models import Case, CaseCounter, Customer, Evidence, Order, Product

NUMBER_PREFIX = "RC"


@dataclass
class NewCase:
    """Everything the shop records when a claim arrives."""

    customer_name: str
    customer_email: str
    order_ref: str
    product_name: str
    product_kind: str
    purchased_at: dt.datetime
    reported_at: dt.datetime
    amount_paid: Decimal
    currency: str
    reason: str
    policy_id: str
    policy_version: str
    delivered_at: dt.datetime | None = None
    discovered_at: dt.datetime | None = None
    payment_method: str = ""
    license_code: str = ""
    third_party: bool = False
    vendor: str = ""
    subscription_start: dt.date | None = None
    subscription_end: dt.date | None = None
    description: str = ""
    customer_phone: str = ""


def check_new_case(new: NewCase) -> None:
    """Refuse a claim outside the field limits (LimitError naming the field), whoever built it."""
    order = {
        "order_ref": new.order_ref,
        "purchased_at": new.purchased_at,
        "delivered_at": new.delivered_at,
        "amount_paid": new.amount_paid,
        "currency": new.currency,
        "payment_method": new.payment_method,
        "license_code": new.license_code,
        "subscription_start": new.subscription_start,
        "subscription_end": new.subscription_end,
    }
    limits.check_record(
        "customer",
        {"name": new.customer_name, "email": new.customer_email, "phone": new.customer_phone},
        "customer",
    )
    limits.check_record("product", {"name": new.product_name, "kind": new.product_kind,
                                    "third_party": new.third_party, "vendor": new.vendor},
                        "product")  # fmt: skip
    limits.check_record("order", order, "order")
    limits.check_record("case", {"reason": new.reason, "description": new.description,
                                 "discovered_at": new.discovered_at,
                                 "reported_at": new.reported_at, "policy_id": new.policy_id,
                                 "policy_version": new.policy_version}, "case")  # fmt: skip


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list, detached from the database."""

    number: str
    status: str
    reported_at: dt.datetime
    customer: str
    order_ref: str
    product: str
    reason: str
    policy_id: str
    next_due_at: dt.datetime | None
    next_due_name: str | None
    amount_paid: Decimal
    currency: str

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "status": self.status,
            "reported_at": self.reported_at.isoformat(),
            "customer": self.customer,
            "order_ref": self.order_ref,
            "product": self.product,
            "reason": self.reason,
            "policy": self.policy_id,
            "next_due_at": self.next_due_at.isoformat() if self.next_due_at else None,
            "next_due": self.next_due_name,
            "amount_paid": str(self.amount_paid),
            "currency": self.currency,
        }


def format_number(year: int, seq: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{seq:05d}"


def next_case_numbers(year: int, count: int = 1) -> list[str]:
    """Reserve ``count`` consecutive case numbers for ``year`` (inside a transaction)."""
    CaseCounter.insert(year=year, last=0).on_conflict_ignore().execute()
    CaseCounter.update(last=CaseCounter.last + count).where(CaseCounter.year == year).execute()
    last = CaseCounter.get_by_id(year).last
    return [format_number(year, seq) for seq in range(last - count + 1, last + 1)]


@uses_database
def create_case(ctx: AppContext, new: NewCase) -> Case:
    """Record a claim as a new case in status *received*; one transaction, one event."""
    (case,) = record_cases(ctx, [CaseHistory(new, ctx.clock.now())], bulk=False).cases
    return case


@uses_database
def create_cases(ctx: AppContext, new_cases: Sequence[NewCase]) -> list[Case]:
    """``create_case`` for many claims at once, with bulk inserts; one transaction."""
    now = ctx.clock.now()
    return record_cases(ctx, [CaseHistory(new, now) for new in new_cases]).cases


@dataclass(frozen=True)
class CaseHistory:
    """A claim as the shop recorded it at ``created_at``, and every step taken on it since."""

    new: NewCase
    created_at: dt.datetime
    steps: Sequence[history.Step] = ()


@dataclass
class Recorded:
    """What ``record_cases`` stored."""

    cases: list[Case]
    new_customers: int
    evidence: int
    deadlines: int
    evidence_files: set[str]  # SHA-256 of every file attached


@uses_database
def record_cases(
    ctx: AppContext,
    histories: Sequence[CaseHistory],
    bulk: bool = True,
    customers: KnownCustomers | None = None,
) -> Recorded:
    """Record cases with their histories: the rows and audit events ``create_case`` and then
    each step's service would store, in that order, with one insert per table when ``bulk``.

    One transaction. Bulk rows are numbered past each table's highest id, so no other
    connection may insert into these tables meanwhile (SQLite's write lock ensures that;
    on a server each table is locked as its first row is numbered).

    ``customers``: for a SQLite file nobody else writes to (a new file being built), every
    customer in it, kept up to date from call to call (``KnownCustomers``), so that no
    query scans the customers again for each call.
    """
    for item in histories:
        check_new_case(item.new)
    events: list[audit.Event] = []
    deadlines = 0
    cases = []
    indexing = search.indexing_after_bulk_insert(ctx.db) if bulk else contextlib.nullcontext()
    paused = collector_paused() if bulk else contextlib.nullcontext()
    with paused, ctx.transaction(), indexing:
        rec = history.Recording(ctx, NewRows(bulk), get_limits(ctx))
        lookups = _Lookups(histories, rec.rows, customers)
        for item in histories:
            state = _created(item, lookups, rec.rows)
            for step in item.steps:
                history.apply(state, step, rec)
            deadlines += store_deadlines(state.case, state.pack, state.facts(), rec.rows)
            cases.append(rec.rows.save(state.case))
            events += state.events
        new_customers = rec.rows.count(Customer)
        if customers is not None:
            customers.add(lookups.new_customers)
        evidence = rec.rows.count(Evidence)
        rec.rows.write()
        audit.record_many(ctx, events)
    files = {e.data["sha256"] for e in events if e.kind == "evidence_added"}
    return Recorded(cases, new_customers, evidence, deadlines, files)


def _created(item: CaseHistory, lookups: _Lookups, rows: NewRows) -> history.CaseInMemory:
    """The case as ``create_case`` stores it when the clock reads ``item.created_at``."""
    new, now = item.new, item.created_at
    customer = lookups.customer(new, now)
    order = Order(
        order_ref=new.order_ref.strip(),
        customer=customer,
        product=lookups.product(new),
        purchased_at=new.purchased_at,
        delivered_at=new.delivered_at,
        amount_paid=new.amount_paid,
        currency=new.currency,
        payment_method=new.payment_method,
        license_code=new.license_code,
        subscription_start=new.subscription_start,
        subscription_end=new.subscription_end,
    )
    rows.save(order)
    number = lookups.number(now.year)
    case = Case(
        number=number,
        customer=customer,
        order=order,
        policy_id=new.policy_id,
        policy_version=new.policy_version,
        policy_snapshot=lookups.snapshot(new.policy_id, now),
        reason=new.reason,
        description=new.description,
        discovered_at=new.discovered_at,
        reported_at=new.reported_at,
        status=CaseStatus.RECEIVED,
        created_at=now,
        updated_at=now,
    )
    rows.save(case)
    state = history.CaseInMemory(case, policies.pack_for_case(case))
    data = {"number": number, "reason": new.reason, "policy": new.policy_id}
    state.event("case_created", data, now)
    return state


class _Lookups:
    """Customers, products, pack snapshots and case numbers for the cases recorded together,
    found or made as ``create_case`` finds or makes them, with one query for many."""

    def __init__(
        self,
        histories: Sequence[CaseHistory],
        rows: NewRows,
        known: KnownCustomers | None = None,
    ) -> None:
        self._rows = rows
        emails = (h.new.customer_email for h in histories)
        self._customers = _customers_by_email(emails) if known is None else known.find(emails)
        self.new_customers: list[Customer] = []
        self._products: dict[tuple[str, str, bool], Product] = {}
        self._snapshots: dict[str, str] = {}
        years = Counter(h.created_at.year for h in histories)
        self._numbers = {year: iter(next_case_numbers(year, n)) for year, n in years.items()}

    def customer(self, new: NewCase, now: dt.datetime) -> Customer:
        """The customer with this e-mail address (any case), else a new one."""
        email = new.customer_email.strip()
        if email and email.lower() in self._customers:
            return self._customers[email.lower()]
        customer = Customer(
            name=new.customer_name.strip(), email=email, phone=new.customer_phone, created_at=now
        )
        self._rows.save(customer)
        self.new_customers.append(customer)
        if email:
            # Python's lower(); SQLite's LOWER() folds only ASCII letters, so two spellings
            # of a non-ASCII address that one by one make two customers here make one.
            self._customers[email.lower()] = customer
        return customer

    def product(self, new: NewCase) -> Product:
        key = (new.product_name.strip(), new.product_kind, new.third_party)
        if key not in self._products:
            name, kind, third_party = key
            found = Product.get_or_none(
                (Product.name == name)
                & (Product.kind == kind)
                & (Product.third_party == third_party)
            )
            self._products[key] = found or self._rows.save(
                Product(name=name, kind=kind, third_party=third_party, vendor=new.vendor)
            )
        return self._products[key]

    def snapshot(self, policy_id: str, now: dt.datetime) -> str:
        if policy_id not in self._snapshots:
            self._snapshots[policy_id] = policies.snapshot(load_pack(policy_id), now)
        return self._snapshots[policy_id]

    def number(self, year: int) -> str:
        return next(self._numbers[year])


class KnownCustomers:
    """The customers of a SQLite file only this recording writes to, found by e-mail address
    as ``_customers_by_email`` finds them in the file, without a query.

    Only their ids are kept (a million-case shop has half a million customers); a found
    customer is a row holding its id alone, which is all a new case and order take of it.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def find(self, emails: Iterable[str]) -> dict[str, Customer]:
        """The customers ``_customers_by_email`` would find (as rows holding their id)."""
        wanted = {e.strip().lower() for e in emails} - {""}
        ids = self._ids
        return {k: Customer(__no_default__=True, id=ids[k]) for k in wanted if k in ids}

    def add(self, recorded: Iterable[Customer]) -> None:
        """Customers just recorded (in order): each is found by its address as SQLite's
        LOWER() folds it (ASCII letters only), the first recorded one of several."""
        for customer in recorded:
            if customer.email:
                self._ids.setdefault(search.sqlite_lower(customer.email), customer.id)


def _customers_by_email(emails: Iterable[str]) -> dict[str, Customer]:
    """Existing customers by lower-case e-mail address (the first one recorded, if several)."""
    wanted = sorted({e.strip().lower() for e in emails} - {""})
    found: dict[str, Customer] = {}
    key = fn.LOWER(Customer.email)
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        chunk = wanted[start : start + _LOOKUP_CHUNK]
        query = Customer.select(Customer, key.alias("key")).where(key.in_(chunk))
        for customer in query.order_by(Customer.id.desc()):
            found[customer.key] = customer
    return found


_LOOKUP_CHUNK = 30_000  # parameters per query, below every SQLite build's limit (32766)


EDITABLE_CASE_FIELDS = (
    "reason",
    "description",
    "discovered_at",
    "reported_at",
    "policy_id",
    "policy_version",
)
EDITABLE_ORDER_FIELDS = (
    "order_ref",
    "purchased_at",
    "delivered_at",
    "amount_paid",
    "currency",
    "payment_method",
    "license_code",
    "subscription_start",
    "subscription_end",
)


@uses_database
def update_case(
    ctx: AppContext,
    number: str,
    new: NewCase,
    note: str = "",
    opened: edits.EditVersion | None = None,
) -> Case:
    """Correct a case's recorded facts; deadlines follow. One transaction, one event
    listing each changed field with its old and new value.

    ``opened``: the version the form was opened on; ``edits.StaleEdit`` when someone
    saved the case, its customer or its order since (nothing is written then)."""
    check_new_case(new)
    with ctx.transaction():
        case = lock_case(ctx, number)
        if case is None:
            raise DomainError(f"no case numbered {number!r}", "number")
        # Shared with other cases: locked too, before their versions are compared.
        locking.lock_rows(ctx.db, Customer, case.customer_id)
        locking.lock_rows(ctx.db, Order, case.order_id)
        edits.check_fresh(case, opened)
        order = case.order
        changes: dict[str, list] = {}
        for obj, names in ((case, EDITABLE_CASE_FIELDS), (order, EDITABLE_ORDER_FIELDS)):
            for name in names:
                old, value = getattr(obj, name), getattr(new, name)
                if isinstance(value, str):
                    value = value.strip()
                if old != value:
                    changes[name] = [old, value]
                    setattr(obj, name, value)
        customer = case.customer
        for name, value in (
            ("name", new.customer_name),
            ("email", new.customer_email),
            ("phone", new.customer_phone),
        ):
            if getattr(customer, name) != value.strip():
                changes[f"customer_{name}"] = [getattr(customer, name), value.strip()]
                setattr(customer, name, value.strip())
        product = order.product
        if (product.name, product.kind, product.third_party) != (
            new.product_name.strip(),
            new.product_kind,
            new.third_party,
        ):
            changes["product"] = [product.name, new.product_name.strip()]
            order.product, _ = Product.get_or_create(
                name=new.product_name.strip(),
                kind=new.product_kind,
                third_party=new.third_party,
                defaults={"vendor": new.vendor},
            )
        if not changes:
            return case
        if "policy_id" in changes or "policy_version" in changes:
            # Re-basing on another pack (or a newer text of it) is explicit, and audited here.
            case.policy_snapshot = policies.snapshot(load_pack(case.policy_id), ctx.clock.now())
            case.policy_version = load_pack(case.policy_id).version
        customer.save()
        order.save()
        case.updated_at = ctx.clock.now()
        case.save()
        deadlines.refresh_case(case)
        audit.record(ctx, "case_corrected", case, {"changes": changes, "note": note})
    return case


def _row_query():
    return (
        Case.select(
            Case.number,
            Case.status,
            Case.reported_at,
            Case.reason,
            Case.policy_id,
            Case.next_due_at,
            Case.next_due_name,
            Customer.name,
            Order.order_ref,
            Order.amount_paid,
            Order.currency,
            Product.name.alias("product_name"),
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(Case)
        .join(Order, on=(Case.order == Order.id))
        .join(Product, on=(Order.product == Product.id))
    )


@uses_database
def list_cases(
    ctx: AppContext, status: str | None = None, limit: int | None = None
) -> list[CaseRow]:
    query = _row_query().order_by(Case.number)
    if status:
        query = query.where(Case.status == status)
    if limit:
        query = query.limit(limit)
    return [
        CaseRow(
            number=c.number,
            status=c.status,
            reported_at=c.reported_at,
            customer=c.customer.name,
            order_ref=c.order.order_ref,
            product=c.order.product.product_name,
            reason=c.reason,
            policy_id=c.policy_id,
            next_due_at=c.next_due_at,
            next_due_name=c.next_due_name,
            amount_paid=c.order.amount_paid,
            currency=c.order.currency,
        )
        for c in query
    ]


@uses_database
def count_customers(ctx: AppContext) -> int:
    return Customer.select().count()
