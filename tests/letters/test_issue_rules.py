"""Issuing rules: complete profile and signer, event dates, references, repeats, honest notices."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from casemanager.services.admin import settings
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import appeals, transitions
from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
from casemanager.store.models import Evidence, Letter
from tests.factories import IST
from tests.letters import helpers, pdf


def _info(data: bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "l.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            ["pdfinfo", "-isodates", str(path)], capture_output=True, check=True, text=True
        ).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_issuing_is_refused_while_the_shop_profile_or_signer_is_missing(ctx):
    """No letter goes out with an empty letterhead, no contact or nobody to sign it."""
    case = helpers.rejected(ctx)
    current = settings.load(ctx)
    settings.save(ctx, replace(current, shop=replace(current.shop, name="", email="", address="")))
    with pytest.raises(issuing.LetterIncomplete) as err:
        issuing.issue(ctx, case.number, "rejection")
    assert err.value.missing == (
        "the shop's name",
        "a postal address or e-mail address of the shop",
    )
    assert Letter.select().count() == 0
    # A preview is still possible: it is a draft.
    assert "DRAFT" in pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    # Each save starts from the settings as stored (a stale one would be refused).
    settings.save(ctx, replace(settings.load(ctx), shop=current.shop))
    settings.save(ctx, replace(settings.load(ctx), user_name=""))
    with pytest.raises(issuing.LetterIncomplete, match="the person who signs"):
        issuing.issue(ctx, case.number, "acknowledgement")
    # A decision letter is signed by whoever decided, so it may go out.
    assert issuing.issue(ctx, case.number, "rejection").issued_by == "tester"


def test_a_decision_letter_is_signed_by_the_decider_and_dated_by_the_decision(ctx):
    """The signer is the person who decided (never the account rendering it); date = decision."""
    case = helpers.under_review(ctx)
    record_decision(
        ctx,
        case.number,
        DecisionInput(
            "rejected", ["3.1"], "Reported after the window.", "Meera Iyer",
            at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST),
        ),
    )  # fmt: skip
    ctx.clock.advance(dt.timedelta(days=3))
    issued = issuing.issue(ctx, case.number, "rejection")
    text = pdf.text(issuing.letter_pdf(ctx, issued.id))
    assert "Yours sincerely, Meera Iyer for Test Shop" in text
    assert issued.issued_by == "Meera Iyer"
    assert "Test Shop 1 Test Street, Bengaluru 560001 help@testshop.example 11 March 2026" in text
    info = _info(issuing.letter_pdf(ctx, issued.id))
    assert info["Author"] == "Test Shop" and info["Title"].startswith("Decision on your claim")
    assert issued.reference in info["Subject"]
    assert info["CreationDate"].startswith("2026-03-15T06:00:00")  # the issue time (UTC)
    assert f"Letter {issued.reference}" in text and "Issued 15 March 2026, 14:00" in text


def test_the_same_letter_for_the_same_event_asks_first(ctx):
    """Issuing one kind twice for one event is refused unless asked for again."""
    case = helpers.received(ctx)
    first = issuing.issue(ctx, case.number, "acknowledgement")
    with pytest.raises(issuing.LetterAlreadyIssued) as err:
        issuing.issue(ctx, case.number, "acknowledgement")
    assert err.value.reference == first.reference == f"{case.number}/L1"
    again = issuing.issue(ctx, case.number, "acknowledgement", again=True)
    assert again.reference == f"{case.number}/L2"


def test_extension_is_offered_only_where_the_pack_extends(ctx):
    """Anti Mart has no extension clause: no extension notice, even for third-party goods."""
    am = helpers.received(
        ctx, policy_id="antimart", policy_version="2026-02-17", order_ref="AM-1",
        third_party=True, currency="INR",
    )  # fmt: skip
    assert "extension" not in issuing.available_kinds(ctx, am.number)
    with pytest.raises(issuing.LetterError, match="no extension rule"):
        issuing.preview(ctx, am.number, "extension")
    an = helpers.received(ctx, order_ref="AN-2", third_party=True)
    assert "extension" in issuing.available_kinds(ctx, an.number)


def test_information_request_gives_a_reply_by_date_in_working_days(ctx):
    """The request names what is needed and the date to reply by (5 working days)."""
    case = helpers.under_review(ctx)
    transitions.request_info(ctx, case.number, "The screenshot of the error")
    assert "information_request" in issuing.available_kinds(ctx, case.number)
    text = pdf.text(issuing.preview(ctx, case.number, "information_request").pdf)
    # Requested 12 March (Shanghai); ANTNUM works every day: 5 working days = 17 March.
    assert "Please send it by 17 March 2026, 18:00 (UTC+08:00 Asia/Shanghai)" in text
    assert "as soon as you can" not in text


def test_appeal_acknowledgement_promises_independence_only_when_true(ctx):
    """A reviewer who also decided is named as such; another reviewer is promised independent."""
    case = helpers.appealed(ctx)
    appeals.start_review(ctx, case.number, "tester")
    text = pdf.text(issuing.preview(ctx, case.number, "appeal_acknowledgement").pdf)
    assert "not involved" not in text and "who also took the original decision" in text
    assert appeals.review_warning(ctx, case.number)


def test_appeal_acknowledgement_names_an_independent_reviewer(ctx):
    """With another reviewer the letter promises someone not involved in the decision."""
    case = helpers.appealed(ctx)
    appeals.start_review(ctx, case.number, "Manager Li")
    text = pdf.text(issuing.preview(ctx, case.number, "appeal_acknowledgement").pdf)
    assert "reviewed by Manager Li, who was not involved in the original decision" in text
    assert appeals.review_warning(ctx, case.number) is None


def test_override_rejection_letter_states_the_finding_and_evidence_dates(ctx):
    """An override rejection gives the finding and each piece of evidence with its receipt."""
    case = helpers.under_review(ctx, discovered_at=dt.datetime(2026, 3, 9, 18, 0, tzinfo=IST))
    ids = helpers.with_proof(ctx, case.number)
    found = "The activation server shows the code redeemed on 2 March, before the claim."
    given = DecisionInput("rejected", ["3.3.2"], "We checked with the vendor.", "Asha")
    given.finding = found
    given.finding_evidence = ids
    record_decision(ctx, case.number, given)
    text = pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    assert f"What our own check found: {found}" in text
    assert "Clause 2.2.1" not in text and "Clause 3.3.2 — Verification" in text
    assert Evidence.get_by_id(ids[0]).original_name == "receipt.txt"
    assert "Evidence considered: Payment proof" in text
    assert "(receipt.txt), received 10 March 2026, 13:00 (UTC+08:00 Asia/Shanghai)" in text


def test_pro_rata_approval_shows_its_working(ctx):
    """A subscription refunded pro rata shows period, days used and left, formula and result."""
    case = helpers.under_review(
        ctx, reason="service_failure", product_kind="subscription", product_name="Premium",
        amount_paid=Decimal("30.00"), currency="CNY", order_ref="AN-SUB-1",
        purchased_at=dt.datetime(2026, 3, 1, 10, 0, tzinfo=IST),
        delivered_at=dt.datetime(2026, 3, 1, 10, 1, tzinfo=IST),
        discovered_at=dt.datetime(2026, 3, 9, 9, 0, tzinfo=IST),
        subscription_start=dt.date(2026, 3, 1), subscription_end=dt.date(2026, 3, 31),
    )  # fmt: skip
    record_decision(
        ctx, case.number,
        DecisionInput("approved", ["2.2.2"], "", "Asha", remedy="refund", finding="Logs show it."),
    )  # fmt: skip
    text = pdf.text(issuing.preview(ctx, case.number, "approval").pdf)
    assert "Subscription period: 1 March 2026 to 31 March 2026 (30 days)" in text
    assert "Counted from 9 March 2026, when the problem began: 8 days used, 22 days left" in text
    assert "CN¥30.00 × 22 ÷ 30 = CN¥22.00" in text and "We will refund CN¥22.00" in text
