"""Recording cases and reading them back as plain rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from casemanager.domain import CaseStatus
from casemanager.policy import load_pack
from casemanager.services import audit
from casemanager.services.admin import policies
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import deadlines
from casemanager.store.models import Case, CaseCounter, Customer, Order, Product

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


def find_or_create_customer(name: str, email: str, phone: str, now: dt.datetime) -> Customer:
    email = email.strip()
    if email:
        existing = Customer.get_or_none(fn.LOWER(Customer.email) == email.lower())
        if existing:
            return existing
    return Customer.create(name=name.strip(), email=email, phone=phone, created_at=now)


@uses_database
def create_case(ctx: AppContext, new: NewCase) -> Case:
    """Record a claim as a new case in status *received*; one transaction, one event."""
    now = ctx.clock.now()
    with ctx.transaction():
        customer = find_or_create_customer(
            new.customer_name, new.customer_email, new.customer_phone, now
        )
        product, _ = Product.get_or_create(
            name=new.product_name.strip(),
            kind=new.product_kind,
            third_party=new.third_party,
            defaults={"vendor": new.vendor},
        )
        order = Order.create(
            order_ref=new.order_ref.strip(),
            customer=customer,
            product=product,
            purchased_at=new.purchased_at,
            delivered_at=new.delivered_at,
            amount_paid=new.amount_paid,
            currency=new.currency,
            payment_method=new.payment_method,
            license_code=new.license_code,
            subscription_start=new.subscription_start,
            subscription_end=new.subscription_end,
        )
        (number,) = next_case_numbers(now.year)
        case = Case.create(
            number=number,
            customer=customer,
            order=order,
            policy_id=new.policy_id,
            policy_version=new.policy_version,
            policy_snapshot=policies.snapshot(load_pack(new.policy_id), now),
            reason=new.reason,
            description=new.description,
            discovered_at=new.discovered_at,
            reported_at=new.reported_at,
            status=CaseStatus.RECEIVED,
            created_at=now,
            updated_at=now,
        )
        deadlines.refresh_case(case)
        audit.record(
            ctx,
            "case_created",
            case,
            {"number": number, "reason": new.reason, "policy": new.policy_id},
        )
    return case


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
def update_case(ctx: AppContext, number: str, new: NewCase, note: str = "") -> Case:
    """Correct a case's recorded facts; deadlines follow. One transaction, one event
    listing each changed field with its old and new value."""
    with ctx.transaction():
        case = Case.get(Case.number == number)
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
