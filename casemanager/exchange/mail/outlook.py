"""An Outlook ``.msg`` file as the RFC 5322 mail it stands for, read with ``olefile`` (BSD).

A ``.msg`` is an OLE compound file holding MAPI properties: fixed-size ones
(times, numbers) in each storage's ``__properties_version1.0`` stream, the
others in ``__substg1.0_IIIITTTT`` streams (property id, type). This module
reads the few a claim needs (subject, sender, dates, body, HTML body,
attachments, an attached message) and writes them as MIME, so the mail
parser's checks and the intake apply unchanged; the original file is what
the case keeps. Outlook's own headers (``PR_TRANSPORT_MESSAGE_HEADERS``), when
the file has them, give the ``Date:`` and ``Received:`` lines the customer's
server wrote.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
import struct
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser

from casemanager.exchange.mail.parse import MailLimits, MailRefused, clean_header

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
PROPERTIES = "__properties_version1.0"
ATTACH_PREFIX = "__attach_version1.0_#"
# Property types.
PT_LONG, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = (
    0x0003, 0x0040, 0x001E, 0x001F, 0x0102, 0x000D,
)  # fmt: skip
# Property ids.
SUBJECT, CLIENT_SUBMIT_TIME, TRANSPORT_HEADERS = 0x0037, 0x0039, 0x007D
SENT_REPR_NAME, SENT_REPR_EMAIL = 0x0042, 0x0065
SENDER_NAME, SENDER_EMAIL, SENDER_SMTP, SENT_REPR_SMTP = 0x0C1A, 0x0C1F, 0x5D01, 0x5D02
DISPLAY_TO, DELIVERY_TIME = 0x0E04, 0x0E06
BODY, HTML = 0x1000, 0x1013
MESSAGE_ID, CODEPAGE = 0x1035, 0x3FFD
ATTACH_DATA, ATTACH_FILENAME, ATTACH_LONG_FILENAME = 0x3701, 0x3704, 0x3707
ATTACH_MIME, ATTACH_CONTENT_ID = 0x370E, 0x3712
# Header sizes of a properties stream: the message itself, an attached message, the rest.
TOP_HEADER, EMBEDDED_HEADER, OTHER_HEADER = 32, 24, 8
# Headers taken from Outlook's copy of the transport headers (the rest comes from properties).
KEPT_HEADERS = ("date", "received", "from", "reply-to", "message-id", "to", "in-reply-to")
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
_UNFOLD = re.compile(r"\r?\n[ \t]+")


def is_msg(raw: bytes) -> bool:
    """True for an OLE compound file (what Outlook saves as ``.msg``)."""
    return raw[:8] == MAGIC


def msg_to_mime(raw: bytes, limits: MailLimits | None = None) -> bytes:
    """The ``.msg`` in ``raw`` as MIME bytes; MailRefused when it is not a readable message."""
    import olefile  # BSD-licensed; loaded only when an Outlook file arrives

    limits = limits or MailLimits()
    if len(raw) > limits.max_bytes:
        mb = 1024 * 1024
        raise MailRefused(
            f"the mail is {len(raw) / mb:.1f} MB, more than the {limits.max_bytes // mb} MB allowed"
        )
    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
    except Exception:
        raise MailRefused("it is not a readable Outlook message (.msg)") from None
    try:
        reader = _Reader(ole, limits)
        if not ole.exists(PROPERTIES):
            raise MailRefused("it is an OLE file but not an Outlook message (no properties)")
        message = reader.message([], TOP_HEADER, depth=0)
        return message.as_bytes(policy=policy.default)
    except MailRefused:
        raise
    except RecursionError:
        raise MailRefused("its attached messages are nested too deep") from None
    except Exception as exc:  # a damaged compound file: one line, nothing stored
        raise MailRefused(f"the Outlook message is damaged ({type(exc).__name__})") from None
    finally:
        ole.close()


class _Reader:
    def __init__(self, ole, limits: MailLimits) -> None:  # noqa: ANN001 (olefile.OleFileIO)
        self.ole = ole
        self.limits = limits
        self.parts = 0
        entries = ole.listdir(streams=True, storages=True)
        self.paths = {tuple(p) for p in entries}
        self.upper = {tuple(x.upper() for x in p): tuple(p) for p in entries}

    # -- properties ------------------------------------------------------------------

    def _stream(self, path: list[str], name: str) -> bytes | None:
        found = self.upper.get(tuple(x.upper() for x in (*path, name)))
        if found is None or self.ole.get_type(list(found)) != 2:  # 2: a stream
            return None
        size = self.ole.get_size(list(found))
        if size > self.limits.max_bytes:
            raise MailRefused("a part of the Outlook message is over the size limit")
        return self.ole.openstream(list(found)).read()

    def _fixed(self, path: list[str], header: int) -> dict[tuple[int, int], bytes]:
        data = self._stream(path, PROPERTIES) or b""
        found = {}
        for offset in range(header, len(data) - 15, 16):
            tag, _flags = struct.unpack_from("<II", data, offset)
            found[(tag >> 16, tag & 0xFFFF)] = data[offset + 8 : offset + 16]
        return found

    def _text(self, path: list[str], prop: int, codepage: str) -> str:
        data = self._stream(path, f"__substg1.0_{prop:04X}{PT_UNICODE:04X}")
        if data is not None:
            return data.decode("utf-16-le", "replace").split("\x00", 1)[0]
        data = self._stream(path, f"__substg1.0_{prop:04X}{PT_STRING8:04X}")
        if data is not None:
            return data.decode(codepage, "replace").split("\x00", 1)[0]
        return ""

    def _binary(self, path: list[str], prop: int) -> bytes | None:
        return self._stream(path, f"__substg1.0_{prop:04X}{PT_BINARY:04X}")

    # -- the message --------------------------------------------------------------------

    def message(self, path: list[str], header: int, depth: int) -> EmailMessage:
        if depth > self.limits.max_depth:
            raise MailRefused(f"its attached messages are nested more than {depth - 1} deep")
        fixed = self._fixed(path, header)
        codepage = _codepage(fixed.get((CODEPAGE, PT_LONG)))

        def text(prop: int) -> str:
            return self._text(path, prop, codepage)

        msg = EmailMessage(policy=policy.default)
        transport = _transport(text(TRANSPORT_HEADERS))
        for name, value in transport:
            _set(msg, name, value)
        if "from" not in msg:
            address = next(
                (a for a in (text(SENDER_SMTP), text(SENT_REPR_SMTP), text(SENDER_EMAIL),
                             text(SENT_REPR_EMAIL)) if "@" in a),
                "",
            )  # fmt: skip
            name = text(SENDER_NAME) or text(SENT_REPR_NAME)
            if address or name:
                _set(msg, "From", email.utils.formataddr((clean_header(name), address)))
        if "date" not in msg:
            when = _filetime(fixed.get((CLIENT_SUBMIT_TIME, PT_SYSTIME))) or _filetime(
                fixed.get((DELIVERY_TIME, PT_SYSTIME))
            )
            if when is not None:
                _set(msg, "Date", email.utils.format_datetime(when))
        if "to" not in msg and text(DISPLAY_TO):
            _set(msg, "To", text(DISPLAY_TO))
        if "message-id" not in msg and text(MESSAGE_ID):
            _set(msg, "Message-ID", text(MESSAGE_ID))
        _set(msg, "Subject", text(SUBJECT))
        html = self._binary(path, HTML)
        html_text = html.decode(_html_charset(html), "replace") if html else text(HTML)
        body = text(BODY)
        if body or not html_text:
            msg.set_content(body or "\n")
            if html_text:
                msg.add_alternative(html_text, subtype="html")
        else:  # Outlook kept the HTML only: the parser turns it into text
            msg.set_content(html_text, subtype="html")
        for storage in self._attachments(path):
            self._attach(msg, [*path, storage], codepage, depth)
        return msg

    def _attachments(self, path: list[str]) -> list[str]:
        names = sorted(
            p[len(path)]
            for p in self.paths
            if len(p) == len(path) + 1
            and tuple(p[: len(path)]) == tuple(path)
            and p[len(path)].lower().startswith(ATTACH_PREFIX.lower())
        )
        if len(names) > self.limits.max_parts:
            raise MailRefused(f"it has more than {self.limits.max_parts} attachments")
        return names

    def _attach(self, msg: EmailMessage, path: list[str], codepage: str, depth: int) -> None:
        self.parts += 1
        if self.parts > self.limits.max_parts:
            raise MailRefused(f"it has more than {self.limits.max_parts} MIME parts")
        embedded = [*path, f"__substg1.0_{ATTACH_DATA:04X}{PT_OBJECT:04X}"]
        found = self.upper.get(tuple(x.upper() for x in embedded))
        if found is not None and self.ole.get_type(list(found)) == 1:  # 1: a storage
            inner = self.message(list(found), EMBEDDED_HEADER, depth + 1)
            msg.add_attachment(inner)  # message/rfc822: a forwarded mail
            return
        data = self._binary(path, ATTACH_DATA)
        if not data:
            return
        if len(data) > self.limits.max_attachment_bytes:
            mb = 1024 * 1024
            raise MailRefused(
                f"an attachment is {len(data) / mb:.1f} MB, more than the "
                f"{self.limits.max_attachment_bytes // mb} MB allowed per file"
            )
        name = self._text(path, ATTACH_LONG_FILENAME, codepage) or self._text(
            path, ATTACH_FILENAME, codepage
        )
        mime = self._text(path, ATTACH_MIME, codepage).strip().lower()
        maintype, _, subtype = mime.partition("/")
        if not re.fullmatch(r"[a-z0-9.+-]+", maintype or "") or not subtype:
            maintype, subtype = "application", "octet-stream"
        content_id = clean_header(self._text(path, ATTACH_CONTENT_ID, codepage))
        msg.add_attachment(
            data,
            maintype=maintype,
            subtype=subtype,
            filename=clean_header(name) or None,
            disposition="inline" if content_id else "attachment",
            cid=f"<{content_id.strip('<>')}>" if content_id else None,
        )


def _transport(text: str) -> list[tuple[str, str]]:
    if not text.strip():
        return []
    headers = HeaderParser().parsestr(text, headersonly=True)
    kept = []
    for name, value in headers.items():
        if name.lower() in KEPT_HEADERS:
            kept.append((name, _UNFOLD.sub(" ", str(value)).strip()))
    return kept


def _set(msg: EmailMessage, name: str, value: str) -> None:
    """Add a header; a value the header registry refuses is left out, never half-set."""
    value = clean_header(value)
    if not value:
        return
    try:
        msg[name] = value
        str(msg[name])  # parsed now, so a broken one fails here rather than on output
    except Exception:
        del msg[name]


def _filetime(value: bytes | None) -> dt.datetime | None:
    if not value:
        return None
    (ticks,) = struct.unpack("<Q", value)
    try:
        when = _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
    except OverflowError:
        return None
    return when if 1970 <= when.year <= 2199 else None


def _codepage(value: bytes | None) -> str:
    if not value:
        return "cp1252"
    (number,) = struct.unpack("<I", value[:4])
    name = {65001: "utf-8", 20127: "ascii", 28591: "latin-1"}.get(number, f"cp{number}")
    try:
        "".encode(name)
    except LookupError:
        return "cp1252"
    return name


def _html_charset(html: bytes) -> str:
    found = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", html[:4096])
    name = found.group(1).decode() if found else "utf-8"
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name
