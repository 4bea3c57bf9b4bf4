"""Claims by e-mail: the draft a mail gives, the case with its evidence, mails joining cases."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from casemanager.exchange.mail import MailRefused
from casemanager.services.cases import drafts, mail_intake, records
from casemanager.services.evidence import intake
from casemanager.services.lifecycle import transitions
from casemanager.store.models import AuditEvent, Case, Evidence, MailImport
from tests.evidence.files import png
from tests.factories import new_case
from tests.mail import corpus


def _complete(draft: mail_intake.MailDraft) -> drafts.CaseDraft:
    """What the owner adds in the review when the order is not yet known."""
    return drafts.CaseDraft(
        **{
            **draft.case.__dict__,
            "product_name": "Quick Heal Total Security",
            "purchased_at": dt.datetime(2026, 3, 9, 10, 0),
            "amount": "1299",
        }
    )


def test_draft_takes_sender_date_in_the_policy_zone_order_and_reason(ctx):
    """The draft's received time is the mail's Date: in the policy's zone, not the import time."""
    draft = mail_intake.draft_from_mail(ctx, corpus.with_screenshot())
    case = draft.case
    assert (case.customer_name, case.customer_email) == ("Priya Sharma", "priya@example.in")
    assert case.zone == "Asia/Kolkata" and case.policy_id == "antimart"
    assert case.reported_at == dt.datetime(2026, 3, 10, 14, 35)
    assert case.order_ref == "AM-1001"
    assert case.reason == "invalid_code"
    assert "says it is invalid" in case.description
    (shot,) = draft.attachments
    assert (shot.name, shot.kind, shot.mime) == ("error.png", "error_screenshot", "image/png")
    assert set(case.evidence) == {"error_screenshot", "other"}


def test_plus_0800_mail_is_shown_in_the_policy_zone(ctx):
    """A mail written at 17:05 in China is received at 14:35 Indian time under Anti Mart."""
    draft = mail_intake.draft_from_mail(ctx, corpus.chinese_utf8())
    assert draft.case.reported_at == dt.datetime(2026, 3, 10, 14, 35)
    assert draft.case.customer_name == "李娜" and draft.case.reason == "non_delivery"


def test_known_order_fills_the_facts_and_the_assessment_runs(ctx):
    """A mail naming an order the shop knows gives a complete draft the policy can decide."""
    records.create_case(ctx, new_case(customer_email="other@example.in", order_ref="AM-1001"))
    draft = mail_intake.draft_from_mail(ctx, corpus.with_screenshot())
    assert draft.case.product_name == "Quick Heal Total Security 1 PC"
    assert draft.case.amount == "1299.00" and draft.case.purchased_at is not None
    assert not draft.existing_case  # another customer's case on that order is not this one
    view = drafts.assess_draft(draft.case)
    assert view.decision and not view.problem


def test_order_patterns_come_from_the_pack_or_the_shop(ctx):
    """A shop whose order ids look different finds them once it sets its own pattern."""
    raw = corpus.plain(subject="Problem with order #SHOP-77", body="It does not work.")
    assert mail_intake.draft_from_mail(ctx, raw).case.order_ref == ""
    mail_intake.set_order_id_patterns(ctx, [r"#(SHOP-\d+)"])
    assert mail_intake.draft_from_mail(ctx, raw).case.order_ref == "SHOP-77"
    with pytest.raises(Exception, match="regular expression"):
        mail_intake.set_order_id_patterns(ctx, ["(unclosed"])


def test_case_from_mail_holds_the_screenshot_and_the_mail(ctx):
    """Saving the draft makes a case whose evidence is the screenshot and the mail itself."""
    raw = corpus.with_screenshot()
    draft = mail_intake.draft_from_mail(ctx, raw)
    result = mail_intake.create_case_from_mail(ctx, draft, _complete(draft))
    assert result.created and result.evidence == 2
    case = Case.get(Case.number == result.number)
    assert case.reported_at == dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)
    items = {e.name: e for e in intake.list_evidence(ctx, result.number)}
    mail = items["Order AM-1001 the key is invalid.eml"]
    assert mail.kind == "other" and mail.description.startswith("customer communication")
    assert mail.sha256 == hashlib.sha256(raw).hexdigest() and mail.mime == "message/rfc822"
    assert intake.evidence_data(ctx, mail.id) == raw
    assert items["error.png"].kind == "error_screenshot"
    assert intake.evidence_data(ctx, items["error.png"].id) == png(40, 30)
    assert items["error.png"].received_at == case.reported_at
    assert MailImport.get().message_id == "claim-1@example.in"
    assert AuditEvent.select().where(AuditEvent.kind == "mail_imported").count() == 1


def test_the_same_mail_is_never_imported_twice(ctx):
    """Importing a mail again (or another copy with its Message-ID) is refused by name."""
    raw = corpus.with_screenshot()
    draft = mail_intake.draft_from_mail(ctx, raw)
    number = mail_intake.create_case_from_mail(ctx, draft, _complete(draft)).number
    again = mail_intake.draft_from_mail(ctx, raw)
    assert again.imported_in == number
    with pytest.raises(mail_intake.AlreadyImported, match=number):
        mail_intake.create_case_from_mail(ctx, again, _complete(again))
    copy = b"X-Saved-By: another program\r\n" + raw
    assert mail_intake.draft_from_mail(ctx, copy).imported_in == number


def test_a_refusal_stores_nothing(ctx):
    """When a file is refused at saving, neither the case nor any file is half-stored."""
    intake.set_limits(ctx, intake.EvidenceLimits(max_file_bytes=100_000, max_case_bytes=100_000))
    raw = corpus.with_screenshot()
    draft = mail_intake.draft_from_mail(ctx, raw)
    intake.set_limits(ctx, intake.EvidenceLimits(max_file_bytes=400, max_case_bytes=400))
    cases, files = Case.select().count(), Evidence.select().count()
    with pytest.raises(MailRefused, match="allowed"):
        mail_intake.create_case_from_mail(ctx, draft, _complete(draft))
    assert (Case.select().count(), Evidence.select().count()) == (cases, files)
    assert MailImport.select().count() == 0


def test_incomplete_draft_is_refused_with_every_missing_field(ctx):
    """A mail about an unknown order cannot become a case until purchase and amount are given."""
    draft = mail_intake.draft_from_mail(ctx, corpus.plain())
    assert any("not among the shop's orders" in n for n in draft.notes)
    with pytest.raises(drafts.DraftError) as caught:
        mail_intake.create_case_from_mail(ctx, draft)
    assert {"purchased_at", "amount", "product_name"} <= set(caught.value.problems)
    assert Case.select().count() == 0


def test_mail_over_the_evidence_limit_is_refused(ctx):
    """A mail larger than the evidence limit per file is refused before it is read."""
    intake.set_limits(ctx, intake.EvidenceLimits(max_file_bytes=1000, max_case_bytes=10_000))
    with pytest.raises(MailRefused, match="allowed"):
        mail_intake.draft_from_mail(ctx, corpus.with_attachments())


def test_executable_attachment_is_left_out_but_kept_inside_the_mail(ctx):
    """An .exe attachment is never stored as a file of its own; the mail still holds it."""
    msg = corpus.message()
    msg.add_attachment(b"MZ\x90\x00" + b"\x00" * 200, maintype="application",
                       subtype="octet-stream", filename="invoice.pdf.exe")  # fmt: skip
    draft = mail_intake.draft_from_mail(ctx, msg.as_bytes())
    (exe,) = draft.attachments
    assert exe.refused and not exe.kind
    result = mail_intake.create_case_from_mail(ctx, draft, _complete(draft))
    assert result.evidence == 1 and "invoice.pdf.exe" in result.refused[0]


def test_eight_bit_gb2312_mail_is_stored_as_an_email(ctx):
    """A mail sent as raw GB2312 bytes is still kept as the e-mail it is."""
    draft = mail_intake.draft_from_mail(ctx, corpus.chinese_gb2312())
    assert draft.case.customer_name == "张伟" and draft.case.order_ref == "AM-3003"
    result = mail_intake.create_case_from_mail(ctx, draft, _complete(draft))
    (mail,) = intake.list_evidence(ctx, result.number)
    assert mail.mime == "message/rfc822"


def test_mail_naming_a_case_joins_it_and_records_information_received(ctx):
    """A reply to a request for information lands in its case and starts the review again."""
    number = records.create_case(ctx, new_case()).number
    transitions.perform(ctx, number, "acknowledge")
    transitions.perform(ctx, number, "start_review")
    at = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
    transitions.request_info(ctx, number, "a screenshot of the error", at=at)
    raw = corpus.with_screenshot(subject=f"Re: {number} information requested")
    draft = mail_intake.draft_from_mail(ctx, raw)
    assert draft.existing_case == number and "subject" in draft.existing_why
    result = mail_intake.add_mail_to_case(ctx, number, draft)
    assert not result.created and result.info_received and result.evidence == 2
    case = Case.get(Case.number == number)
    assert case.status == "under_review"
    assert case.info_received_at == dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)


def test_same_order_and_customer_proposes_the_existing_case(ctx):
    """A second mail from the same customer about the same order belongs to that case."""
    number = records.create_case(ctx, new_case()).number
    draft = mail_intake.draft_from_mail(ctx, corpus.plain(message_id="<later@example.in>"))
    assert draft.existing_case == number
    result = mail_intake.import_mail(ctx, corpus.plain(message_id="<later@example.in>"))
    assert result.number == number and not result.created


def test_forwarded_mail_takes_the_customer_from_inside(ctx):
    """A customer's mail the shop forwarded to itself becomes the customer's claim."""
    from casemanager.services.admin import settings

    current = settings.load(ctx)
    shop = settings.ShopProfile(name="Anti Mart", email="support@antimart.example")
    settings.save(ctx, settings.DeskSettings(**{**current.__dict__, "shop": shop}))
    draft = mail_intake.draft_from_mail(ctx, corpus.forwarded())
    assert draft.case.customer_email == "priya@example.in"
    assert draft.case.reported_at == dt.datetime(2026, 3, 10, 14, 35)
    assert [a.name for a in draft.attachments] == ["error.png"]
