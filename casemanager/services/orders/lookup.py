"""Finding imported orders while the owner types, and turning one into a case draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from casemanager.services.admin import settings
from casemanager.services.cases.drafts import CaseDraft, pack_zone
from casemanager.services.cases.secrets import mask
from casemanager.services.context import AppContext, uses_database
from casemanager.services.orders.importing import order_key
from casemanager.store.models import Case, ImportedOrder, Order, Product

HIGH = "\U0010ffff"  # after every character: prefix ranges that use the plain index
# The case form's fields an order fills, each marked "from the order" there.
FILLED_FIELDS = (
    "customer_name", "customer_email", "order_ref", "product_name", "product_kind",
    "third_party", "vendor", "amount", "currency", "payment_method", "license_code",
    "purchased_at", "delivered_at", "subscription_start", "subscription_end",
)  # fmt: skip


@dataclass(frozen=True)
class OrderSuggestion:
    """One imported order line, as the form's suggestion list and ``orders list`` show it."""

    id: int
    platform: str
    order_id: str
    line_id: str
    customer_name: str
    customer_email: str
    product_name: str
    product_kind: str
    amount: Decimal
    currency: str
    payment_method: str
    purchased_at: dt.datetime
    license_masked: str
    dispute_status: str
    evidence_due_at: dt.datetime | None

    @property
    def label(self) -> str:
        return (
            f"{self.order_id} · {self.customer_email or self.customer_name} · "
            f"{self.product_name} · {self.amount} {self.currency}"
        )

    def to_json(self) -> dict:
        return {
            "platform": self.platform,
            "order_id": self.order_id,
            "line_id": self.line_id,
            "customer_name": self.customer_name,
            "customer_email": self.customer_email,
            "product": self.product_name,
            "kind": self.product_kind,
            "amount": str(self.amount),
            "currency": self.currency,
            "payment_method": self.payment_method,
            "purchased_at": self.purchased_at.isoformat(),
            "license_code": self.license_masked,
            "dispute_status": self.dispute_status,
            "evidence_due_at": self.evidence_due_at.isoformat() if self.evidence_due_at else None,
        }


_COLUMNS = (
    ImportedOrder.id,
    ImportedOrder.platform,
    ImportedOrder.order_id,
    ImportedOrder.line_id,
    ImportedOrder.customer_name,
    ImportedOrder.customer_email,
    ImportedOrder.product_name,
    ImportedOrder.product_kind,
    ImportedOrder.amount,
    ImportedOrder.currency,
    ImportedOrder.payment_method,
    ImportedOrder.purchased_at,
    ImportedOrder.license_code,
    ImportedOrder.dispute_status,
    ImportedOrder.evidence_due_at,
)


def _suggestion(row: ImportedOrder) -> OrderSuggestion:
    return OrderSuggestion(
        row.id, row.platform, row.order_id, row.line_id, row.customer_name,
        row.customer_email, row.product_name, row.product_kind, row.amount, row.currency,
        row.payment_method, row.purchased_at, mask(row.license_code), row.dispute_status,
        row.evidence_due_at,
    )  # fmt: skip


def _prefix(column, prefix: str, limit: int) -> list[OrderSuggestion]:
    query = (
        ImportedOrder.select(*_COLUMNS)
        .where((column >= prefix) & (column < prefix + HIGH))
        .order_by(column, ImportedOrder.line_id)
        .limit(limit)
    )
    return [_suggestion(r) for r in query]


@uses_database
def find_orders(
    ctx: AppContext,
    text: str,
    limit: int = 8,
    email: str | None = None,
    order_id: str | None = None,
) -> list[OrderSuggestion]:
    """Orders whose id or customer e-mail starts with ``text`` (case and '#' ignored).

    Prefix ranges on the indexed lower-cased keys: instant at 100,000 orders.
    ``email`` / ``order_id`` restrict the search to that one key.
    """
    with ctx.reading():
        if email is not None:
            return _prefix(ImportedOrder.email_key, email.strip().lower(), limit)
        if order_id is not None:
            return _prefix(ImportedOrder.order_key, order_key(order_id), limit)
        wanted = text.strip().lower()
        if len(wanted) < 2:
            return []
        found = [] if "@" in wanted else _prefix(ImportedOrder.order_key, order_key(wanted), limit)
        if len(found) < limit:
            seen = {s.id for s in found}
            more = _prefix(ImportedOrder.email_key, wanted, limit)
            found += [s for s in more if s.id not in seen][: limit - len(found)]
        return found


@uses_database
def find_by_key(ctx: AppContext, key: str, limit: int = 8) -> list[OrderSuggestion]:
    """Order lines holding exactly this licence key (spaces and letter case ignored)."""
    wanted = key.strip()
    if len(wanted) < 4:
        return []
    query = (
        ImportedOrder.select(*_COLUMNS)
        .where(ImportedOrder.license_code.in_(sorted({wanted, wanted.upper()})))
        .order_by(ImportedOrder.purchased_at.desc())
        .limit(limit)
    )
    return [_suggestion(r) for r in query]


@uses_database
def list_orders(ctx: AppContext, limit: int = 200) -> list[OrderSuggestion]:
    """The newest imported orders first."""
    query = ImportedOrder.select(*_COLUMNS).order_by(ImportedOrder.purchased_at.desc()).limit(limit)
    return [_suggestion(r) for r in query]


@uses_database
def case_from_order(
    ctx: AppContext, order_line_id: int, zone: str | None = None, policy_id: str | None = None
) -> CaseDraft:
    """A case draft filled from imported order line ``order_line_id``; times in ``zone``.

    The zone defaults to the policy pack's (as the form shows new cases).
    """
    row = ImportedOrder.get_by_id(order_line_id)
    desk = settings.load(ctx)
    policy = policy_id or desk.default_policy
    zone = zone or pack_zone(policy)
    tz = ZoneInfo(zone)

    def wall(value: dt.datetime | None) -> dt.datetime | None:
        return value.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0) if value else None

    shop = settings.shop_profile(ctx).name.strip().lower()
    vendor = row.vendor.strip()
    subscription = row.product_kind == "subscription"
    return CaseDraft(
        customer_name=row.customer_name,
        customer_email=row.customer_email,
        order_ref=row.order_id,
        product_name=row.product_name,
        product_kind=row.product_kind,
        third_party=bool(vendor) and vendor.lower() != shop,
        vendor=vendor,
        purchased_at=wall(row.purchased_at),
        delivered_at=wall(row.delivered_at),
        zone=zone,
        amount=str(row.amount),
        currency=row.currency,
        payment_method=row.payment_method,
        license_code=row.license_code,
        subscription_start=row.purchased_at.astimezone(tz).date() if subscription else None,
        subscription_end=row.subscription_end if subscription else None,
        policy_id=policy,
    )


@dataclass(frozen=True)
class OrderCase:
    number: str
    status: str
    product: str


@uses_database
def cases_of_order(ctx: AppContext, order_id: str) -> list[OrderCase]:
    """The cases already recorded for this order id, newest first."""
    query = (
        Case.select(Case.number, Case.status, Product.name)
        .join(Order, on=(Case.order == Order.id))
        .join(Product, on=(Order.product == Product.id))
        .where(Order.order_ref == order_id)
        .order_by(Case.reported_at.desc())
        .tuples()
    )
    return [OrderCase(*row) for row in query]
