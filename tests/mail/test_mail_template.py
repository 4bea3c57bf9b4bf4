"""The shop's own wording of letter mails: checked, saved, used in drafts, edited in a dialog."""

from __future__ import annotations

import email
from email import policy

import pytest

from casemanager.services.cases import records
from casemanager.services.letters import issuing, letter_mail
from casemanager.store.models import AuditEvent
from tests.factories import new_case
from ui.mail.template_dialog import MailTemplateDialog


def _body(raw: bytes) -> str:
    return email.message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()


def test_a_saved_wording_is_used_in_the_next_draft(ctx):
    """After the owner changes the wording, the draft's text is theirs with the case filled in."""
    number = records.create_case(ctx, new_case()).number
    issued = issuing.issue(ctx, number, "acknowledgement")
    assert "Please find attached our acknowledgement" in _body(
        letter_mail.letter_draft(ctx, number, "acknowledgement")
    )
    letter_mail.save_mail_template(
        ctx, "Namaste {customer},\nyour {letter} for {case} ({reference}), order {order}.\n{shop}"
    )
    body = _body(letter_mail.letter_draft(ctx, number, "acknowledgement"))
    assert body.startswith("Namaste Priya Sharma,")
    assert f"for {number} ({number}-L{issued.id}), order AM-1001." in body
    assert AuditEvent.select().where(AuditEvent.kind == "mail_template_saved").count() == 1
    letter_mail.save_mail_template(ctx, "   ")  # empty: back to the default
    assert letter_mail.mail_template(ctx) == letter_mail.DEFAULT_BODY


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Dear {name}", "unknown placeholder {name}"),
        ("Dear {customer.__class__}", "unknown placeholder"),
        ("Dear {customer!r}", "unknown placeholder"),
        ("Price in {braces", "stray brace"),
        ("x" * 6000, "too long"),
        ("bad \ud800 char", "lone surrogate"),
    ],
)
def test_a_bad_wording_is_refused_by_name(ctx, text, message):
    """A placeholder the app does not know, a stray brace or oversize text: refused, not stored."""
    with pytest.raises(letter_mail.TemplateError, match=message):
        letter_mail.save_mail_template(ctx, text)
    assert letter_mail.mail_template(ctx) == letter_mail.DEFAULT_BODY


def test_dialog_previews_refuses_and_saves(qtbot, ctx):
    """The dialog fills a sample into the preview, disables Save on a bad placeholder, saves."""
    dialog = MailTemplateDialog(ctx, "Anti Mart")
    qtbot.addWidget(dialog)
    assert "Dear Priya Sharma" in dialog.preview.toPlainText()
    assert "Anti Mart" in dialog.preview.toPlainText()
    dialog.editor.setPlainText("Hello {nobody}")
    assert not dialog.save_button.isEnabled() and "{nobody}" in dialog.message.text()
    dialog.editor.setPlainText("Hello {customer}, see {reference}.")
    assert dialog.preview.toPlainText() == "Hello Priya Sharma, see RC-2026-00042-L7."
    assert dialog.save()
    assert letter_mail.mail_template(ctx) == "Hello {customer}, see {reference}."
