"""Assessing claims: the case form's live panel and the ``assess`` command.

The form hands over what the owner typed (a ``CaseDraft``: wall-clock times
in a named zone, the amount as text); this module checks it field by field,
turns it into a policy ``Claim`` or a ``NewCase`` and asks the policy engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from casemanager.errors import DomainError
from casemanager.policy import (
    Assessment,
    Claim,
    ClaimError,
    PackError,
    PolicyPack,
    SubscriptionPeriod,
    UnknownPackError,
    assess,
    limits,
    list_packs,
    load_pack,
    parse_claim,
)
from casemanager.policy.vocabulary import EVIDENCE_KINDS, PRODUCT_KINDS, REASONS
from casemanager.services.cases import edits, records
from casemanager.services.cases.edits import EditVersion
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Case, Evidence

EMAIL_SHAPE = "name@domain.tld"


class DraftError(DomainError, ValueError):
    """The draft cannot be saved; ``problems`` maps each field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(
            "; ".join(f"{k}: {v}" for k, v in problems.items()), next(iter(problems), None)
        )
        self.problems = problems


@dataclass
class CaseDraft:
    """The case form's content; times are wall-clock times in ``zone``."""

    customer_name: str = ""
    customer_email: str = ""
    customer_phone: str = ""
    order_ref: str = ""
    product_name: str = ""
    product_kind: str = "license_key"
    third_party: bool = False
    vendor: str = ""
    purchased_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    discovered_at: dt.datetime | None = None
    reported_at: dt.datetime | None = None
    zone: str = "UTC"
    amount: str = ""
    currency: str = "INR"
    payment_method: str = ""
    license_code: str = ""
    subscription_start: dt.date | None = None
    subscription_end: dt.date | None = None
    reason: str = ""
    description: str = ""
    policy_id: str = "antimart"
    evidence: tuple[str, ...] = field(default_factory=tuple)


def pack_zone(policy_id: str) -> str:
    """The time zone the policy pack counts its deadlines in."""
    return load_pack(policy_id).calendar.timezone


def _instant(draft: CaseDraft, name: str) -> dt.datetime | None:
    wall = getattr(draft, name)
    if wall is None:
        return None
    if wall.tzinfo is not None:
        return wall
    return wall.replace(tzinfo=ZoneInfo(draft.zone))


def _amount(text: str, currency: str | None = None) -> Decimal | None:
    """The amount typed (thousands separators allowed), or None when outside the limits."""
    try:
        return limits.amount(text.strip().replace(",", ""), "amount", _currency(currency))
    except limits.LimitError:
        return None


def _currency(code: str | None) -> str | None:
    code = (code or "").strip().upper()
    return code if limits.CURRENCY_SHAPE.fullmatch(code) else None


# The form's text fields: (limit, several lines allowed).
TEXT_FIELDS: dict[str, tuple[int, bool]] = {
    "customer_name": (limits.NAME, False),
    "customer_email": (limits.EMAIL, False),
    "customer_phone": (limits.PHONE, False),
    "order_ref": (limits.ORDER_REF, False),
    "product_name": (limits.NAME, False),
    "vendor": (limits.NAME, False),
    "payment_method": (limits.CODE, False),
    "license_code": (limits.LICENSE_CODE, False),
    "description": (limits.LONG_TEXT, True),
    "policy_id": (64, False),
}
INSTANT_FIELDS = ("purchased_at", "delivered_at", "discovered_at", "reported_at")


def _clean_text(draft: CaseDraft, name: str) -> str:
    max_len, multiline = TEXT_FIELDS[name]
    return limits.text(getattr(draft, name), name, max_len, multiline=multiline)


def validate(draft: CaseDraft, now: dt.datetime) -> dict[str, str]:
    """Every field's problem, keyed by the draft's field name (empty when valid)."""
    problems: dict[str, str] = {}
    for name in TEXT_FIELDS:
        try:
            _clean_text(draft, name)
        except limits.LimitError as exc:
            problems[name] = exc.message
    for name, label in (
        ("customer_name", "customer name"),
        ("order_ref", "order id"),
        ("product_name", "product"),
        ("reason", "reason"),
        ("policy_id", "policy"),
    ):
        if name not in problems and not str(getattr(draft, name)).strip():
            problems[name] = f"the {label} is required"
    for name, choices, what in (
        ("reason", REASONS, "reason"),
        ("product_kind", PRODUCT_KINDS, "product kind"),
    ):
        value = getattr(draft, name)
        if name not in problems and value not in choices:
            problems[name] = f"unknown {what} {limits.shown(value)}"
    for i, kind in enumerate(draft.evidence):
        if kind not in EVIDENCE_KINDS:
            problems["evidence"] = f"unknown evidence kind {limits.shown(kind)} (item {i + 1})"
    email = draft.customer_email.strip() if "customer_email" not in problems else ""
    if email:
        local, at, domain = email.partition("@")
        if not (local and at and "." in domain and " " not in email and not domain.endswith(".")):
            problems["customer_email"] = f"not an e-mail address (expected {EMAIL_SHAPE})"
    currency = _currency(draft.currency)
    if currency is None:
        problems["currency"] = "a three-letter code such as INR"
    if not draft.amount.strip():
        problems["amount"] = "the amount paid is required"
    else:
        try:
            limits.amount(draft.amount.strip().replace(",", ""), "amount", currency)
        except limits.LimitError as exc:
            problems["amount"] = exc.message
    _check_dates(draft, now, problems)
    if (
        draft.product_kind == "subscription"
        and draft.subscription_start
        and (draft.subscription_end and draft.subscription_end <= draft.subscription_start)
        and not {"subscription_start", "subscription_end"} & problems.keys()
    ):
        problems["subscription_end"] = "must be after the start of the subscription"
    return problems


def _check_dates(draft: CaseDraft, now: dt.datetime, problems: dict[str, str]) -> None:
    try:
        ZoneInfo(draft.zone)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        problems["zone"] = f"unknown time zone {limits.shown(draft.zone)}"
        return
    instants: dict[str, dt.datetime | None] = {}
    for name in INSTANT_FIELDS:
        try:
            value = _instant(draft, name)
            instants[name] = None if value is None else limits.instant(value, name)
        except (limits.LimitError, OverflowError) as exc:
            problems[name] = getattr(exc, "message", "the date is out of range")
            instants[name] = None
    for name in ("subscription_start", "subscription_end"):
        value = getattr(draft, name)
        if value is not None:
            try:
                limits.day(value, name)
            except limits.LimitError as exc:
                problems[name] = exc.message
    for name, label in (("purchased_at", "purchase"), ("reported_at", "report")):
        if instants[name] is None and name not in problems:
            problems[name] = f"the {label} date is required"
    for name, value in instants.items():
        if value is not None and value > now:
            problems[name] = "must not be in the future"
    purchased = instants["purchased_at"]
    if purchased is None:
        return
    for name, label in (
        ("delivered_at", "delivery"),
        ("discovered_at", "discovery"),
        ("reported_at", "report"),
    ):
        value = instants[name]
        if value is not None and value < purchased and name not in problems:
            problems[name] = f"the {label} cannot be before the purchase"


def to_new_case(draft: CaseDraft, now: dt.datetime) -> records.NewCase:
    """The draft as ``NewCase``; DraftError listing every problem if it is not valid."""
    problems = validate(draft, now)
    if problems:
        raise DraftError(problems)
    pack = load_pack(draft.policy_id)
    text = {name: _clean_text(draft, name) for name in TEXT_FIELDS}
    return records.NewCase(
        customer_name=text["customer_name"],
        customer_email=text["customer_email"],
        customer_phone=text["customer_phone"],
        order_ref=text["order_ref"],
        product_name=text["product_name"],
        product_kind=draft.product_kind,
        third_party=draft.third_party,
        vendor=text["vendor"],
        purchased_at=_instant(draft, "purchased_at"),
        delivered_at=_instant(draft, "delivered_at"),
        discovered_at=_instant(draft, "discovered_at"),
        reported_at=_instant(draft, "reported_at"),
        amount_paid=_amount(draft.amount, draft.currency),
        currency=draft.currency.strip().upper(),
        payment_method=text["payment_method"],
        license_code=text["license_code"],
        subscription_start=draft.subscription_start,
        subscription_end=draft.subscription_end,
        reason=draft.reason,
        description=text["description"],
        policy_id=pack.id,
        policy_version=pack.version,
    )


@uses_database
def save_draft(
    ctx: AppContext,
    draft: CaseDraft,
    number: str | None = None,
    note: str = "",
    opened: EditVersion | None = None,
):
    """Create a case from the draft, or correct case ``number``; returns the Case.

    ``opened`` (from ``open_draft``) refuses the correction with ``StaleEdit`` when the
    case was saved by someone else since the form was opened."""
    new = to_new_case(draft, ctx.clock.now())
    if number is None:
        return records.create_case(ctx, new)
    return records.update_case(ctx, number, new, note, opened)


@uses_database
def open_draft(ctx: AppContext, number: str) -> tuple[CaseDraft, EditVersion]:
    """The case as a draft and the version it was read at, read together."""
    with ctx.snapshot():
        return draft_of(ctx, number), edits.version_of(Case.get(Case.number == number))


@uses_database
def case_zone(ctx: AppContext, number: str) -> str:
    """The zone case ``number``'s policy counts in: its times are shown and typed in it."""
    case = Case.get_or_none(Case.number == number)
    if case is None:
        raise DomainError(f"no case {number}", "number")
    return pack_zone(case.policy_id)


@uses_database
def draft_of(ctx: AppContext, number: str, zone: str | None = None) -> CaseDraft:
    """A stored case as a draft, its times shown in ``zone`` (default: its pack's zone)."""
    case = Case.get(Case.number == number)
    order, customer, product = case.order, case.customer, case.order.product
    zone = zone or pack_zone(case.policy_id)
    tz = ZoneInfo(zone)

    def wall(value: dt.datetime | None) -> dt.datetime | None:
        return value.astimezone(tz).replace(tzinfo=None) if value else None

    kinds = Evidence.select(Evidence.kind).where(
        (Evidence.case == case) & Evidence.removed_at.is_null()
    )
    return CaseDraft(
        customer_name=customer.name,
        customer_email=customer.email,
        customer_phone=customer.phone,
        order_ref=order.order_ref,
        product_name=product.name,
        product_kind=product.kind,
        third_party=product.third_party,
        vendor=product.vendor,
        purchased_at=wall(order.purchased_at),
        delivered_at=wall(order.delivered_at),
        discovered_at=wall(case.discovered_at),
        reported_at=wall(case.reported_at),
        zone=zone,
        amount=str(order.amount_paid),
        currency=order.currency,
        payment_method=order.payment_method,
        license_code=order.license_code,
        subscription_start=order.subscription_start,
        subscription_end=order.subscription_end,
        reason=case.reason,
        description=case.description,
        policy_id=case.policy_id,
        evidence=tuple(sorted({e.kind for e in kinds})),
    )


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    required: bool
    present: bool


@dataclass(frozen=True)
class AssessmentView:
    """What the live panel shows; ``problem`` says why there is no decision yet.

    ``problem_field`` names the draft field the problem is about (the form
    shows its own label for it); ``decision`` is the policy's decision code.
    """

    decision: str = ""
    clause_id: str = ""
    clause_title: str = ""
    clause_text: str = ""
    checklist: tuple[ChecklistItem, ...] = ()
    report_deadline: dt.datetime | None = None
    report_deadline_explained: str = ""
    refund_amount: Decimal | None = None
    explanation: tuple[str, ...] = ()
    problem: str = ""
    problem_field: str = ""
    currency: str = ""


def to_claim(draft: CaseDraft) -> Claim:
    """The draft as the policy engine's claim; ClaimError names a missing field."""
    for name in ("policy_id", "reason", "purchased_at", "reported_at"):
        if not getattr(draft, name):
            raise ClaimError(name, "needed for the assessment")
    amount = _amount(draft.amount, draft.currency)
    if amount is None:
        raise ClaimError("amount", "needed for the assessment")
    for name in INSTANT_FIELDS:
        try:
            value = _instant(draft, name)
            if value is not None:
                limits.instant(value, name)
        except (limits.LimitError, OverflowError, ValueError, KeyError):
            raise ClaimError(name, "a date within 1970-2199 is needed for the assessment") from None
    subscription = None
    if draft.subscription_start and draft.subscription_end:
        subscription = SubscriptionPeriod(draft.subscription_start, draft.subscription_end)
    return Claim(
        policy=draft.policy_id,
        reason=draft.reason,
        purchased_at=_instant(draft, "purchased_at"),
        reported_at=_instant(draft, "reported_at"),
        delivered_at=_instant(draft, "delivered_at"),
        discovered_at=_instant(draft, "discovered_at"),
        amount_paid=amount,
        product_kind=draft.product_kind,
        third_party=draft.third_party,
        order_id=draft.order_ref.strip() or None,
        currency=draft.currency.strip().upper() or None,
        evidence=draft.evidence,
        subscription=subscription,
    )


def assess_draft(draft: CaseDraft) -> AssessmentView:
    """The live assessment of what the form holds so far (never raises on bad input)."""
    try:
        pack = load_pack(draft.policy_id)
        claim = to_claim(draft)
        result = assess(pack, claim)
    except ClaimError as exc:
        return AssessmentView(problem=exc.message, problem_field=exc.field)
    except (PackError, KeyError) as exc:
        return AssessmentView(problem=str(exc), problem_field="policy")
    return _view(pack, claim, result)


def _view(pack: PolicyPack, claim: Claim, result: Assessment) -> AssessmentView:
    clause = pack.clause(result.clauses[0]) if result.clauses else None
    required = set(pack.reason(claim.reason).evidence)
    have = set(claim.evidence) | ({"order_reference"} if claim.has_order_reference else set())
    checklist = tuple(
        ChecklistItem(k.code, k.label, k.code in required, k.code in have)
        for k in pack.evidence_kinds
        if k.code in required or k.code in have
    )
    due = result.report_deadline
    return AssessmentView(
        decision=result.decision,
        clause_id=clause.id if clause else "",
        clause_title=clause.title if clause else "",
        clause_text=clause.text if clause else "",
        checklist=checklist,
        report_deadline=due.instant if due else None,
        report_deadline_explained=due.isoformat() if due else "",
        refund_amount=result.refund_amount,
        explanation=result.explanation,
        currency=claim.currency or "",
    )


def load_claim_pack(ref: str, claim_path: str) -> PolicyPack:
    """The claim's pack by id or file; a relative file is also looked up beside the claim."""
    try:
        return load_pack(ref)
    except UnknownPackError as exc:
        beside = Path(claim_path).parent / ref
        if claim_path != "-" and not Path(ref).is_absolute() and _is_file(beside):
            return load_claim_pack(str(beside), "-")
        raise ClaimError("policy", f"{ref!r}: {exc.problem}") from None
    except PackError as exc:
        raise ClaimError("policy", str(exc)) from None  # names the pack file and key


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL
        return False


def assess_claim_json(raw: Any, claim_path: str = "-") -> Assessment:
    """Parse a claim JSON object and decide it under its pack (ClaimError on bad input)."""
    claim = parse_claim(raw)
    return assess(load_claim_pack(claim.policy, claim_path), claim)


@dataclass(frozen=True)
class PackChoice:
    id: str
    name: str
    zone: str
    currency: str
    reasons: tuple[str, ...]


def pack_choices() -> list[PackChoice]:
    """Installed policy packs that load, for the form's policy selector."""
    choices = []
    for info in list_packs():
        if info.error:
            continue
        try:
            pack = load_pack(info.id)
        except PackError:
            continue
        reasons = tuple(r.code for r in pack.reasons)
        choices.append(
            PackChoice(
                pack.id, pack.name, pack.calendar.timezone, pack.default_currency or "", reasons
            )
        )
    return choices


@uses_database
def wall_now(ctx: AppContext, zone: str) -> dt.datetime:
    """The current wall-clock time in ``zone``, as the form's date fields show it."""
    return ctx.clock.now().astimezone(ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)
