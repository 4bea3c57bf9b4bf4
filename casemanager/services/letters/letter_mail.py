"""An issued letter as an e-mail draft to the customer (.eml, opened by the mail program).

Writing the draft records nothing: the app cannot know when the mail is sent,
so recording that the customer was notified stays the owner's explicit step.
"""

from __future__ import annotations

from casemanager.exchange.mail import OutgoingMail, build_draft
from casemanager.services.admin import settings
from casemanager.services.context import AppContext, uses_database
from casemanager.services.letters.issuing import KIND_LABELS, letter_pdf
from casemanager.services.letters.letter_data import LetterError
from casemanager.store.models import Case, Letter

BODY = """Dear {customer},

Please find attached our {label_lower} about your claim {number} (order {order}).

If you have any questions, reply to this e-mail and keep the case number {number} in the subject.

Kind regards,
{shop}
"""


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
    text = BODY.format(
        customer=customer.name or "customer",
        label_lower=label[0].lower() + label[1:],
        number=number,
        order=case.order.order_ref,
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
