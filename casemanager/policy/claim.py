"""A refund claim as the policy engine sees it, parsed and checked from JSON.

Every problem raises ClaimError naming the offending field, so the command
line and the GUI can point at it instead of deciding on bad data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from casemanager.errors import DomainError
from casemanager.policy import limits
from casemanager.policy.vocabulary import CLAIM_EVENTS, EVIDENCE_KINDS, PRODUCT_KINDS, REASONS

# One set of limits for every intake (see policy.limits).
MIN_YEAR, MAX_YEAR = limits.MIN_YEAR, limits.MAX_YEAR
MAX_AMOUNT = limits.MAX_AMOUNT
# A pack given as a path: a file name, not a document.
MAX_POLICY_REF = 4096

REQUIRED = ("policy", "reason", "purchased_at", "reported_at", "amount_paid")


class ClaimError(DomainError, ValueError):
    """Bad claim input; ``str()`` is one line starting with the field name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


@dataclass(frozen=True)
class SubscriptionPeriod:
    """The paid service period ``[start, end)`` in dates."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Claim:
    """One claim; instants are timezone-aware, in whatever offset they were given."""

    policy: str
    reason: str
    purchased_at: datetime
    reported_at: datetime
    amount_paid: Decimal
    product_kind: str = "license_key"
    third_party: bool = False
    order_id: str | None = None
    delivered_at: datetime | None = None
    discovered_at: datetime | None = None
    currency: str | None = None
    evidence: tuple[str, ...] = ()
    subscription: SubscriptionPeriod | None = None
    approved_at: datetime | None = None
    notified_at: datetime | None = None

    def event(self, name: str) -> datetime | None:
        """The instant of a claim event such as 'reported_at' (None when not given)."""
        if name not in CLAIM_EVENTS:
            raise KeyError(name)
        return getattr(self, name)

    @property
    def has_order_reference(self) -> bool:
        return bool(self.order_id and self.order_id.strip())


def _checked(check, value: Any, field: str, *args: Any, **kwargs: Any) -> Any:
    """A limits check whose refusal is a ClaimError (the type callers of claims catch)."""
    try:
        return check(value, field, *args, **kwargs)
    except limits.LimitError as exc:
        raise ClaimError(field, exc.message) from None


def parse_instant(value: Any, field: str) -> datetime:
    """An ISO 8601 date-time with UTC offset, e.g. '2026-03-01T10:00:00+08:00'."""
    return _checked(limits.instant, value, field)


def parse_date(value: Any, field: str) -> date:
    """An ISO 8601 calendar date, e.g. '2026-03-31'."""
    return _checked(limits.day, value, field)


def parse_amount(value: Any, field: str, currency: str | None = None) -> Decimal:
    """A non-negative decimal amount, preferably given as a string ('30.00')."""
    return _checked(limits.amount, value, field, currency)


def _text(value: Any, field: str, *, allow_empty: bool = False, max_len: int = limits.NAME) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise ClaimError(
            field, f"must be a {'' if allow_empty else 'non-empty '}string: {limits.shown(value)}"
        )
    return _checked(limits.text, value, field, max_len, strip=False)


def _code(value: Any, field: str, codes: tuple[str, ...], what: str) -> str:
    return _checked(limits.code, value, field, codes, what)


def _evidence(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > limits.LIST_ITEMS:
        raise ClaimError("evidence", "must be a list of evidence kinds")
    return tuple(
        _code(item, f"evidence[{i}]", EVIDENCE_KINDS, "evidence kind")
        for i, item in enumerate(value)
    )


def _subscription(value: Any) -> SubscriptionPeriod | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ClaimError("subscription", "must be an object with start and end dates")
    for part in ("start", "end"):
        if value.get(part) is None:
            raise ClaimError(f"subscription.{part}", "missing (required in a subscription period)")
    start = parse_date(value["start"], "subscription.start")
    end = parse_date(value["end"], "subscription.end")
    if end < start:
        raise ClaimError("subscription.end", f"{end} is before subscription.start {start}")
    if end == start:
        raise ClaimError("subscription.end", f"equals subscription.start {start}: empty period")
    return SubscriptionPeriod(start, end)


def parse_claim(data: Any) -> Claim:
    """Check a decoded JSON claim and build a Claim, or raise ClaimError for the first problem."""
    if not isinstance(data, dict):
        raise ClaimError("claim", "the top level must be a JSON object")
    for field in REQUIRED:
        if data.get(field) is None:
            raise ClaimError(field, "missing (required)")
    policy = _text(data["policy"], "policy", max_len=MAX_POLICY_REF)
    reason = _code(data["reason"], "reason", REASONS, "reason")
    kind = data.get("product_kind")
    kind = (
        "license_key"
        if kind is None
        else _code(kind, "product_kind", PRODUCT_KINDS, "product kind")
    )
    third_party = data.get("third_party")
    if third_party is None:
        third_party = False
    elif not isinstance(third_party, bool):
        raise ClaimError("third_party", f"must be true or false: {third_party!r}")
    order_id = data.get("order_id")
    if order_id is not None:
        order_id = _text(order_id, "order_id", allow_empty=True, max_len=limits.ORDER_REF)
    instants = {
        name: None if data.get(name) is None else parse_instant(data[name], name)
        for name in CLAIM_EVENTS
    }
    currency = data.get("currency")
    if currency is not None:
        currency = _text(currency, "currency", max_len=3)
    amount = parse_amount(data["amount_paid"], "amount_paid", currency)
    evidence = _evidence(data.get("evidence"))
    subscription = _subscription(data.get("subscription"))
    purchased = instants["purchased_at"]
    assert purchased is not None and instants["reported_at"] is not None  # REQUIRED above
    for name in ("delivered_at", "discovered_at", "reported_at"):
        when = instants[name]
        if when is not None and when < purchased:
            raise ClaimError(
                name, f"{data[name]!r} is earlier than purchased_at {data['purchased_at']!r}"
            )
    return Claim(
        policy=policy,
        reason=reason,
        purchased_at=purchased,
        reported_at=instants["reported_at"],
        amount_paid=amount,
        product_kind=kind,
        third_party=third_party,
        order_id=order_id,
        delivered_at=instants["delivered_at"],
        discovered_at=instants["discovered_at"],
        currency=currency,
        evidence=evidence,
        subscription=subscription,
        approved_at=instants["approved_at"],
        notified_at=instants["notified_at"],
    )
