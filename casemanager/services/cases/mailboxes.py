"""A mailbox (an mbox file or a Maildir folder) listed for the owner to pick claims from.

Messages are read one at a time and only their headers parsed, so a mailbox
of any size lists in constant memory (the list itself aside: a few short
strings per message). Each entry says whether the mail is already in a case,
by the same hash and Message-ID the intake records.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import mailbox
import os
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path

from casemanager.errors import DomainError
from casemanager.exchange.mail.parse import clean_header
from casemanager.services.cases.mail_intake import imported_in
from casemanager.services.context import AppContext, uses_database

EVERY = 25  # messages between progress reports and cancel checks


class MailboxError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "mailbox")


class MailboxCancelled(DomainError):
    """The owner cancelled the listing; nothing was read into any case."""


@dataclass(frozen=True)
class MailboxEntry:
    key: str  # the mailbox's own key for the message
    sender: str
    date: dt.datetime | None  # aware; None when the Date: header does not parse
    subject: str
    message_id: str
    sha256: str
    size: int
    imported_in: str  # the case that holds it already, or ""


def is_mailbox(path: str | os.PathLike) -> bool:
    """A Maildir folder, or a file in mbox format (starting with a "From " line)."""
    path = Path(path)
    if path.is_dir():
        return (path / "cur").is_dir() or (path / "new").is_dir()
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"From "
    except OSError:
        return False


def open_mailbox(path: str | os.PathLike) -> mailbox.Mailbox:
    """The mailbox at ``path``, read-only; MailboxError when it is neither kind."""
    path = Path(path)
    if not is_mailbox(path):
        raise MailboxError(f"{path.name}: not an mbox file or a Maildir folder (cur/, new/)")
    if path.is_dir():
        return mailbox.Maildir(str(path), factory=None, create=False)
    return mailbox.mbox(str(path), create=False)


@uses_database
def list_mailbox(
    ctx: AppContext,
    path: str | os.PathLike,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[MailboxEntry]:
    """Sender, date and subject of each message, and the case already holding it."""
    box = open_mailbox(path)
    parser = BytesHeaderParser(policy=policy.default)
    entries: list[MailboxEntry] = []
    try:
        keys = list(box.iterkeys())
        with ctx.reading():
            for i, key in enumerate(keys, 1):
                if i % EVERY == 0 or i == len(keys):
                    if cancelled is not None and cancelled():
                        raise MailboxCancelled("listing the mailbox was cancelled")
                    if progress is not None:
                        progress(i, len(keys))
                raw = box.get_bytes(key)
                entries.append(_entry(ctx, str(key), raw, parser))
    finally:
        box.close()
    return entries


def _entry(ctx: AppContext, key: str, raw: bytes, parser: BytesHeaderParser) -> MailboxEntry:
    headers = parser.parsebytes(raw)
    sha256 = hashlib.sha256(raw).hexdigest()
    message_id = _header(headers, "Message-ID").strip("<>")
    return MailboxEntry(
        key=key,
        sender=_header(headers, "From"),
        date=_date(_header(headers, "Date")),
        subject=_header(headers, "Subject"),
        message_id=message_id,
        sha256=sha256,
        size=len(raw),
        imported_in=imported_in(ctx, sha256, message_id),
    )


def _header(headers, name: str) -> str:  # noqa: ANN001 (email.message.Message)
    try:
        value = headers.get(name, "")
    except Exception:  # a header the registry refuses: shown raw rather than not at all
        value = next((v for k, v in headers.raw_items() if k.lower() == name.lower()), "")
    return clean_header(value)[:500]


def _date(text: str) -> dt.datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None or not 1970 <= when.year <= 2199:
        return None
    return when


def message_bytes(path: str | os.PathLike, key: str) -> bytes:
    """The exact bytes of message ``key`` (as listed), for the intake's review."""
    box = open_mailbox(path)
    try:
        return box.get_bytes(int(key) if isinstance(box, mailbox.mbox) else key)
    except KeyError:
        raise MailboxError(f"the message {key} is no longer in the mailbox") from None
    finally:
        box.close()
