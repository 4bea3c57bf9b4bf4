"""Plain-text renderings of text and e-mail evidence for the preview pane.

An e-mail shows its main headers and its text body; HTML-only mail shows the
HTML source as text (never rendered: it may load remote content).
"""

from __future__ import annotations

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
