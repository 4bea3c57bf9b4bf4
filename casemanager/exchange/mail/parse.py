"""A customer's e-mail (RFC 5322/MIME bytes) as plain data, checked against hostile input.

The standard library's parser does the MIME work; this module decides what a
case needs from it and refuses what no shop should process: mails over the
size limit, attachments over the per-file limit, MIME trees nested too deep or
with too many parts. Text in an unknown or wrong charset is kept and shown with
replacement characters; names and subjects lose control characters (CR/LF
header injection) before anything displays or stores them.
"""

from __future__ import annotations

import datetime as dt
import email
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message

from casemanager.errors import DomainError
from casemanager.exchange.mail.html_text import html_to_text

MB = 1024 * 1024
EARLIEST_YEAR, LATEST_YEAR = 1970, 2199
FUTURE_SLACK = dt.timedelta(days=1)  # clocks of mail servers drift; a day more is absurd

# Charsets mail programs label wrongly: GB2312 text routinely carries GBK characters.
_CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "iso-8859-1": "cp1252",
    "us-ascii": "utf-8",
}
_CONTENT_TYPE = re.compile(rb"^content-type:", re.IGNORECASE | re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


class MailRefused(DomainError, ValueError):
    """The mail cannot be taken in; the message says why in one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "mail")


@dataclass(frozen=True)
class MailLimits:
    max_bytes: int = 50 * MB  # the whole mail, as it is stored as evidence
    max_attachment_bytes: int = 50 * MB
    max_depth: int = 12  # multipart inside multipart (forwards of forwards)
    max_parts: int = 500


@dataclass(frozen=True)
class Attachment:
    name: str  # as the mail names it (control characters removed), may be ""
    data: bytes = field(repr=False)
    declared_type: str  # what the mail claims; the content decides the evidence type
    inline: bool = False  # shown in the text (a pasted screenshot), not listed as a file


@dataclass(frozen=True)
class ParsedMail:
    from_name: str
    from_address: str  # Reply-To's address when the mail has one, else From's
    to: str
    subject: str
    message_id: str
    received_at: dt.datetime | None  # aware; None when no date parses
    date_source: str  # "Date", "Received" or ""
    date_problem: str  # why the date is not trusted ("" when it is)
    body: str
    attachments: tuple[Attachment, ...]
    sha256: str
    size: int
    html_only: bool = False
    forwarded: tuple[ParsedMail, ...] = ()

    @property
    def sender(self) -> str:
        return f"{self.from_name} <{self.from_address}>" if self.from_name else self.from_address


def clean_header(value: object) -> str:
    """One display line: no CR, LF or other control characters, blanks folded."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def parse_mail(
    raw: bytes, limits: MailLimits | None = None, now: dt.datetime | None = None
) -> ParsedMail:
    """The mail in ``raw``; MailRefused when it is over a limit or not a mail at all.

    ``now`` (aware) flags dates far in the future; without it only the year range is checked.
    """
    limits = limits or MailLimits()
    if not raw.strip():
        raise MailRefused("the mail is empty")
    if len(raw) > limits.max_bytes:
        raise MailRefused(
            f"the mail is {_mb(len(raw))}, more than the {_mb(limits.max_bytes)} allowed"
        )
    # The parser recurses per level; count declared parts before letting it loose.
    declared = len(_CONTENT_TYPE.findall(raw))
    if declared > limits.max_parts:
        raise MailRefused(f"it has more than {limits.max_parts} MIME parts")
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except RecursionError:
        raise MailRefused(f"its MIME parts are nested more than {limits.max_depth} deep") from None
    present = {key.lower() for key in message}
    if not present & {"from", "date", "subject", "message-id", "received"}:
        raise MailRefused("it has none of the headers of an e-mail (From, Date, Subject)")
    counter = _Counter(limits)
    parsed = _parse(message, limits, counter, depth=0, now=now)
    digest = hashlib.sha256(raw).hexdigest()
    return _with(parsed, sha256=digest, size=len(raw))


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB".replace(".0 ", " ")


class _Counter:
    def __init__(self, limits: MailLimits) -> None:
        self.limits, self.parts = limits, 0

    def part(self, depth: int) -> None:
        self.parts += 1
        if self.parts > self.limits.max_parts:
            raise MailRefused(f"it has more than {self.limits.max_parts} MIME parts")
        if depth > self.limits.max_depth:
            raise MailRefused(f"its MIME parts are nested more than {self.limits.max_depth} deep")


def _with(mail: ParsedMail, **changes: object) -> ParsedMail:
    from dataclasses import replace

    return replace(mail, **changes)


def _parse(
    message: Message, limits: MailLimits, counter: _Counter, depth: int, now: dt.datetime | None
) -> ParsedMail:
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    forwarded: list[ParsedMail] = []
    _walk(message, limits, counter, depth, now, plain, html, attachments, forwarded)
    body = "\n\n".join(t.strip() for t in plain if t.strip())
    html_only = not body and bool(html)
    if html_only:
        body = "\n\n".join(html_to_text(h) for h in html)
    for inner in forwarded:
        body += f"\n\n---------- Forwarded message ----------\nFrom: {inner.sender}\n"
        body += f"Subject: {inner.subject}\n\n{inner.body}"
        attachments.extend(inner.attachments)
    name, address = _sender(message)
    when, source, problem = _received(message, now)
    return ParsedMail(
        from_name=name,
        from_address=address,
        to=clean_header(_header(message, "To")),
        subject=clean_header(_header(message, "Subject")),
        message_id=clean_header(_header(message, "Message-ID")).strip("<>"),
        received_at=when,
        date_source=source,
        date_problem=problem,
        body=body.strip(),
        attachments=tuple(attachments),
        sha256="",
        size=0,
        html_only=html_only,
        forwarded=tuple(forwarded),
    )


def _walk(
    part: Message,
    limits: MailLimits,
    counter: _Counter,
    depth: int,
    now: dt.datetime | None,
    plain: list[str],
    html: list[str],
    attachments: list[Attachment],
    forwarded: list[ParsedMail],
) -> None:
    counter.part(depth)
    ctype = part.get_content_type()
    if part.is_multipart() and ctype != "message/rfc822":
        for sub in part.get_payload() or []:
            if isinstance(sub, Message):
                _walk(sub, limits, counter, depth + 1, now, plain, html, attachments, forwarded)
        return
    disposition = (part.get_content_disposition() or "").lower()
    filename = clean_header(_filename(part))
    if ctype == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner, Message):
            forwarded.append(_parse(inner, limits, counter, depth + 1, now))
        return
    if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        (plain if ctype == "text/plain" else html).append(_text(part))
        return
    data = _payload(part)
    if not data:
        return
    if len(data) > limits.max_attachment_bytes:
        raise MailRefused(
            f"its attachment '{filename or ctype}' is {_mb(len(data))}, more than the "
            f"{_mb(limits.max_attachment_bytes)} allowed per file"
        )
    inline = disposition == "inline" or (not disposition and bool(part.get("Content-ID")))
    attachments.append(Attachment(filename, data, ctype, inline))


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # a broken transfer encoding: keep what the mail carried
        data = None
    if data is None:
        raw = part.get_payload()
        data = raw.encode("utf-8", "replace") if isinstance(raw, str) else b""
    return bytes(data)


def _filename(part: Message) -> str:
    try:
        return part.get_filename() or ""
    except Exception:  # a malformed RFC 2231 parameter
        return ""


def _text(part: Message) -> str:
    """A text part's content, decoded leniently: undecodable bytes become U+FFFD."""
    data = _payload(part)
    charset = (part.get_content_charset() or "utf-8").lower()
    codec = _CHARSET_SUPERSETS.get(charset, charset)
    try:
        return data.decode(codec, "replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", "replace")


def _header(message: Message, name: str) -> str:
    """A header's decoded value; a malformed one is decoded leniently from its raw text."""
    try:
        return str(message.get(name) or "")
    except Exception:  # the header registry refuses it (CR/LF in an encoded word, ...)
        return _decoded(_raw_header(message, name))


def _raw_header(message: Message, name: str) -> str:
    for key, raw in message.raw_items():
        if key.lower() == name.lower():
            return str(raw)
    return ""


def _decoded(raw: str) -> str:
    try:
        return str(make_header(decode_header(raw)))
    except Exception:  # unknown charset or broken encoded word: the text as it came
        return raw


def _sender(message: Message) -> tuple[str, str]:
    """Display name and address: Reply-To's address when given (the customer's), From's name."""
    name, address = _address(message, "From")
    reply_name, reply_address = _address(message, "Reply-To")
    if reply_address:
        return clean_header(reply_name or name), reply_address
    return clean_header(name), address


def _address(message: Message, header: str) -> tuple[str, str]:
    try:
        value = message.get(header)
        addresses = getattr(value, "addresses", ()) if value is not None else ()
        if addresses:
            first = addresses[0]
            return first.display_name or "", clean_header(first.addr_spec).strip("<>")
    except Exception:
        pass  # fall back to the lenient parse of the raw text below
    name, address = email.utils.parseaddr(clean_header(_raw_header(message, header)))
    return _decoded(name), address if "@" in address else ""


def _received(message: Message, now: dt.datetime | None) -> tuple[dt.datetime | None, str, str]:
    """When the customer wrote: ``Date:``, else the newest ``Received:`` stamp."""
    problems = []
    for source, text in (
        ("Date", _header(message, "Date")),
        ("Received", _newest_received(message)),
    ):
        if not text.strip():
            continue
        when, problem = _date(text, now)
        if when is not None:
            note = "" if source == "Date" else "no usable Date: header; taken from Received:"
            return when, source, "; ".join([*problems, note]).strip("; ")
        problems.append(f"{source}: {problem}")
    return None, "", "; ".join(problems) or "the mail has no date"


def _newest_received(message: Message) -> str:
    for key, value in message.raw_items():  # the first Received: is the newest hop
        if key.lower() == "received":
            return str(value).rpartition(";")[2]
    return ""


def _date(text: str, now: dt.datetime | None) -> tuple[dt.datetime | None, str]:
    text = clean_header(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"not a date: {text[:60]!r}"
    if when is None:
        return None, f"not a date: {text[:60]!r}"
    if when.tzinfo is None:  # "-0000": the time is UTC, its zone unknown
        when = when.replace(tzinfo=dt.UTC)
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        return None, f"absurd year {when.year}"
    if now is not None and when > now + FUTURE_SLACK:
        return None, f"{when.isoformat()} is in the future"
    return when, ""
