"""Existing customers, suggested while the owner types an e-mail address."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Case, Customer, Order, Product


@dataclass(frozen=True)
class CustomerSuggestion:
    id: int
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class CustomerCase:
    number: str
    status: str
    product: str
    order_ref: str


@uses_database
def suggest_by_email(ctx: AppContext, prefix: str, limit: int = 10) -> list[CustomerSuggestion]:
    """Customers whose e-mail starts with ``prefix`` (case-insensitive)."""
    prefix = prefix.strip().lower()
    if len(prefix) < 2:
        return []
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        Customer.select(Customer.id, Customer.name, Customer.email, Customer.phone)
        .where(fn.LOWER(Customer.email) ** f"{escaped}%")
        .order_by(Customer.email)
        .limit(limit)
    )
    return [CustomerSuggestion(c.id, c.name, c.email, c.phone) for c in query]


@uses_database
def find_by_email(ctx: AppContext, email: str) -> CustomerSuggestion | None:
    email = email.strip().lower()
    if not email:
        return None
    c = Customer.get_or_none(fn.LOWER(Customer.email) == email)
    return CustomerSuggestion(c.id, c.name, c.email, c.phone) if c else None


@uses_database
def cases_of(
    ctx: AppContext, customer_id: int, except_number: str | None = None
) -> list[CustomerCase]:
    """The customer's cases, newest first (the one being edited left out)."""
    query = (
        Case.select(Case.number, Case.status, Product.name, Order.order_ref)
        .join(Order, on=(Case.order == Order.id))
        .join(Product, on=(Order.product == Product.id))
        .where(Case.customer == customer_id)
        .order_by(Case.reported_at.desc())
        .tuples()
    )
    return [CustomerCase(*row) for row in query if row[0] != except_number]
