"""E-mail from and to plain data: reading a customer's mail, writing a letter's draft."""

from casemanager.exchange.mail.outgoing import OutgoingMail, build_draft
from casemanager.exchange.mail.parse import (
    Attachment,
    MailLimits,
    MailRefused,
    ParsedMail,
    parse_mail,
)

__all__ = [
    "Attachment",
    "MailLimits",
    "MailRefused",
    "OutgoingMail",
    "ParsedMail",
    "build_draft",
    "parse_mail",
]
