"""Each file of a batch gets the evidence kind its content suggests."""

from __future__ import annotations

from casemanager.content.filetypes import detect
from casemanager.content.text import sample_text
from casemanager.services.cases import records
from casemanager.services.evidence.kind_guess import guess_kind, guess_kinds
from tests.evidence import files
from tests.factories import new_case

ANTNUM_KINDS = [
    "order_reference",
    "payment_proof",
    "error_screenshot",
    "non_delivery_proof",
    "defect_proof",
    "fraud_proof",
    "other",
]


def _guess(name: str, data: bytes, reason: str = "invalid_code") -> tuple[str, str]:
    file = detect(data)
    return guess_kind(file, name, sample_text(data, file.mime), reason, ANTNUM_KINDS)


def test_a_pdf_test_report_is_read_for_its_words():
    """A PDF test report is offered as proof of the defect, not as a screenshot."""
    data = files.pdf("Technical test report: licence server returns error 0x8007")
    assert "test report" in sample_text(data, "application/pdf").lower()
    assert _guess("scan-0042.pdf", data)[0] == "defect_proof"


def test_images_text_and_mail_each_get_their_own_kind():
    """A screenshot, a receipt and a mail in one batch are three different kinds."""
    assert _guess("IMG_2231.png", files.png()) == ("error_screenshot", "")
    assert _guess("notes.txt", files.TEXT)[0] == "payment_proof"
    kind, description = _guess("mail.eml", files.EML)
    assert kind == "other" and description == "Customer communication"
    order = b"Order confirmation\nOrder id: AN-20260301-0042\nThank you for shopping\n"
    assert _guess("confirmation.txt", order)[0] == "order_reference"


def test_a_screenshot_for_a_missing_delivery_proves_the_non_delivery():
    """For a non-delivery claim a screenshot is offered as the proof of non-delivery."""
    assert _guess("inbox.png", files.png(), reason="non_delivery")[0] == "non_delivery_proof"
    assert _guess("bank receipt.png", files.png(), reason="non_delivery")[0] == "payment_proof"


def test_a_kind_the_pack_does_not_offer_falls_back_to_other():
    """A guess outside the pack's kinds never reaches the form."""
    file = detect(files.TEXT)
    assert guess_kind(file, "r.txt", "receipt", "invalid_code", ["other"]) == ("other", "")


def test_guesses_follow_the_cases_reason(ctx):
    """The case's own reason decides what a screenshot shows."""
    number = records.create_case(ctx, new_case(reason="invalid_code")).number
    batch = [("a.png", files.png()), ("b.txt", files.TEXT), ("c.eml", files.EML)]
    guesses = guess_kinds(ctx, number, batch)
    assert [g.kind for g in guesses] == ["error_screenshot", "payment_proof", "other"]
    assert [g.label for g in guesses] == ["PNG image", "plain text", "e-mail message"]
