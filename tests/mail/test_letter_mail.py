"""Letters by e-mail: the .eml draft carries the issued PDF byte for byte to the customer."""

from __future__ import annotations

import email
from email import policy

import pytest

from casemanager.services.admin import settings
from casemanager.services.cases import records
from casemanager.services.letters import issuing, letter_mail
from casemanager.services.letters.letter_data import LetterError
from casemanager.store.models import AuditEvent
from tests.cli_helpers import run_cli, without_steps
from tests.factories import new_case


def _shop(ctx) -> None:
    current = settings.load(ctx)
    shop = settings.ShopProfile(name="Anti Mart", email="support@antimart.example")
    settings.save(ctx, settings.DeskSettings(**{**current.__dict__, "shop": shop}))


def test_draft_parses_back_with_addresses_subject_and_the_exact_pdf(ctx):
    """The draft opens in a mail program addressed to the customer with the issued letter."""
    _shop(ctx)
    number = records.create_case(ctx, new_case()).number
    issued = issuing.issue(ctx, number, "acknowledgement")
    events = AuditEvent.select().count()
    raw = letter_mail.letter_draft(ctx, number, "acknowledgement")
    assert AuditEvent.select().count() == events  # writing a draft records nothing
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["To"].addresses[0].addr_spec == "priya@example.in"
    assert msg["To"].addresses[0].display_name == "Priya Sharma"
    assert msg["From"].addresses[0].addr_spec == "support@antimart.example"
    assert number in msg["Subject"] and f"{number}-L{issued.id}" in msg["Subject"]
    assert "Acknowledgement" in msg["Subject"]
    body = msg.get_body(("plain",)).get_content()
    assert number in body and "AM-1001" in body and "Anti Mart" in body
    (pdf,) = list(msg.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename().endswith(".pdf")
    assert pdf.get_content() == issuing.letter_pdf(ctx, issued.id)


def test_no_issued_letter_no_draft(ctx):
    """A draft needs the letter issued first: the message says so."""
    number = records.create_case(ctx, new_case()).number
    with pytest.raises(LetterError, match="issue it first"):
        letter_mail.letter_draft(ctx, number, "rejection")


def test_letter_command_writes_the_eml(capsys, ctx, db_path, tmp_path):
    """``letter CASE --kind K --issue --eml F`` issues the letter and writes its draft."""
    number = records.create_case(ctx, new_case()).number
    out = tmp_path / "ack.eml"
    code, stdout, err = run_cli(
        capsys, "letter", number, "--kind", "acknowledgement", "--issue", "--eml", str(out),
        "--db", str(db_path),
    )  # fmt: skip
    assert (code, without_steps(err)) == (0, ""), err
    assert "e-mail draft" in stdout
    msg = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    (issued,) = issuing.list_letters(ctx, number)
    assert next(msg.iter_attachments()).get_content() == issuing.letter_pdf(ctx, issued.id)


def test_preview_saves_the_issued_letter_as_a_draft(qtbot, ctx, tmp_path):
    """The letter preview's e-mail button appears once issued and writes the draft."""
    from ui.app import make_application
    from ui.letters.mail_draft import write_letter_draft
    from ui.letters.preview import LetterPreviewDialog
    from ui.workers import wait_for_all

    make_application()
    number = records.create_case(ctx, new_case()).number
    issued = issuing.issue(ctx, number, "acknowledgement")
    dialog = LetterPreviewDialog(ctx, number, issued_id=issued.id)
    qtbot.addWidget(dialog)
    assert dialog.eml_button.isEnabled()
    path = write_letter_draft(ctx, issued.id, tmp_path / "d.eml")
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert next(msg.iter_attachments()).get_content() == issuing.letter_pdf(ctx, issued.id)
    wait_for_all()
