"""An issued letter as an e-mail draft to the customer (.eml, opened by the mail program).

Writing the draft records nothing: the app cannot know when the mail is sent,
so recording that the customer was notified stays the owner's explicit step.
"""

from __future__ import annotations

import string

from casemanager.errors import DomainError
from casemanager.exchange.mail import OutgoingMail, build_draft
from casemanager.policy import limits
from casemanager.services import audit
from casemanager.services.admin import settings
from casemanager.services.context import AppContext, uses_database
from casemanager.services.letters.issuing import KIND_LABELS, letter_pdf
from casemanager.services.letters.letter_data import LetterError
from casemanager.store.models import Case, Letter, Setting

# The shop's wording of the mail that carries a letter (Settings key), with these placeholders.
TEMPLATE_KEY = "mail.letter_body"
PLACEHOLDERS = {
    "customer": "the customer's name",
    "letter": 'what the letter is ("rejection letter")',
    "case": "the case number",
    "order": "the order id",
    "reference": "the letter's reference",
    "shop": "the shop's name",
}
MAX_TEMPLATE = limits.SHORT_TEXT * 5
DEFAULT_BODY = """Dear {customer},

Please find attached our {letter} about your claim {case} (order {order}).

If you have any questions, reply to this e-mail and keep the case number {case} in the subject.

Kind regards,
{shop}
"""


class TemplateError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "mail_template")


def check_template(text: str) -> str:
    """The template as it will be stored; TemplateError naming a bad placeholder or brace."""
    try:
        text = limits.text(text, "mail_template", MAX_TEMPLATE, multiline=True)
    except DomainError as exc:
        raise TemplateError(f"the mail text {exc}") from None
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        hint = "write {{ for a brace itself"
        raise TemplateError(f"the mail text has a stray brace ({exc}); {hint}") from None
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise TemplateError(f"unknown placeholder {{{name}}} in the mail text; use {known}")
    return text


@uses_database
def mail_template(ctx: AppContext) -> str:
    """The shop's wording of letter mails (the default until it is changed)."""
    row = Setting.get_or_none(Setting.key == TEMPLATE_KEY)
    return row.value if row is not None and isinstance(row.value, str) else DEFAULT_BODY


@uses_database
def save_mail_template(ctx: AppContext, text: str) -> str:
    """Check and store the wording; empty text goes back to the default. One audit event."""
    text = check_template(text) if text.strip() else ""
    with ctx.transaction():
        if text:
            Setting.insert(key=TEMPLATE_KEY, value=text).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: text}
            ).execute()
        else:
            Setting.delete().where(Setting.key == TEMPLATE_KEY).execute()
        audit.record(ctx, "mail_template_saved", None, {"default": not text, "length": len(text)})
    return text or DEFAULT_BODY


def render_body(template: str, **values: str) -> str:
    """The template filled in (a template saved before a check still renders, unfilled)."""
    try:
        return check_template(template).format(**values)
    except TemplateError:
        return DEFAULT_BODY.format(**values)


@uses_database
def letter_draft(ctx: AppContext, number: str, kind: str) -> bytes:
    """The .eml draft of the newest issued ``kind`` letter of case ``number``."""
    case = Case.get_or_none(Case.number == number)
    if case is None:
        raise LetterError("case", f"no case numbered {number!r}")
    letter = (
        Letter.select().where((Letter.case == case) & (Letter.kind == kind))
        .order_by(Letter.id.desc()).first()
    )  # fmt: skip
    if letter is None:
        raise LetterError("kind", f"case {number} has no issued {kind} letter: issue it first")
    return draft_for_letter(ctx, letter.id)


@uses_database
def draft_for_letter(ctx: AppContext, letter_id: int) -> bytes:
    """The .eml draft of issued letter ``letter_id``, addressed to its case's customer."""
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise LetterError("letter", f"no issued letter {letter_id}")
    case, kind, number = letter.case, letter.kind, letter.case.number
    customer = case.customer
    if not customer.email.strip():
        raise LetterError("email", f"case {number}: the customer has no e-mail address")
    shop = settings.shop_profile(ctx)
    label = KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())
    ref = f"{number}-L{letter.id}"
    text = render_body(
        mail_template(ctx),
        customer=customer.name or "customer",
        letter=label[0].lower() + label[1:],
        case=number,
        order=case.order.order_ref,
        reference=ref,
        shop=shop.name or "the shop",
    )
    mail = OutgoingMail(
        to_name=customer.name,
        to_address=customer.email.strip(),
        from_name=shop.name,
        from_address=shop.email.strip(),
        subject=f"{number}: {label} (ref. {ref})",
        body=text,
        attachment_name=f"{ref}-{kind}.pdf",
        attachment=letter_pdf(ctx, letter.id),
        date=ctx.clock.now(),
    )
    return build_draft(mail)
