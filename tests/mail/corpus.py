"""Customer mails for tests, built here: plain, HTML, inline images, attachments, Chinese
subjects, forwards, mailboxes and hostile ones."""

from __future__ import annotations

import base64
import mailbox
from email import policy
from email.message import EmailMessage
from pathlib import Path

from tests.evidence.files import pdf, png

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xc0\x00\x11\x08\x00\x10\x00\x20\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xd2\xcf\x20\xff\xd9"
)
RECEIPT = pdf("Payment receipt")  # once: each rendering carries its own timestamp
DATE_IST = "Tue, 10 Mar 2026 14:35:00 +0530"
DATE_CST = "Tue, 10 Mar 2026 17:05:00 +0800"


def message(
    subject: str = "Order AM-1001: the key is invalid",
    body: str = "Hello, the licence key I bought says it is invalid. Order ID AM-1001.",
    sender: str = "Priya Sharma <priya@example.in>",
    date: str | None = DATE_IST,
    message_id: str | None = "<claim-1@example.in>",
) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = sender
    msg["To"] = "support@antimart.example"
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = date
    if message_id is not None:
        msg["Message-ID"] = message_id
    msg.set_content(body)
    return msg


def plain(**kw) -> bytes:
    return message(**kw).as_bytes()


def with_screenshot(**kw) -> bytes:
    msg = message(**kw)
    msg.add_attachment(png(40, 30), maintype="image", subtype="png", filename="error.png")
    return msg.as_bytes()


def with_attachments() -> bytes:
    """PNG, JPEG, PDF receipt and a text file."""
    msg = message()
    msg.add_attachment(png(20, 10), maintype="image", subtype="png", filename="error.png")
    msg.add_attachment(JPEG, maintype="image", subtype="jpeg", filename="photo.jpg")
    msg.add_attachment(RECEIPT, maintype="application", subtype="pdf",
                       filename="payment-receipt.pdf")  # fmt: skip
    msg.add_attachment("steps I tried\n", filename="notes.txt")
    return msg.as_bytes()


def html_only() -> bytes:
    msg = message()
    msg.set_content(
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
        "<body><p>My code <b>AM-2002</b> was never received.</p>"
        '<img src="http://tracker.example/pixel.gif" alt="logo"></body></html>',
        subtype="html",
    )
    return msg.as_bytes()


def alternative_with_inline_image() -> bytes:
    msg = message(body="See the screenshot: activation failed.")
    msg.add_alternative(
        '<p>See the screenshot: activation failed.</p><img src="cid:shot1">', subtype="html"
    )
    html = msg.get_payload()[1]
    html.add_related(png(16, 16), maintype="image", subtype="png", cid="<shot1>")
    return msg.as_bytes()


def chinese_gb2312() -> bytes:
    subject = base64.b64encode("订单 AM-3003 激活码无效".encode("gb2312")).decode()
    name = base64.b64encode("张伟".encode("gb2312")).decode()
    body = "您好，激活码无效。订单号 AM-3003。".encode("gb2312")
    return (
        (
            f"From: =?gb2312?b?{name}?= <zhang@example.cn>\r\n"
            f"To: support@antimart.example\r\nSubject: =?gb2312?b?{subject}?=\r\n"
            f"Date: {DATE_CST}\r\nMessage-ID: <gb-1@example.cn>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        ).encode()
        + body
        + b"\r\n"
    )


def chinese_utf8() -> bytes:
    return plain(
        subject="订单 AM-3004：未收到激活码",
        body="我付款了但是未收到激活码。",
        sender="李娜 <li.na@example.cn>",
        date=DATE_CST,
        message_id="<utf8-1@example.cn>",
    )


def forwarded(shop: str = "support@antimart.example") -> bytes:
    inner = message(message_id="<original@example.in>")
    inner.add_attachment(png(12, 12), maintype="image", subtype="png", filename="error.png")
    outer = message(
        subject="Fwd: Order AM-1001: the key is invalid",
        body="Forwarding the customer's mail.",
        sender=f"Shop <{shop}>",
        date="Wed, 11 Mar 2026 09:00:00 +0530",
        message_id="<fwd-1@antimart.example>",
    )
    outer.add_attachment(inner)
    return outer.as_bytes()


def numbered(i: int, order: str | None = None) -> bytes:
    return plain(
        subject=f"Order {order or f'AM-{5000 + i}'}: not received",
        body=f"I never received my code. Order {order or f'AM-{5000 + i}'}.",
        sender=f"Customer {i} <c{i}@example.in>",
        message_id=f"<m{i}@example.in>",
    )


def write_mbox(path: Path, mails: list[bytes] | range, make=numbered) -> Path:  # noqa: ANN001
    box = mailbox.mbox(str(path), create=True)
    box.lock()
    try:
        for item in mails:
            box.add(item if isinstance(item, bytes) else make(item))
    finally:
        box.flush()
        box.unlock()
        box.close()
    return path


def write_maildir(path: Path, mails: list[bytes]) -> Path:
    box = mailbox.Maildir(str(path), create=True)
    for item in mails:
        box.add(item)
    return path


def nested(depth: int) -> bytes:
    out = b"From: a@example.in\r\nSubject: deep\r\nDate: " + DATE_IST.encode() + b"\r\n"
    for i in range(depth):
        out += b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
    out += b"Content-Type: text/plain\r\n\r\nhello\r\n"
    for i in reversed(range(depth)):
        out += b"--b%d--\r\n" % i
    return out


def many_parts(count: int) -> bytes:
    msg = message()
    for i in range(count):
        msg.add_attachment(f"part {i}\n", filename=f"p{i}.txt")
    return msg.as_bytes()
