"""Gather what one letter says from a case: rows, shop settings, the case's policy pack.

Read-only. Times print in the time zone of the policy's calendar, with its UTC
offset and zone name ("17 March 2026, 18:00 (UTC+05:30 Asia/Kolkata)"); amounts
with their currency; clause texts come from the pack snapshot the case was
recorded under. A letter is dated by its event (the decision, the receipt, the
extension) and signed by the person who made the decision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from casemanager.errors import DomainError
from casemanager.letters import templates
from casemanager.letters.claims import claim_sentence
from casemanager.letters.model import ClauseQuote, LetterData, Recipient, Shop, Template
from casemanager.policy import placeholders
from casemanager.policy.case_deadlines import claim_of
from casemanager.policy.deadlines import (
    INFORMATION_REPLY,
    REPORT_WINDOW,
    deadline,
    information_reply_due,
)
from casemanager.policy.model import DeadlineRule, PolicyPack
from casemanager.policy.refunds import refund_for
from casemanager.services.admin import settings
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import appeals
from casemanager.services.lifecycle.deadlines import case_facts
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

    def zone(self, local: dt.datetime) -> str:
        """The UTC offset and the zone's name: abbreviations such as CST or IST are ambiguous."""
        offset = local.strftime("%z")
        return f"UTC{offset[:3]}:{offset[3:]} {self.tz.key}"

    def when(self, instant: dt.datetime | None) -> str:
        if instant is None:
            return "—"
        local = instant.astimezone(self.tz)
        return f"{local.day} {local:%B %Y}, {local:%H:%M} ({self.zone(local)})"

    def exact(self, instant: dt.datetime) -> str:
        """To the second where it matters (23:59:59, the last second of a window)."""
        local = instant.astimezone(self.tz)
        clock = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
        return f"{local.day} {local:%B %Y}, {clock} ({self.zone(local)})"

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


def event_of(case: Case, kind: str, now: dt.datetime) -> dt.datetime:
    """The instant of the event a letter of ``kind`` is written for (its date)."""
    if kind in ("rejection", "approval", "replacement"):
        decision = latest_decision(case)
        return decision.decided_at if decision else now
    if kind in ("appeal_acknowledgement", "appeal_decision"):
        appeal = appeals.current_appeal(case)
        if appeal is None:
            return now
        if kind == "appeal_decision":
            return appeal.decided_at or now
        return appeal.filed_at
    stamp = {
        "acknowledgement": case.acknowledged_at,
        "extension": case.extension_notice_at,
        "information_request": case.info_requested_at,
    }.get(kind)
    return stamp or now


def signer_of(ctx: AppContext, case: Case, kind: str) -> str:
    """Who signs: the person who decided (or decided the appeal), else the user named in
    Settings; never the operating-system account. '' when nobody is named."""
    if kind in ("rejection", "approval", "replacement"):
        decision = latest_decision(case)
        return decision.decided_by if decision else ""
    if kind == "appeal_decision":
        appeal = appeals.current_appeal(case)
        return (appeal.reviewer or "") if appeal else ""
    return (ctx.configured_user_name() or "").strip()


def _quotes(
    pack: PolicyPack, clause_ids: list[str], profile: dict[str, str]
) -> tuple[ClauseQuote, ...]:
    """The clauses as quoted, blanks the pack names completed from the shop ``profile``."""
    out = []
    for cid in clause_ids:
        try:
            c = pack.clause(cid)
        except KeyError:
            raise LetterError("clauses", f"clause {cid} is not in pack {pack.id}") from None
        text, completed = placeholders.fill(c.text, pack.profile_placeholders, profile)
        out.append(ClauseQuote(c.id, c.title, text, completed))
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
    rows = case.evidence.where(Evidence.removed_at.is_null()).order_by(Evidence.id)
    considered = [
        f"Evidence considered: {pack.evidence_label(e.kind)}"
        f"{' (' + e.original_name + ')' if e.original_name else ''}, received "
        f"{fmt.when(e.received_at)}{' from the shop' if e.source == 'shop' else ''}"
        for e in rows
    ]
    out += considered or ["Evidence considered: none was sent"]
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
    """The data of one letter of ``kind`` for ``case``, dated by its event (a draft)."""
    sent = ctx.clock.now()  # when it goes out: the customer is told of a decision then
    now = event_of(case, kind, sent)
    signer = signer_of(ctx, case, kind)
    pack = pack_for_case(case)
    shop, _shop_tz = shop_of(ctx)
    shop_profile = settings.shop_profile(ctx)
    profile = dataclasses.asdict(shop_profile)
    if pack.statutes:  # the law the policy runs under wants the grievance officer named
        shop = dataclasses.replace(shop, grievance=shop_profile.grievance_line())
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
        "signer": signer,
    }
    values["claim"] = claim_sentence(
        case.reason,
        product.name,
        fmt.date(case.reported_at),
        order.order_ref,
        fmt.date(order.purchased_at),
        values["amount_paid"],
    )
    reasons: tuple[ClauseQuote, ...] = ()
    fact_lines: tuple[str, ...] = ()
    explanation = ""
    if kind == "rejection":
        decision = _decision(case, "rejected", kind)
        reasons = _quotes(pack, list(decision.clauses), profile)
        fact_lines = facts(case, pack, fmt)
        if decision.override_finding:
            fact_lines += (f"What our own check found: {decision.override_finding}",)
        explanation = decision.explanation
        values["appeal_proof"] = _proof(case, pack)
        appeal_rule = pack.deadline_met_by("appealed_at")
        appeal_by = _due(case, pack, appeal_rule, case.notified_at or sent)
        values.update(appeal_block(pack, shop, appeal_rule))
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
        if not extension_offered(case, pack):
            raise LetterError(
                "kind", f"no extension: {pack.name} has no extension rule for {product.name!r}"
            )
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
        values["reply_by"] = f"by {fmt.exact(information_reply_by(case, pack))}"
    elif kind in ("approval", "replacement"):
        decision = _decision(case, "approved", kind)
        reasons = _quotes(pack, list(decision.clauses), profile)
        explanation = decision.explanation
        if kind == "approval":
            if decision.refund_amount is None:
                raise LetterError("kind", f"the approval of {case.number} is not a refund")
            refund = pack.deadline_met_by("remedied_at")
            refund_by = _due(case, pack, refund, case.approved_at or decision.decided_at)
            values["refund_amount"] = money(decision.refund_amount, decision.currency or "")
            values["refund_method"] = payment_label(order.payment_method)
            values["refund_by"] = fmt.when(refund_by)
            fact_lines = refund_working(case, pack, decision, fmt)
        else:
            values["replacement_by"] = "straight away"
    elif kind in ("appeal_acknowledgement", "appeal_decision"):
        appeal = appeals.current_appeal(case)
        if appeal is None:
            raise LetterError("kind", f"no appeal is recorded on case {case.number}")
        values["appeal_filed_at"] = fmt.when(appeal.filed_at)
        values["appeal_grounds"] = appeal.grounds or "(none stated)"
        values["review_line"] = review_line(appeal)
        if kind == "appeal_decision":
            if appeal.outcome is None:
                raise LetterError("kind", f"the appeal on case {case.number} is not decided yet")
            reasons = _quotes(pack, list(appeal.clauses), profile)
            explanation = appeal.explanation
            if appeal.override_finding:
                fact_lines = (f"What our own check found: {appeal.override_finding}",)
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
        signer=signer,
        footer=f"{shop.name} · {case.number}" if shop.name else case.number,
    )


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def refund_working(case: Case, pack: PolicyPack, decision: Decision, fmt: Formatter) -> tuple:
    """How the refund was reached: the amount paid, or the pro-rata working step by step."""
    order = case.order
    paid = money(order.amount_paid, order.currency)
    amount = money(decision.refund_amount, decision.currency or order.currency)
    try:
        calc = refund_for(pack, claim_of(pack, case_facts(case, pack)))
    except (KeyError, ValueError, DomainError):
        calc = None
    if calc is None or not calc.pro_rata or not calc.total_days:
        lines = [f"Refund: the amount you actually paid, {paid} (clause {pack.refund.clause})"]
    else:
        start, end = order.subscription_start, order.subscription_end
        used = calc.total_days - (calc.remaining_days or 0)
        lines = [
            f"Subscription period: {_day(start)} to {_day(end)} ({calc.total_days} days)",
            f"Counted from {_day(calc.effective_date)}, when the problem began: "
            f"{used} days used, {calc.remaining_days} days left",
            f"Refund = amount paid × days left ÷ days in the period = {paid} × "
            f"{calc.remaining_days} ÷ {calc.total_days} = {money(calc.amount, order.currency)}, "
            f"rounded half up to the cent (clause {calc.clause})",
        ]
    if decision.amount_reason:
        lines.append(f"We refund {amount}: {decision.amount_reason}")
    return tuple(lines)


def appeal_block(pack: PolicyPack, shop: Shop, rule: DeadlineRule | None) -> dict[str, str]:
    """The appeal's clause, where to send it, and when the shop answers (as the pack says)."""
    clause = rule.clause if rule else ""
    to = []
    if shop.email:
        to.append(f"by e-mail to {shop.email}")
    address = ", ".join(x.strip() for x in shop.address.splitlines() if x.strip())
    if address:
        to.append(f"by post to {shop.name + ', ' if shop.name else ''}{address}")
    answer_rule = next(
        (d for d in pack.deadlines if d.start == "appealed_at" and d.side == "shop"), None
    )
    if answer_rule is not None:
        unit = answer_rule.rule.replace("_", " ")
        answer = (
            f"We will answer in writing within {answer_rule.amount} {unit} of receiving it "
            f"(clause {answer_rule.clause})."
        )
    else:
        answer = (
            "Our policy sets no fixed period for answering an appeal: we will confirm in "
            "writing that it reached us, and then send our decision on it in writing, with "
            "the clauses it rests on."
        )
    return {
        "appeal_clause": f"clause {clause} of our policy" if clause else "our policy",
        "appeal_to": " or ".join(to) or "to the address at the top of this letter",
        "appeal_answer": answer,
    }


def extension_offered(case: Case, pack: PolicyPack) -> bool:
    """An extension notice exists only where the pack extends the review for these goods."""
    review = pack.deadline_met_by("verified_at")
    rule = pack.superseding(review.name) if review else None
    if rule is None:
        return False
    return rule.when != "third_party" or case.order.product.third_party


def information_reply_by(case: Case, pack: PolicyPack) -> dt.datetime:
    """When the customer's reply to the information request is due (pack working days)."""
    asked = case.info_requested_at
    assert asked is not None
    row = _deadline_row(case, INFORMATION_REPLY)  # the date the case tracks, as stored
    return row.due_at if row is not None else information_reply_due(pack, asked).instant


def review_line(appeal) -> str:
    """What the acknowledgement may honestly promise about who reviews the appeal."""
    decider = (appeal.decision.decided_by or "").strip() if appeal.decision_id else ""
    reviewer = (appeal.reviewer or "").strip()
    if reviewer and reviewer != decider:
        return (
            f"The appeal will be reviewed by {reviewer}, who was not involved in the original "
            "decision, taking into account any supplementary proof you sent."
        )
    if reviewer:
        return (
            "The appeal will be reviewed again, taking into account any supplementary proof "
            f"you sent. As we are a small business, the review is made by {reviewer}, who also "
            "took the original decision."
        )
    return (
        "The appeal will be reviewed again, taking into account any supplementary proof you "
        "sent; we will tell you who reviews it."
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
