"""Outlook .msg files: read with a permissive OLE reader, taken in like any other mail."""

from __future__ import annotations

import datetime as dt
import email
import hashlib
from email import policy

import olefile
import pytest

from casemanager.content.filetypes import detect
from casemanager.exchange.mail import MailLimits, MailRefused
from casemanager.exchange.mail.outlook import is_msg, msg_to_mime
from casemanager.services.cases import drafts, mail_intake
from casemanager.services.evidence import intake
from casemanager.store.models import Case
from tests.cli_helpers import run_cli
from tests.evidence.files import png
from tests.mail.msg_file import MsgAttachment, outlook_msg

SENT = dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)


def claim_msg(**changes) -> bytes:
    values = dict(
        subject="Order AM-1001 the key is invalid",
        sender_name="Priya Sharma",
        sender_email="priya@example.in",
        body="Hello,\nthe licence key I bought says it is invalid. Screenshot attached.\n",
        sent_at=SENT,
        message_id="<claim-msg-1@example.in>",
        attachments=(MsgAttachment("error.png", png(40, 30), "image/png"),),
    )
    return outlook_msg(**(values | changes))


def _complete(draft: mail_intake.MailDraft) -> drafts.CaseDraft:
    return drafts.CaseDraft(
        **{
            **draft.case.__dict__,
            "product_name": "Quick Heal Total Security",
            "purchased_at": dt.datetime(2026, 3, 9, 10, 0),
            "amount": "1299",
        }
    )


def test_the_test_writer_makes_files_an_independent_reader_opens():
    """The generated .msg is a valid compound file (olefile lists its MAPI streams)."""
    raw = claim_msg()
    assert is_msg(raw) and olefile.isOleFile(raw)
    ole = olefile.OleFileIO(raw)
    assert ole.exists("__substg1.0_0037001F") and ole.exists("__attach_version1.0_#00000000")
    assert ole.openstream("__substg1.0_0037001F").read().decode("utf-16-le").startswith("Order")
    assert detect(raw).label == "Outlook message"  # not taken for an Excel workbook


def test_msg_gives_the_same_draft_as_the_mail_it_stands_for(ctx):
    """Sender, Date (in the policy's zone), order id, reason and the screenshot come out of it."""
    draft = mail_intake.draft_from_mail(ctx, claim_msg())
    case = draft.case
    assert (case.customer_name, case.customer_email) == ("Priya Sharma", "priya@example.in")
    assert case.reported_at == dt.datetime(2026, 3, 10, 14, 35)  # 09:05 UTC in India
    assert case.order_ref == "AM-1001" and case.reason == "invalid_code"
    assert "says it is invalid" in case.description
    (shot,) = draft.attachments
    assert (shot.name, shot.kind, shot.data) == ("error.png", "error_screenshot", png(40, 30))
    assert draft.mail.message_id == "claim-msg-1@example.in"


def test_case_from_msg_keeps_the_original_file_and_is_not_imported_twice(ctx):
    """The case's evidence holds the .msg byte for byte; a second import is refused by name."""
    raw = claim_msg()
    draft = mail_intake.draft_from_mail(ctx, raw)
    result = mail_intake.create_case_from_mail(ctx, draft, _complete(draft))
    items = {e.name: e for e in intake.list_evidence(ctx, result.number)}
    mail = items["Order AM-1001 the key is invalid.msg"]
    assert mail.sha256 == hashlib.sha256(raw).hexdigest()
    assert intake.evidence_data(ctx, mail.id) == raw
    assert mail.mime == "application/vnd.ms-outlook"
    assert intake.evidence_data(ctx, items["error.png"].id) == png(40, 30)
    assert mail_intake.draft_from_mail(ctx, raw).imported_in == result.number


def test_outlooks_transport_headers_give_the_servers_date(ctx):
    """A .msg carrying the original headers takes their Date: (+05:30) over Outlook's times."""
    headers = (
        "Received: from mx.example.in by mail.antimart.example; Tue, 10 Mar 2026 15:00:00 +0530\r\n"
        "Date: Tue, 10 Mar 2026 14:50:00 +0530\r\n"
        "From: Priya S <priya@example.in>\r\n"
        "Message-ID: <from-headers@example.in>\r\n"
    )
    draft = mail_intake.draft_from_mail(ctx, claim_msg(transport_headers=headers))
    assert draft.case.reported_at == dt.datetime(2026, 3, 10, 14, 50)
    assert draft.mail.message_id == "from-headers@example.in"
    assert draft.case.customer_name == "Priya S"


def test_html_only_msg_becomes_text_without_scripts(ctx):
    """An Outlook mail saved as HTML only is read as text; scripts and remote images vanish."""
    html = (
        b"<html><head><meta charset='utf-8'><script>alert(1)</script></head><body>"
        b"<p>My key for order AM-1002 is <b>already used</b>.</p>"
        b"<img src='https://tracker.example/p.gif'></body></html>"
    )
    raw = claim_msg(body=None, html=html, attachments=())
    parsed = email.message_from_bytes(msg_to_mime(raw), policy=policy.default)
    assert parsed.get_content_type() == "text/html"
    draft = mail_intake.draft_from_mail(ctx, raw)
    assert "already used" in draft.case.description
    assert "alert" not in draft.case.description and "tracker" not in draft.case.description


def test_a_forwarded_msg_inside_a_msg_gives_the_customer(ctx):
    """The shop forwarding the customer's mail as an attachment: the customer is the inner one."""
    inner = dict(
        subject="Order AM-1001 key invalid",
        sender_name="Priya Sharma",
        sender_email="priya@example.in",
        body="The key says it is invalid.",
        sent_at=SENT,
    )
    raw = claim_msg(
        subject="FW: Order AM-1001 key invalid",
        sender_name="Support",
        sender_email="help@testshop.example",  # the shop's own address
        body="See the attached mail.",
        sent_at=SENT + dt.timedelta(hours=2),
        attachments=(MsgAttachment("", message=inner),),
    )
    draft = mail_intake.draft_from_mail(ctx, raw)
    assert draft.case.customer_email == "priya@example.in"
    assert draft.case.reported_at == dt.datetime(2026, 3, 10, 14, 35)
    assert any("forwarded by" in n for n in draft.notes)


def test_hostile_msg_files_are_refused_in_one_line(ctx):
    """A damaged file, an oversize attachment, injected headers: a clear refusal or clean text."""
    with pytest.raises(MailRefused, match="not a readable Outlook message"):
        mail_intake.draft_from_mail(ctx, bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    big = claim_msg(attachments=(MsgAttachment("big.png", png(8, 6) + b"\0" * 9000, "image/png"),))
    with pytest.raises(MailRefused, match="allowed per file"):
        msg_to_mime(big, MailLimits(max_attachment_bytes=5000))
    injected = claim_msg(
        subject="Order AM-1001\r\nBcc: victim@example.com", sender_name="Eve\r\nX-Evil: 1"
    )
    parsed = email.message_from_bytes(msg_to_mime(injected), policy=policy.default)
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    draft = mail_intake.draft_from_mail(ctx, injected)
    assert "\n" not in draft.mail.subject and "\n" not in draft.case.customer_name
    undated = claim_msg(sent_at=None)
    assert mail_intake.draft_from_mail(ctx, undated).received_at is None


def test_intake_command_takes_a_msg_file(capsys, ctx, db_path, tmp_path):
    """`intake FILE.msg` reports the case, and a second run skips the same file."""
    path = tmp_path / "claim.msg"
    path.write_bytes(claim_msg())
    code, out, err = run_cli(capsys, "intake", str(path), "--json", "--db", str(db_path))
    assert code == 1 and '"needs_review"' in out  # the order is not known yet
    mail_intake.create_case_from_mail(
        ctx, (d := mail_intake.draft_from_mail(ctx, path.read_bytes())), _complete(d)
    )
    code, out, _ = run_cli(capsys, "intake", str(path), "--db", str(db_path))
    assert code == 0 and "skipped (already in RC-" in out
    assert Case.select().count() == 1
