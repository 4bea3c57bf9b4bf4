"""Decision letters restate the claim in one sentence and say fully how to appeal."""

from __future__ import annotations

from casemanager.letters.claims import REASON_WORDS
from casemanager.policy.vocabulary import REASONS
from casemanager.services.letters import issuing
from tests.letters import helpers, pdf

CN = "(UTC+08:00 Asia/Shanghai)"


def test_every_reason_has_words_for_the_customer():
    """A claim reason without wording would print its code to the customer."""
    assert set(REASON_WORDS) == set(REASONS)
    assert all("{product}" in words for words in REASON_WORDS.values())


def test_rejection_restates_the_claim_and_gives_the_whole_appeal_block(ctx):
    """A mediator reading the letter sees what was claimed, and the customer how to appeal."""
    case = helpers.rejected(ctx)
    text = pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    assert (
        "Your claim: on 10 March 2026 you told us that the key or code of Genshin Impact 6480 "
        "Genesis Crystals was invalid, already used or expired when it was delivered, for your "
        "order AN-2026-0310 of 2 March 2026 (₹8,499.00)." in text
    )
    assert "you may appeal under clause 5 of our policy" in text
    assert f"Your appeal must reach us by 15 March 2026, 18:00 {CN}" in text
    assert (
        "Please send it by e-mail to help@testshop.example or by post to Test Shop, 1 Test "
        "Street, Bengaluru 560001, quoting case" in text
    )
    assert "attach any supplementary proof" in text
    assert "Our policy sets no fixed period for answering an appeal" in text


def test_approval_and_acknowledgement_restate_the_claim(ctx):
    """Each letter says which claim it answers, in the customer's terms."""
    case = helpers.approved(ctx)
    for kind in ("approval", "acknowledgement"):
        text = pdf.text(issuing.preview(ctx, case.number, kind).pdf)
        assert "Your claim: on 10 March 2026 you told us that the key or code of" in text
