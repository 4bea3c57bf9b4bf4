"""A letter as an e-mail draft (.eml) the shop's mail program opens ready to send.

``X-Unsent: 1`` makes Outlook open the file as an unsent draft; Thunderbird
opens any .eml and offers "Edit as New". The PDF is attached exactly as issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from casemanager.exchange.mail.parse import clean_header


@dataclass(frozen=True)
class OutgoingMail:
    to_name: str
    to_address: str
    from_name: str
    from_address: str  # may be "": the mail program fills in the sender
    subject: str
    body: str
    attachment_name: str
    attachment: bytes = field(repr=False)
    date: dt.datetime | None = None


def _address(name: str, address: str) -> Address:
    local, _, domain = address.strip().partition("@")
    return Address(display_name=clean_header(name), username=local, domain=domain)


def build_draft(mail: OutgoingMail) -> bytes:
    """The draft's bytes (CRLF line ends), the PDF attached byte for byte."""
    message = EmailMessage(policy=policy.SMTP)
    message["To"] = _address(mail.to_name, mail.to_address)
    if mail.from_address:
        message["From"] = _address(mail.from_name, mail.from_address)
    message["Subject"] = clean_header(mail.subject)
    if mail.date is not None:
        message["Date"] = format_datetime(mail.date)
    domain = mail.from_address.partition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message["X-Unsent"] = "1"
    message.set_content(mail.body)
    message.add_attachment(
        mail.attachment, maintype="application", subtype="pdf", filename=mail.attachment_name
    )
    return message.as_bytes()
