"""Gather what one letter says from a case: rows, shop settings, the case's policy pack.

Read-only. Times print in the time zone of the policy's calendar, with its
abbreviation ("17 March 2026, 18:00 IST"); amounts with their currency; clause texts come from the
pack snapshot the case was recorded under.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from casemanager.errors import DomainError
from casemanager.letters import templates
from casemanager.letters.model import ClauseQuote, LetterData, Recipient, Shop, Template
from casemanager.policy.deadlines import REPORT_WINDOW, deadline
from casemanager.policy.model import DeadlineRule, PolicyPack
from casemanager.services.admin import settings
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import appeals
from casemanager.services.lifecycle.transitions import latest_decision
from casemanager.store.models import AuditEvent, Case, Deadline, Decision, Evidence

PAYMENT_LABELS = {"upi": "UPI", "paypal": "PayPal", "wechat_pay": "WeChat Pay", "alipay": "Alipay"}
SYMBOLS = {"INR": "₹", "USD": "$", "EUR": "€", "GBP": "£", "CNY": "CN¥", "JPY": "¥"}


class LetterError(DomainError, ValueError):
    """A letter that cannot be written for this case; ``field`` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return "—"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{currency} {amount:,.2f}"


def payment_label(code: str) -> str:
    if not code:
        return "as paid"
    return PAYMENT_LABELS.get(code, code.replace("_", " "))


class Formatter:
    """Dates and times as the shop's letters print them."""

    def __init__(self, tz_name: str) -> None:
        self.tz = ZoneInfo(tz_name or "UTC")

    def when(self, instant: dt.datetime | None) -> str:
        if instant is None:
            return "—"
        local = instant.astimezone(self.tz)
        return f"{local.day} {local:%B %Y}, {local:%H:%M} {local.tzname()}"

    def exact(self, instant: dt.datetime) -> str:
        """To the second, for a deadline the customer must meet."""
        local = instant.astimezone(self.tz)
        return f"{local.day} {local:%B %Y}, {local:%H:%M:%S} {local.tzname()}"

    def date(self, instant: dt.datetime) -> str:
        local = instant.astimezone(self.tz)
        return f"{local.day} {local:%B %Y}"


@uses_database
def shop_of(ctx: AppContext) -> tuple[Shop, str]:
    """The letterhead from the shop settings, and the shop's time zone."""
    profile = settings.shop_profile(ctx)
    logo = settings.logo_bytes(ctx, profile.logo_sha256) if profile.logo_sha256 else None
    shop = Shop(
        name=profile.name,
        address=profile.address,
        email=profile.email,
        phone=profile.phone,
        website=profile.website,
        logo=logo,
    )
    return shop, profile.timezone


def _decision(case: Case, outcome: str, kind: str) -> Decision:
    decision = latest_decision(case)
    if decision is None or decision.outcome != outcome:
        raise LetterError("kind", f"case {case.number} has no {outcome} decision for a {kind}")
    return decision


def _quotes(pack: PolicyPack, clause_ids: list[str]) -> tuple[ClauseQuote, ...]:
    out = []
    for cid in clause_ids:
        try:
            c = pack.clause(cid)
        except KeyError:
            raise LetterError("clauses", f"clause {cid} is not in pack {pack.id}") from None
        out.append(ClauseQuote(c.id, c.title, c.text))
    return tuple(out)


def _deadline_row(case: Case, name: str) -> Deadline | None:
    return case.deadlines.where(Deadline.name == name).first()


def _due(
    case: Case, pack: PolicyPack, rule: DeadlineRule | None, start: dt.datetime | None
) -> dt.datetime | None:
    """The case's stored due instant of ``rule``, else counted from ``start`` (no rule: None)."""
    row = _deadline_row(case, rule.name) if rule else None
    if row is not None:
        return row.due_at
    if start is None or rule is None:
        return None
    return deadline(pack, rule.name, start).instant


def _last_note(case: Case, kind: str) -> str:
    event = (
        AuditEvent.select()
        .where((AuditEvent.case == case) & (AuditEvent.kind == kind))
        .order_by(AuditEvent.id.desc())
        .first()
    )
    return str(event.data.get("note", "")) if event else ""


def facts(case: Case, pack: PolicyPack, fmt: Formatter) -> tuple[str, ...]:
    """The recorded facts a decision rests on, one line each, exact times with zone."""
    order = case.order
    out = [f"Purchased {fmt.when(order.purchased_at)}"]
    if order.delivered_at:
        out.append(f"Delivered {fmt.when(order.delivered_at)}")
    if case.discovered_at:
        out.append(f"Problem discovered {fmt.when(case.discovered_at)}")
    window = _deadline_row(case, REPORT_WINDOW)
    line = f"Claim received (reported) {fmt.when(case.reported_at)}"
    if window is not None:
        verb = "closed" if window.due_at < case.reported_at else "closes"
        line += f"; the report window {verb} {fmt.exact(window.due_at)}"
    out.append(line)
    kinds = [
        pack.evidence_label(e.kind)
        for e in case.evidence.where(Evidence.removed_at.is_null()).order_by(Evidence.id)
    ]
    out.append("Evidence on file: " + (", ".join(dict.fromkeys(kinds)) if kinds else "none"))
    return tuple(out)


def _proof(case: Case, pack: PolicyPack) -> str:
    try:
        wanted = pack.reason(case.reason).evidence
    except KeyError:
        wanted = ()
    labels = [pack.evidence_label(k) for k in wanted]
    return ", ".join(labels) if labels else "documents, screenshots or messages that support it"


@uses_database
def assemble(
    ctx: AppContext, case: Case, kind: str, template: Template, partials: dict[str, Template]
) -> LetterData:
    """The data of one letter of ``kind`` for ``case``, as of ``ctx.clock.now()``."""
    now = ctx.clock.now()
    pack = pack_for_case(case)
    shop, _shop_tz = shop_of(ctx)
    if pack.statutes:  # the law the policy runs under wants the grievance officer named
        shop = dataclasses.replace(shop, grievance=settings.shop_profile(ctx).grievance_line())
    # The policy's deadlines are defined in its calendar's zone, so every time prints there.
    fmt = Formatter(pack.calendar.timezone)
    order, customer = case.order, case.customer
    product = order.product
    values = {
        "customer_name": customer.name,
        "case_number": case.number,
        "order_ref": order.order_ref,
        "product": product.name,
        "policy_name": pack.name,
        "reported_at": fmt.when(case.reported_at),
        "letter_date": fmt.date(now),
        "shop_name": shop.name,
        "shop_contact": shop.contact_line or "the address at the top of this letter",
        "amount_paid": money(order.amount_paid, order.currency),
        "signer": ctx.actor,
    }
    reasons: tuple[ClauseQuote, ...] = ()
    fact_lines: tuple[str, ...] = ()
    explanation = ""
    if kind == "rejection":
        decision = _decision(case, "rejected", kind)
        reasons = _quotes(pack, list(decision.clauses))
        fact_lines = facts(case, pack, fmt)
        explanation = decision.explanation
        values["appeal_proof"] = _proof(case, pack)
        appeal_by = _due(case, pack, pack.deadline_met_by("appealed_at"), case.notified_at or now)
        if pack.appeals_allowed and appeal_by is not None:
            values["appeal_by"] = fmt.exact(appeal_by)
            partial = partials["next_steps_appeal"]
        else:
            values["appeal_by"] = "—"
            partial = partials["next_steps_final"]
        values["next_steps"] = templates.fill(partial.body, values)
    elif kind == "acknowledgement":
        values["acknowledged_at"] = fmt.when(case.acknowledged_at or now)
        review_by = _due(case, pack, pack.deadline_met_by("verified_at"), case.reported_at)
        values["review_promise"] = (
            f"by {fmt.when(review_by)}"
            if review_by
            else "as soon as our review is complete (our policy sets no fixed review period)"
        )
    elif kind == "extension":
        if not product.third_party:
            raise LetterError("kind", f"{product.name!r} is not third-party goods: no extension")
        review = pack.deadline_met_by("verified_at")
        values["review_by"] = fmt.when(_due(case, pack, review, case.reported_at))
        extension = pack.superseding(review.name) if review else None
        extended = _due(case, pack, extension, case.reported_at)
        values["extended_by"] = fmt.when(extended)
        values["extension_reason"] = _last_note(case, "review_extended") or (
            f"{product.vendor or 'the provider'} must confirm the facts of your claim."
        )
    elif kind == "information_request":
        what = _last_note(case, "info_requested")
        if not what:
            raise LetterError("kind", f"no information request is recorded on case {case.number}")
        values["information"] = what
        values["reply_by"] = "as soon as you can"
    elif kind in ("approval", "replacement"):
        decision = _decision(case, "approved", kind)
        reasons = _quotes(pack, list(decision.clauses))
        explanation = decision.explanation
        if kind == "approval":
            if decision.refund_amount is None:
                raise LetterError("kind", f"the approval of {case.number} is not a refund")
            refund = pack.deadline_met_by("remedied_at")
            refund_by = _due(case, pack, refund, case.approved_at or decision.decided_at)
            values["refund_amount"] = money(decision.refund_amount, decision.currency or "")
            values["refund_method"] = payment_label(order.payment_method)
            values["refund_by"] = fmt.when(refund_by)
        else:
            values["replacement_by"] = "straight away"
    elif kind in ("appeal_acknowledgement", "appeal_decision"):
        appeal = appeals.current_appeal(case)
        if appeal is None:
            raise LetterError("kind", f"no appeal is recorded on case {case.number}")
        values["appeal_filed_at"] = fmt.when(appeal.filed_at)
        values["appeal_grounds"] = appeal.grounds or "(none stated)"
        if kind == "appeal_decision":
            if appeal.outcome is None:
                raise LetterError("kind", f"the appeal on case {case.number} is not decided yet")
            reasons = _quotes(pack, list(appeal.clauses))
            explanation = appeal.explanation
            values["appeal_outcome"] = (
                "your appeal is upheld" if appeal.outcome == "upheld" else "your appeal is rejected"
            )
            values["remedy_line"] = _remedy_line(case, appeal.outcome, fmt)
    else:
        raise LetterError("kind", f"unknown letter kind {kind!r}")
    recipient = Recipient(customer.name, customer.email, customer.phone, customer.address)
    references = (
        ("Case", case.number),
        ("Order", f"{order.order_ref} of {fmt.date(order.purchased_at)}, {values['amount_paid']}"),
        ("Product", product.name),
        ("Policy", f"{pack.name}, version {case.policy_version}"),
    )
    return LetterData(
        kind=kind,
        shop=shop,
        recipient=recipient,
        date=fmt.date(now),
        references=references,
        template=template,
        values=values,
        reasons=reasons,
        facts=fact_lines,
        explanation=explanation,
        signer=ctx.actor,
        footer=f"{shop.name} · {case.number}" if shop.name else case.number,
    )


def _remedy_line(case: Case, outcome: str, fmt: Formatter) -> str:
    if outcome != "upheld":
        return (
            "This decision is final within our policy. You remain free to seek a resolution "
            "through negotiation with us, mediation, arbitration or the courts."
        )
    decision = latest_decision(case)
    if decision is not None and decision.refund_amount is not None:
        return (
            f"We will refund {money(decision.refund_amount, decision.currency or '')} to your "
            "original payment method and confirm it in writing."
        )
    return "We will send you a replacement straight away and confirm it in writing."
