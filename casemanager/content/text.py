"""Plain-text renderings of text and e-mail evidence for the preview pane.

An e-mail shows its main headers and its text body; HTML-only mail shows the
HTML source as text (never rendered: it may load remote content).
"""

from __future__ import annotations

import base64
import contextlib
import re
import zlib
from email import policy
from email.parser import BytesParser

MAX_PREVIEW_CHARS = 200_000
SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")


def preview_text(data: bytes, mime: str) -> str:
    """What the preview shows for a text or e-mail file (truncated when very long)."""
    text = email_as_text(data) if mime == "message/rfc822" else _decode(data)
    if len(text) > MAX_PREVIEW_CHARS:
        text = text[:MAX_PREVIEW_CHARS] + "\n\n[… preview cut; open the file to see the rest]"
    return text


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def email_as_text(data: bytes) -> str:
    message = BytesParser(policy=policy.default).parsebytes(data)
    lines = [f"{name}: {message[name]}" for name in SHOWN_HEADERS if message[name] is not None]
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        content = body.get_content() if body is not None else ""
    except (LookupError, ValueError, AttributeError):
        content = ""
    if not content and not message.is_multipart():
        content = _decode(message.get_payload(decode=True) or b"")
    attachments = [part.get_filename() or "unnamed" for part in message.iter_attachments()]
    if attachments:
        lines.append(f"Attachments: {', '.join(attachments)}")
    return "\n".join(lines) + "\n\n" + content.strip() + "\n"


SAMPLE_BYTES = 2_000_000  # enough to find an order number or a total in a receipt
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_STRING = re.compile(rb"\(((?:[^()\\]|\\.)*)\)")


def sample_text(data: bytes, mime: str, limit: int = 20_000) -> str:
    """Words a file contains, for guessing what it proves: text, mail or a PDF's strings.

    A PDF's text is gathered from the literal strings of its (deflated) content
    streams; fonts with custom encodings yield little, which only weakens the guess.
    """
    data = data[:SAMPLE_BYTES]
    if mime == "message/rfc822":
        text = email_as_text(data)
    elif mime == "text/plain":
        text = _decode(data)
    elif mime == "application/pdf":
        text = _pdf_strings(data, limit)
    else:
        text = ""
    return text[:limit]


def _pdf_strings(data: bytes, limit: int) -> str:
    parts: list[str] = []
    size = 0
    for match in _PDF_STREAM.finditer(data):
        body = match.group(1).rstrip()
        if body.endswith(b"~>"):  # ASCII85 around the deflated bytes
            try:
                body = base64.a85decode(body[:-2])
            except ValueError:
                continue
        with contextlib.suppress(zlib.error):  # else an uncompressed stream
            body = zlib.decompressobj().decompress(body, SAMPLE_BYTES)
        for string in _PDF_STRING.findall(body):
            piece = string.decode("latin-1")
            parts.append(piece)
            size += len(piece)
        if size >= limit:
            break
    return " ".join(parts)
