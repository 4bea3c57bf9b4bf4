"""Letters of real cases: assembly from the records, issuing, immutability, templates."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest

from casemanager.letters.templates import TemplateError
from casemanager.services.admin import settings
from casemanager.services.letters import issuing, letter_reports
from casemanager.services.lifecycle import appeals
from casemanager.services.lifecycle.decisions import DecisionInput
from casemanager.store.models import AuditEvent, Blob, Case, Deadline, Letter, LetterTemplate
from tests.letters import helpers, pdf

CN = "(UTC+08:00 Asia/Shanghai)"


def _events() -> int:
    return AuditEvent.select().count()


def test_rejection_quotes_the_clauses_facts_and_appeal_deadline(ctx):
    """A rejection names each clause with its text, the facts and the exact appeal deadline."""
    case = helpers.rejected(ctx)
    text = pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    assert "Clause 3.1 — Application Conditions and Time Limit" in text
    assert "within 7 calendar days from the date of transaction" in text
    # Times print in the policy calendar's zone with its offset and name, never "CST".
    assert f"Claim received (reported) 10 March 2026, 12:30 {CN}" in text
    assert f"the report window closed 9 March 2026, 23:59:59 {CN}" in text
    assert f"Your appeal must reach us by 15 March 2026, 18:00 {CN}" in text
    assert "CST" not in text
    assert "The key was reported after the report window." in text
    assert "Dear 张伟," in text and "₹8,499.00" in text


def test_issuing_a_rejection_stores_exact_bytes_and_starts_the_appeal_clock(ctx):
    """Issuing keeps the PDF unchanged with its hash and records that the customer was notified."""
    case = helpers.rejected(ctx)
    preview = issuing.preview(ctx, case.number, "rejection").pdf
    before = _events()
    issued = issuing.issue(ctx, case.number, "rejection")
    assert _events() == before + 1
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert event.kind == "customer_notified" and event.data["sha256"] == issued.sha256
    stored = issuing.letter_pdf(ctx, issued.id)
    assert hashlib.sha256(stored).hexdigest() == issued.sha256
    # The preview is a draft, never the issued bytes; the issued letter carries its identity.
    assert stored != preview and "DRAFT" in pdf.text(preview) and "DRAFT" not in pdf.text(stored)
    assert issued.reference == f"{case.number}/L1"
    assert f"Letter {case.number}/L1" in pdf.text(stored)
    case = Case.get_by_id(case.id)
    assert case.status == "customer_notified" and case.notified_at == ctx.clock.now()
    appeal_by = Deadline.get((Deadline.case == case) & (Deadline.name == "appeal_by"))
    assert appeal_by.due_at == dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)
    assert issued.notified and issued.template_version.startswith("builtin-")


def test_issued_letter_is_unchanged_after_templates_settings_and_pack_change(ctx):
    """An issued letter reads exactly as sent, whatever is edited afterwards."""
    case = helpers.rejected(ctx)
    issued = issuing.issue(ctx, case.number, "rejection")
    text = issuing.template_text(ctx, "rejection").replace(
        "we cannot approve it", "we must decline it"
    )
    issuing.save_template(ctx, "rejection", text)
    profile = settings.load(ctx)
    settings.save(ctx, replace(profile, shop=replace(profile.shop, name="Renamed Shop")))
    Case.update(policy_snapshot=None, policy_id="antimart").where(Case.id == case.id).execute()
    assert hashlib.sha256(issuing.letter_pdf(ctx, issued.id)).hexdigest() == issued.sha256
    assert "we cannot approve it" in pdf.text(issuing.letter_pdf(ctx, issued.id))


def test_a_correction_is_a_new_letter_and_does_not_restart_the_clock(ctx):
    """Re-issuing keeps the first letter and does not move the customer's appeal deadline."""
    case = helpers.rejected(ctx)
    first = issuing.issue(ctx, case.number, "rejection")
    notified = Case.get_by_id(case.id).notified_at
    ctx.clock.advance(dt.timedelta(hours=2))
    with pytest.raises(issuing.LetterAlreadyIssued, match=f"{case.number}/L1"):
        issuing.issue(ctx, case.number, "rejection")
    second = issuing.issue(ctx, case.number, "rejection", again=True)
    assert first.id != second.id and not second.notified
    assert second.reference == f"{case.number}/L2"
    assert Case.get_by_id(case.id).notified_at == notified
    assert Letter.select().where(Letter.case == case.id).count() == 2
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert event.kind == "letter_issued" and event.data["again_after"] == first.reference
    # Each issued letter has its own reference and issue time, hence its own bytes.
    assert first.sha256 != second.sha256


def test_tampered_letter_bytes_are_refused(ctx):
    """A letter whose stored bytes no longer match their hash is never shown as the original."""
    case = helpers.rejected(ctx)
    issued = issuing.issue(ctx, case.number, "rejection")
    Blob.update(data=b"%PDF-forged").where(Blob.sha256 == issued.sha256).execute()
    with pytest.raises(issuing.LetterError, match="do not match their hash"):
        issuing.letter_pdf(ctx, issued.id)


def test_approval_states_amount_method_and_refund_date(ctx):
    """An approval tells the refund amount, the payment method and the refund-by date."""
    case = helpers.approved(ctx)
    text = pdf.text(issuing.preview(ctx, case.number, "approval").pdf)
    assert "We will refund ₹8,499.00 to your original payment method (UPI)" in text
    assert f"processed by 18 March 2026, 18:00 {CN}" in text
    assert "Clause 2.2.1" in text


def test_acknowledgement_and_other_notices_state_their_dates(ctx):
    """Acknowledgement, information request and extension notice each state their key facts."""
    case = helpers.received(ctx)
    text = pdf.text(issuing.preview(ctx, case.number, "acknowledgement").pdf)
    assert f"received your claim on 10 March 2026, 12:30 {CN}" in text
    assert f"decision in writing by 15 March 2026, 18:00 {CN}" in text
    third = helpers.under_review(ctx, order_ref="AN-9", third_party=True, vendor="miHoYo")
    from casemanager.services.lifecycle import transitions

    transitions.request_info(ctx, third.number, "A screenshot of the error & your account id")
    text = pdf.text(issuing.preview(ctx, third.number, "information_request").pdf)
    assert "A screenshot of the error & your account id" in text
    text = pdf.text(issuing.preview(ctx, third.number, "extension").pdf)
    # ANTNUM's calendar works Monday to Sunday: 10 working days after 10 March.
    assert f"Instead of 15 March 2026, 18:00 {CN}" in text
    assert f"by 20 March 2026, 18:00 {CN}" in text


def test_appeal_letters(ctx):
    """Appeal acknowledgement repeats the grounds; the appeal decision gives outcome and reasons."""
    case = helpers.appealed(ctx)
    text = pdf.text(issuing.preview(ctx, case.number, "appeal_acknowledgement").pdf)
    assert "I reported within 7 days of discovery." in text
    appeals.start_review(ctx, case.number, reviewer="Meera")
    appeals.decide_appeal(
        ctx,
        case.number,
        DecisionInput(
            outcome="rejected", clauses=["3.1"], explanation="Discovery was on purchase day.",
            decided_by="Meera",
        ),
    )  # fmt: skip
    issued = issuing.issue(ctx, case.number, "appeal_decision")
    text = pdf.text(issuing.letter_pdf(ctx, issued.id))
    assert "your appeal is rejected" in text and "Clause 3.1" in text
    assert "mediation, arbitration or the courts" in text
    assert issued.notified


def test_letter_the_records_do_not_support_names_the_kind(ctx):
    """Asking for a rejection of an undecided case says why, instead of printing nonsense."""
    case = helpers.received(ctx)
    with pytest.raises(issuing.LetterError) as err:
        issuing.preview(ctx, case.number, "rejection")
    assert err.value.field == "kind"
    with pytest.raises(issuing.LetterError, match="case"):
        issuing.preview(ctx, "RC-1999-00001", "rejection")
    assert issuing.available_kinds(ctx, case.number) == ["acknowledgement"]


def test_template_edits_are_versioned_and_used(ctx):
    """The shop's wording is used for new letters; each edit is a new version; typos are refused."""
    case = helpers.received(ctx)
    text = issuing.template_text(ctx, "acknowledgement") + "\nWith warm regards from {shop_name}.\n"
    assert issuing.save_template(ctx, "acknowledgement", text).version == "shop-1"
    assert issuing.save_template(ctx, "acknowledgement", text).version == "shop-2"
    with pytest.raises(TemplateError):
        issuing.save_template(ctx, "acknowledgement", "Subject: x\n\n{nope}")
    assert LetterTemplate.select().count() == 2
    issued = issuing.issue(ctx, case.number, "acknowledgement")
    assert issued.template_version == "shop-2" and not issued.notified
    assert "With warm regards from" in pdf.text(issuing.letter_pdf(ctx, issued.id))


def test_case_summary_and_deadline_sheet(ctx):
    """The summary lists deadlines, letters with hashes and history; the sheet lists what is due."""
    case = helpers.rejected(ctx)
    issued = issuing.issue(ctx, case.number, "rejection")
    text = pdf.text(letter_reports.render_case_summary(ctx, case.number).pdf)
    assert f"Case summary {case.number}" in text and issued.sha256[:20] in text.replace(" ", "")
    assert "Customer notified" in text and "Customer's appeal due" in text
    waiting = helpers.received(ctx, order_ref="AN-11")
    text = pdf.text(letter_reports.render_deadline_sheet(ctx, dt.date(2026, 3, 15)).pdf)
    assert waiting.number in text and "Confirm receipt of the application" in text
    # The customer's appeal deadline is no task for the shop.
    assert case.number not in text


def test_rejection_letter_notifies_on_sample_data_cases(ctx):
    """A sample case decided without lifecycle events still moves to customer notified."""
    from casemanager.services.demo import generate
    from casemanager.store.models import Case as CaseRow

    generate.generate(ctx, 120, seed=4)
    case = (
        CaseRow.select()
        .where((CaseRow.status == "rejected") & CaseRow.notified_at.is_null())
        .first()
    )
    assert case is not None
    issued = issuing.issue(ctx, case.number, "rejection")
    assert issued.notified
    assert CaseRow.get_by_id(case.id).status == "customer_notified"
