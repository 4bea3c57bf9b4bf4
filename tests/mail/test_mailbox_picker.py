"""Mailboxes in the GUI: listed with progress and imported marks; mails dropped on cases."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from casemanager.services.cases import mail_intake, mailboxes, records
from casemanager.services.evidence import intake
from casemanager.store.models import Case, MailImport
from tests.factories import new_case
from tests.mail import corpus
from tests.mail.msg_file import MsgAttachment, outlook_msg
from tests.mail.test_review_dialog import _drop
from ui.case_view import CaseView
from ui.mail.mailbox_dialog import COL_CASE, COL_PICK
from ui.mail.review import MailReviewDialog
from ui.main_window import MainWindow
from ui.workers import wait_for_all


def test_listing_a_mailbox_marks_the_mails_already_in_a_case(ctx, tmp_path):
    """Each message shows sender, date and subject; one taken in before names its case."""
    case = records.create_case(ctx, new_case(customer_email="c1@example.in", order_ref="AM-5001"))
    mail_intake.add_mail_to_case(ctx, case.number, corpus.numbered(1))
    box = corpus.write_mbox(tmp_path / "inbox.mbox", range(4))
    entries = mailboxes.list_mailbox(ctx, box)
    assert [e.subject for e in entries] == [f"Order AM-{5000 + i}: not received" for i in range(4)]
    assert entries[1].imported_in == case.number and not entries[2].imported_in
    assert entries[0].sender == "Customer 0 <c0@example.in>" and entries[0].date.tzinfo
    maildir = corpus.write_maildir(tmp_path / "Maildir", [corpus.numbered(1), corpus.numbered(7)])
    listed = {e.message_id: e for e in mailboxes.list_mailbox(ctx, maildir)}
    assert listed["m1@example.in"].imported_in == case.number
    raw = mailboxes.message_bytes(maildir, listed["m7@example.in"].key)
    assert b"Message-ID: <m7@example.in>" in raw and b"I never received my code" in raw


def test_listing_reports_progress_and_can_be_cancelled(ctx, tmp_path):
    """A long mailbox reports how far it got, and Cancel stops it with nothing taken in."""
    box = corpus.write_mbox(tmp_path / "inbox.mbox", range(60))
    seen = []
    assert len(mailboxes.list_mailbox(ctx, box, progress=lambda d, t: seen.append((d, t)))) == 60
    assert seen[-1] == (60, 60) and len(seen) >= 2
    with pytest.raises(mailboxes.MailboxCancelled):
        mailboxes.list_mailbox(ctx, box, cancelled=lambda: True)
    with pytest.raises(mailboxes.MailboxError, match="not an mbox file or a Maildir"):
        mailboxes.list_mailbox(ctx, tmp_path)


def test_picker_lists_in_the_background_and_reviews_the_checked_mails(qtbot, ctx, tmp_path):
    """The dialog lists the mailbox, greys out the mail already in a case, reviews the checked."""
    case = records.create_case(ctx, new_case(customer_email="c1@example.in", order_ref="AM-5001"))
    mail_intake.add_mail_to_case(ctx, case.number, corpus.numbered(1))
    box = corpus.write_mbox(tmp_path / "inbox.mbox", [*range(3), corpus.with_screenshot()])
    window = MainWindow(ctx, welcome=False)
    qtbot.addWidget(window)
    window.import_mail([str(box)])  # an mbox chosen in File ▸ Import Mail… opens the picker
    dialog = window.mailbox_dialog
    qtbot.waitUntil(lambda: dialog.listed, timeout=5000)
    assert dialog.tree.topLevelItemCount() == 4
    items = [dialog.tree.topLevelItem(i) for i in range(4)]
    done = [i for i in items if i.text(COL_CASE)]
    assert [i.text(COL_CASE) for i in done] == [case.number] and done[0].isDisabled()
    assert dialog.summary.text() == "4 messages; 1 already in a case; 0 checked."
    assert not dialog.review_button.isEnabled()
    claim = next(i for i in items if "the key is invalid" in i.text(3))
    claim.setCheckState(COL_PICK, Qt.CheckState.Checked)
    assert dialog.review_button.isEnabled()
    (review,) = dialog.review()
    assert isinstance(review, MailReviewDialog)
    assert review.fields.email.text() == "priya@example.in"
    assert Case.select().count() == 1  # nothing stored before the review's Save
    review.close()
    wait_for_all()


def test_a_mail_dropped_on_an_open_case_joins_it(qtbot, ctx, tmp_path):
    """Dropping a mail (and an Outlook .msg) on the case view adds them with their attachments."""
    case = records.create_case(ctx, new_case(customer_email="priya@example.in"))
    view = CaseView(ctx, case.number)
    qtbot.addWidget(view)
    eml = tmp_path / "reply.eml"
    eml.write_bytes(corpus.with_screenshot(message_id="<reply-1@example.in>"))
    msg = tmp_path / "more.msg"
    msg.write_bytes(
        outlook_msg(
            subject=f"Re: {case.number}", sender_email="priya@example.in", body="Receipt attached.",
            sent_at=dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC),
            attachments=(MsgAttachment("receipt.txt", b"paid 1299 INR\n", "text/plain"),),
        )
    )  # fmt: skip
    with qtbot.waitSignal(view.mail_drop.mails_added, timeout=5000) as added:
        _drop(view.evidence, [eml, msg])  # over the evidence tab: still taken as mails
    assert added.args[0][0].startswith("reply.eml: added with 2 file(s)")
    assert added.args[0][1].startswith("more.msg: added with 2 file(s)")
    names = sorted(e.name for e in intake.list_evidence(ctx, case.number))
    assert "error.png" in names and "receipt.txt" in names
    assert any(n.endswith(".msg") for n in names) and any(n.endswith(".eml") for n in names)
    assert MailImport.select().count() == 2
    assert view.evidence.model.rowCount() == len(names)
    with qtbot.waitSignal(view.mail_drop.mails_added, timeout=5000) as again:
        _drop(view, [eml])
    assert "already in case" in again.args[0][0]
    wait_for_all()
