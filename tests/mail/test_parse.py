"""Reading customers' mails: senders, dates, text, attachments, and hostile mail refused."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from casemanager.exchange.mail import MailLimits, MailRefused, parse_mail
from tests.evidence.files import png
from tests.mail import corpus

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def test_plain_mail_gives_sender_subject_date_and_hash():
    """A plain mail names its customer, subject, Message-ID and the moment it was written."""
    raw = corpus.plain()
    mail = parse_mail(raw, now=NOW)
    assert (mail.from_name, mail.from_address) == ("Priya Sharma", "priya@example.in")
    assert mail.subject == "Order AM-1001: the key is invalid"
    assert mail.message_id == "claim-1@example.in"
    assert mail.received_at == dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)
    assert mail.received_at.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert (mail.date_source, mail.date_problem) == ("Date", "")
    assert "licence key I bought says it is invalid" in mail.body
    assert mail.sha256 == hashlib.sha256(raw).hexdigest() and mail.size == len(raw)


def test_plus_0800_date_keeps_its_instant():
    """A mail dated +08:00 is received at the same instant whatever zone shows it."""
    mail = parse_mail(corpus.chinese_utf8())
    assert mail.received_at == dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)


def test_reply_to_is_the_customers_address():
    """A mail sent through a shop platform with Reply-To gives the customer's own address."""
    msg = corpus.message(sender="Marketplace <noreply@market.example>")
    msg["Reply-To"] = "Priya Sharma <priya@example.in>"
    mail = parse_mail(msg.as_bytes())
    assert (mail.from_name, mail.from_address) == ("Priya Sharma", "priya@example.in")


def test_attachments_keep_names_and_exact_bytes():
    """PNG, JPEG, PDF and text attachments come out byte for byte with their names."""
    mail = parse_mail(corpus.with_attachments())
    names = {a.name: a for a in mail.attachments}
    assert set(names) == {"error.png", "photo.jpg", "payment-receipt.pdf", "notes.txt"}
    assert names["error.png"].data == png(20, 10)
    assert names["photo.jpg"].data == corpus.JPEG
    assert names["payment-receipt.pdf"].data == corpus.RECEIPT
    assert names["notes.txt"].data.decode().splitlines() == ["steps I tried"]


def test_html_only_mail_becomes_text_without_scripts_or_remote_images():
    """An HTML mail reads as text; its script and style vanish and its tracker is not followed."""
    mail = parse_mail(corpus.html_only())
    assert mail.html_only
    assert "My code AM-2002 was never received." in mail.body
    assert "[image: logo]" in mail.body
    for hidden in ("alert", "color:red", "tracker.example"):
        assert hidden not in mail.body


def test_alternative_prefers_plain_text_and_keeps_the_inline_screenshot():
    """A pasted screenshot (inline image) is kept as an attachment; the text is not doubled."""
    mail = parse_mail(corpus.alternative_with_inline_image())
    assert mail.body == "See the screenshot: activation failed."
    (shot,) = mail.attachments
    assert shot.inline and shot.data == png(16, 16)


@pytest.mark.parametrize(
    ("raw", "name", "subject", "text"),
    [
        (corpus.chinese_gb2312(), "张伟", "订单 AM-3003 激活码无效", "激活码无效"),
        (corpus.chinese_utf8(), "李娜", "订单 AM-3004：未收到激活码", "未收到激活码"),
    ],
)
def test_chinese_headers_and_bodies_decode(raw, name, subject, text):
    """GB2312 and UTF-8 encoded-word subjects and names read as the customer wrote them."""
    mail = parse_mail(raw)
    assert (mail.from_name, mail.subject) == (name, subject)
    assert text in mail.body


def test_big5_and_undecodable_text_show_replacement_characters():
    """Big5 text decodes; bytes wrong for their charset show as � instead of failing."""
    big5 = (
        b"From: a@example.tw\r\nSubject: x\r\nDate: " + corpus.DATE_CST.encode() + b"\r\n"
        b"Content-Type: text/plain; charset=big5\r\n\r\n" + "序號無效".encode("big5") + b"\r\n"
    )
    assert "序號無效" in parse_mail(big5).body
    broken = big5.replace(b"charset=big5", b"charset=utf-8")
    assert "\ufffd" in parse_mail(broken).body
    unknown = big5.replace(b"charset=big5", b"charset=x-no-such-charset")
    assert "\ufffd" in parse_mail(unknown).body


def test_forwarded_mail_keeps_the_original_sender_and_attachments():
    """A forwarded customer's mail is read with its own sender, date and screenshot."""
    mail = parse_mail(corpus.forwarded())
    (inner,) = mail.forwarded
    assert inner.from_address == "priya@example.in"
    assert inner.received_at == dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)
    assert [a.name for a in mail.attachments] == ["error.png"]
    assert "Forwarded message" in mail.body and "says it is invalid" in mail.body


def test_missing_date_falls_back_to_the_newest_received_header():
    """Without Date:, the top Received: stamp gives the time, and the draft says so."""
    raw = corpus.plain(date=None)
    hops = (
        b"Received: from mx.example by inbox.example; Tue, 10 Mar 2026 15:00:00 +0530\r\n"
        b"Received: from client by mx.example; Tue, 10 Mar 2026 14:59:00 +0530\r\n"
    )
    mail = parse_mail(hops + raw)
    assert mail.received_at == dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)
    assert mail.date_source == "Received" and "Received" in mail.date_problem


@pytest.mark.parametrize(
    "date", [None, "yesterday afternoon", "Tue, 10 Mar 2250 14:35:00 +0530",
             "Mon, 10 Mar 1969 14:35:00 +0000", "Tue, 10 Mar 2099 14:35:00 +0530"],
)  # fmt: skip
def test_missing_or_absurd_dates_are_flagged(date):
    """A mail without a believable date has no received time and says why."""
    mail = parse_mail(corpus.plain(date=date), now=NOW)
    assert mail.received_at is None
    assert mail.date_problem


def test_header_injection_is_stripped_from_names_and_subjects():
    """CR/LF smuggled into an encoded name or subject never reaches a header or a screen."""
    raw = (
        b"From: =?utf-8?q?Evil=0D=0ABcc=3A_victim=40example=2Ecom?= <evil@example.in>\r\n"
        b"Subject: =?utf-8?q?Refund=0D=0AX-Injected=3A_yes?=\r\n"
        b"Date: " + corpus.DATE_IST.encode() + b"\r\n\r\nbody\r\n"
    )
    mail = parse_mail(raw)
    assert "\r" not in mail.from_name + mail.subject and "\n" not in mail.from_name + mail.subject
    assert mail.subject == "Refund X-Injected: yes"
    assert mail.from_address == "evil@example.in"


def test_oversized_mail_and_attachment_are_refused():
    """A mail or an attachment over the evidence limit is refused with its size."""
    raw = corpus.with_screenshot()
    with pytest.raises(MailRefused, match="allowed"):
        parse_mail(raw, MailLimits(max_bytes=len(raw) - 1))
    with pytest.raises(MailRefused, match="error.png"):
        parse_mail(raw, MailLimits(max_attachment_bytes=50))


def test_deep_nesting_and_too_many_parts_are_refused():
    """A MIME bomb (nested thousands deep, or thousands of parts) is refused, not crashed on."""
    with pytest.raises(MailRefused, match="nested"):
        parse_mail(corpus.nested(40))
    with pytest.raises(MailRefused, match="parts"):
        parse_mail(corpus.nested(5000))
    with pytest.raises(MailRefused, match="parts"):
        parse_mail(corpus.many_parts(20), MailLimits(max_parts=10))
    assert parse_mail(corpus.nested(5)).body == "hello"


def test_not_a_mail_is_refused():
    """A file that is no mail at all is refused instead of becoming an empty case."""
    for raw in (b"", b"\x89PNG not a mail", b"just some words\n"):
        with pytest.raises(MailRefused):
            parse_mail(raw)
