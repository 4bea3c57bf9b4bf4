"""Claims that arrive by e-mail: a case draft from a mail, then the case, or the mail added
to the case it belongs to.

The claim's receipt is the mail's own date (``Date:``, else the newest
``Received:`` stamp), never the time of the import, because the report window
is judged against it. The mail's exact bytes become evidence ("customer
communication"), beside each attachment the evidence rules accept; a mail is
recognised again by its hash and Message-ID and never imported twice. Creating
a case and storing its files is one transaction: a refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from peewee import fn

from casemanager.content.filetypes import FileRefused
from casemanager.content.names import clean_name
from casemanager.domain import FINAL_STATUSES, CaseStatus
from casemanager.errors import DomainError
from casemanager.exchange.mail import MailLimits, MailRefused, ParsedMail, outlook, parse_mail
from casemanager.policy import PackError, load_pack
from casemanager.services import audit
from casemanager.services.admin import settings
from casemanager.services.cases import drafts, mail_hints, records
from casemanager.services.cases.locking import lock_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.evidence import intake
from casemanager.services.lifecycle import transitions
from casemanager.store.models import Case, Customer, MailImport, Order, Product, Setting

COMMUNICATION = "customer communication"
MAIL_KIND = "other"  # the pack vocabulary is fixed; the description says what it is
PATTERNS_KEY = "mail.order_id_patterns"
MAX_DESCRIPTION = 20_000  # characters of the body kept in the case; the mail keeps it all

__all__ = ["MailRefused"]


class AlreadyImported(DomainError):
    def __init__(self, number: str) -> None:
        super().__init__(f"this mail is already in case {number}", "mail")
        self.number = number


@dataclass(frozen=True)
class DraftAttachment:
    """One attachment as the review shows it: its guessed evidence kind, or why it is refused."""

    name: str
    size: int
    mime: str
    label: str
    kind: str  # "" when refused
    refused: str = ""
    inline: bool = False
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class MailDraft:
    """A case draft from one mail, with the mail beside it and where it may belong."""

    case: drafts.CaseDraft
    mail: ParsedMail
    raw: bytes = field(repr=False)
    attachments: tuple[DraftAttachment, ...] = ()
    received_at: dt.datetime | None = None  # aware
    existing_case: str = ""  # a case this mail belongs to
    existing_why: str = ""
    imported_in: str = ""  # the case already holding this very mail
    notes: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[DraftAttachment, ...]:
        return tuple(a for a in self.attachments if not a.refused)


@dataclass(frozen=True)
class MailResult:
    number: str
    created: bool  # a new case (else the mail joined an existing one)
    evidence: int  # files stored: the mail and its accepted attachments
    info_received: bool = False
    refused: tuple[str, ...] = ()  # attachments left out, with why

    def to_json(self) -> dict:
        return {
            "case": self.number,
            "action": "created" if self.created else "updated",
            "evidence": self.evidence,
            "info_received": self.info_received,
            "refused": list(self.refused),
        }


# --- reading a mail -------------------------------------------------------------------------


@uses_database
def mail_limits(ctx: AppContext) -> MailLimits:
    """The evidence limits, applied to the mail and to each attachment."""
    limits = intake.get_limits(ctx)
    return MailLimits(max_bytes=limits.max_file_bytes, max_attachment_bytes=limits.max_file_bytes)


@uses_database
def order_id_patterns(ctx: AppContext, policy_id: str) -> tuple[str, ...]:
    """The shop's own patterns if set, else the pack's, else the shipped defaults."""
    shop = settings.get(ctx, PATTERNS_KEY)
    if isinstance(shop, list) and shop:
        return tuple(str(p) for p in shop)
    try:
        return load_pack(policy_id).order_id_patterns or mail_hints.DEFAULT_ORDER_PATTERNS
    except PackError:
        return mail_hints.DEFAULT_ORDER_PATTERNS


@uses_database
def set_order_id_patterns(ctx: AppContext, patterns: list[str]) -> None:
    """The shop's order-id patterns (regular expressions); [] returns to the pack's."""
    for i, text in enumerate(patterns):
        try:
            re.compile(text)
        except re.error as exc:
            raise DomainError(
                f"pattern {i + 1}: not a regular expression: {exc}", "patterns"
            ) from None
    with ctx.transaction():
        Setting.insert(key=PATTERNS_KEY, value=list(patterns)).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: list(patterns)}
        ).execute()
        audit.record(ctx, "settings_changed", None, {"keys": [PATTERNS_KEY]})


@uses_database
def imported_in(ctx: AppContext, sha256: str, message_id: str = "") -> str:
    """The case already holding this mail (same bytes, or same Message-ID), else ""."""
    condition = MailImport.sha256 == sha256
    if message_id:
        condition |= MailImport.message_id == message_id
    row = MailImport.select(Case.number).join(Case).where(condition).first()
    return row.case.number if row else ""


def read_mail(raw: bytes, limits: MailLimits, now: dt.datetime) -> ParsedMail:
    """An .eml, or an Outlook .msg read as the mail it stands for; hashed as it arrived."""
    if not outlook.is_msg(raw):
        return parse_mail(raw, limits, now=now)
    parsed = parse_mail(outlook.msg_to_mime(raw, limits), limits, now=now)
    return replace(parsed, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))


@uses_database
def draft_from_mail(ctx: AppContext, raw: bytes, policy_id: str | None = None) -> MailDraft:
    """What the mail says as a case draft; MailRefused when the mail itself is refused."""
    now = ctx.clock.now()
    parsed = read_mail(raw, mail_limits(ctx), now)
    customer_mail = _customer_mail(ctx, parsed)
    notes = []
    if customer_mail is not parsed:
        notes.append(f"forwarded by {parsed.sender}: the customer is the original sender")
    if customer_mail.date_problem:
        notes.append(f"date: {customer_mail.date_problem}")
    imported = imported_in(ctx, parsed.sha256, parsed.message_id)
    policy_id = policy_id or settings.load(ctx).default_policy
    text = f"{customer_mail.subject}\n{parsed.body}"
    order_ref = mail_hints.find_order_id(
        order_id_patterns(ctx, policy_id), customer_mail.subject, parsed.body
    )
    order = _known_order(order_ref)
    existing, why = _belongs_to(parsed.subject, order_ref, customer_mail.from_address)
    if order is not None and existing:
        policy_id = Case.get(Case.number == existing).policy_id
    case = _case_draft(ctx, customer_mail, parsed, order_ref, order, policy_id, text)
    if order_ref and order is None:
        notes.append(f"order {order_ref} is not among the shop's orders yet: enter its facts")
    elif not order_ref:
        notes.append("no order id found in the subject or text")
    attachments = tuple(_attachment(ctx, a, case.reason) for a in parsed.attachments)
    kinds = {a.kind for a in attachments if a.kind} | {MAIL_KIND}
    case = replace(case, evidence=tuple(sorted(kinds)))
    return MailDraft(
        case=case,
        mail=parsed,
        raw=bytes(raw),
        attachments=attachments,
        received_at=customer_mail.received_at,
        existing_case=existing,
        existing_why=why,
        imported_in=imported,
        notes=tuple(notes),
    )


def _customer_mail(ctx: AppContext, parsed: ParsedMail) -> ParsedMail:
    """The mail the customer wrote: the forwarded one when the shop forwarded it to itself."""
    shop = settings.shop_profile(ctx).email.strip().lower()
    inner = next((m for m in parsed.forwarded if m.from_address), None)
    if inner is not None and (not parsed.from_address or parsed.from_address.lower() == shop):
        return inner
    return parsed


def _known_order(order_ref: str) -> Order | None:
    if not order_ref:
        return None
    return Order.select().where(Order.order_ref == order_ref).order_by(Order.id.desc()).first()


def _belongs_to(subject: str, order_ref: str, address: str) -> tuple[str, str]:
    number = mail_hints.find_case_number(subject)
    if number and Case.select().where(Case.number == number).exists():
        return number, f"the subject names case {number}"
    if order_ref and address:
        case = (
            Case.select(Case.number)
            .join(Order, on=(Case.order == Order.id))
            .switch(Case)
            .join(Customer, on=(Case.customer == Customer.id))
            .where((Order.order_ref == order_ref) & (fn.LOWER(Customer.email) == address.lower()))
            .order_by(Case.status.in_([str(s) for s in FINAL_STATUSES]), Case.id.desc())
            .first()
        )
        if case is not None:
            return case.number, f"same order {order_ref} from the same customer"
    return "", ""


def _case_draft(
    ctx: AppContext,
    mail: ParsedMail,
    parsed: ParsedMail,
    order_ref: str,
    order: Order | None,
    policy_id: str,
    text: str,
) -> drafts.CaseDraft:
    try:
        pack = load_pack(policy_id)
        zone, currency = pack.calendar.timezone, pack.default_currency or ""
        reasons = [r.code for r in pack.reasons]
    except PackError:
        zone, currency, reasons = "UTC", "", []
    tz = ZoneInfo(zone)

    def wall(value: dt.datetime | None) -> dt.datetime | None:
        return value.astimezone(tz).replace(tzinfo=None) if value else None

    name = mail.from_name or mail.from_address.partition("@")[0]
    draft = drafts.CaseDraft(
        customer_name=name,
        customer_email=mail.from_address,
        order_ref=order_ref,
        reported_at=wall(mail.received_at),
        zone=zone,
        currency=currency or settings.shop_profile(ctx).currency,
        reason=mail_hints.suggest_reason(text, reasons),
        description=parsed.body[:MAX_DESCRIPTION],
        policy_id=policy_id,
    )
    if order is None:
        known = [p.name for p in Product.select(Product.name).distinct().limit(2000)]
        product = mail_hints.suggest_product(text, known)
        kind = mail_hints.suggest_product_kind(text) or draft.product_kind
        return replace(draft, product_name=product, product_kind=kind)
    product = order.product
    return replace(
        draft,
        customer_name=mail.from_name or order.customer.name or name,
        product_name=product.name,
        product_kind=product.kind,
        third_party=product.third_party,
        vendor=product.vendor,
        purchased_at=wall(order.purchased_at),
        delivered_at=wall(order.delivered_at),
        amount=str(order.amount_paid),
        currency=order.currency,
        payment_method=order.payment_method,
        subscription_start=order.subscription_start,
        subscription_end=order.subscription_end,
    )


def _attachment(ctx: AppContext, att, reason: str) -> DraftAttachment:  # noqa: ANN001
    name = clean_name(att.name or f"attachment{_suffix(att.declared_type)}")
    try:
        file = intake.check_file(ctx, att.data)
    except FileRefused as exc:
        return DraftAttachment(
            name, len(att.data), att.declared_type, "", "", exc.reason, att.inline
        )
    kind = mail_hints.evidence_kind(file, name, reason)
    return DraftAttachment(
        name, len(att.data), file.mime, file.label, kind, "", att.inline, att.data
    )


def _suffix(mime: str) -> str:
    from casemanager.content.filetypes import SUFFIXES

    return SUFFIXES.get(mime, "")


# --- storing --------------------------------------------------------------------------------


def _items(draft: MailDraft, kinds: dict[str, str] | None) -> list[intake.NewEvidence]:
    """The mail itself and each accepted attachment, received when the customer sent them."""
    when = draft.received_at or draft.mail.received_at
    if when is None:
        zone = ZoneInfo(draft.case.zone)
        when = draft.case.reported_at.replace(tzinfo=zone) if draft.case.reported_at else None
    if when is None:
        raise MailRefused("the mail has no date: enter when it was received")
    # A subject such as "Re: order 7" must not read as a path ("7" alone) once cleaned.
    subject = re.sub(r"[/\\:]+", " ", draft.mail.subject).strip() or "no subject"
    items = [
        intake.NewEvidence(
            data=draft.raw,
            original_name=f"{subject[:80]}{'.msg' if outlook.is_msg(draft.raw) else '.eml'}",
            kind=MAIL_KIND,
            received_at=when,
            description=f"{COMMUNICATION}: {draft.mail.sender}",
        )
    ]
    for att in draft.accepted:
        kind = (kinds or {}).get(att.name, att.kind)
        items.append(
            intake.NewEvidence(
                data=att.data,
                original_name=att.name,
                kind=kind,
                received_at=when,
                description=f"attached to the mail of {when:%Y-%m-%d}",
            )
        )
    return items


def _store(ctx: AppContext, number: str, draft: MailDraft, kinds: dict[str, str] | None) -> int:
    """Attach the files inside the caller's transaction; any refusal raises (rolling back)."""
    already = imported_in(ctx, draft.mail.sha256, draft.mail.message_id)
    if already:
        raise AlreadyImported(already)
    result = intake.add_evidence(ctx, number, _items(draft, kinds))
    # A file the case already holds (a screenshot sent again) is no reason to refuse the mail.
    blocking = [r for r in result.refused if not r.reason.startswith("the same file")]
    if blocking:
        raise MailRefused("; ".join(str(r) for r in blocking))
    mail_row = next((a for a in result.added if a.sha256 == draft.mail.sha256), None)
    MailImport.create(
        sha256=draft.mail.sha256,
        message_id=draft.mail.message_id[:255],
        case=Case.get(Case.number == number),
        evidence=mail_row.id if mail_row else None,
        imported_at=ctx.clock.now(),
        imported_by=ctx.actor,
    )
    return len(result.added)


@uses_database
def create_case_from_mail(
    ctx: AppContext,
    draft: MailDraft,
    case: drafts.CaseDraft | None = None,
    kinds: dict[str, str] | None = None,
) -> MailResult:
    """The case (``case``: the reviewed draft, default the mail's) with the mail and its
    accepted attachments as evidence; one transaction, nothing stored on any refusal."""
    if draft.imported_in:
        raise AlreadyImported(draft.imported_in)
    reviewed = case or draft.case
    new = drafts.to_new_case(reviewed, ctx.clock.now())
    if case is not None and case.reported_at != draft.case.reported_at:
        draft = replace(draft, received_at=None, case=reviewed)  # the owner corrected it
    with ctx.transaction():
        number = records.create_case(ctx, new).number
        stored = _store(ctx, number, draft, kinds)
        audit.record(ctx, "mail_imported", Case.get(Case.number == number), _audit(draft, True))
    refused = tuple(f"{a.name}: {a.refused}" for a in draft.attachments if a.refused)
    return MailResult(number, True, stored, refused=refused)


@uses_database
def add_mail_to_case(
    ctx: AppContext, number: str, raw: bytes | MailDraft, kinds: dict[str, str] | None = None
) -> MailResult:
    """The mail and its attachments into case ``number``; a reply to a request for
    information records that the information was received (when the mail came)."""
    draft = raw if isinstance(raw, MailDraft) else draft_from_mail(ctx, raw)
    if draft.imported_in:
        raise AlreadyImported(draft.imported_in)
    info = False
    with ctx.transaction():
        case = lock_case(ctx, number)
        if case is None:
            raise DomainError(f"no case numbered {number!r}", "case")
        stored = _store(ctx, number, draft, kinds)
        when = draft.received_at
        if (
            case.status == CaseStatus.AWAITING_CUSTOMER
            and when is not None
            and (case.info_requested_at is None or when >= case.info_requested_at)
        ):
            note = f"by e-mail: {draft.mail.subject}"[:200]
            try:
                transitions.perform(ctx, number, "info_received", note=note, at=when)
                info = True
            except DomainError:  # e.g. dated before an event the case records: left to the owner
                info = False
        audit.record(ctx, "mail_imported", case, _audit(draft, False))
    refused = tuple(f"{a.name}: {a.refused}" for a in draft.attachments if a.refused)
    return MailResult(number, False, stored, info, refused)


def _audit(draft: MailDraft, created: bool) -> dict:
    return {
        "sha256": draft.mail.sha256,
        "message_id": draft.mail.message_id,
        "from": draft.mail.from_address,
        "date": draft.received_at.isoformat() if draft.received_at else None,
        "created": created,
    }


@uses_database
def import_mail(ctx: AppContext, raw: bytes, number: str | None = None) -> MailResult:
    """Without review (the command line): into ``number`` or the case the mail belongs to,
    else a new case when the draft is complete; DraftError lists what the owner must add."""
    draft = draft_from_mail(ctx, raw)
    if draft.imported_in:
        raise AlreadyImported(draft.imported_in)
    target = number or draft.existing_case
    if target:
        return add_mail_to_case(ctx, target, draft)
    return create_case_from_mail(ctx, draft)
