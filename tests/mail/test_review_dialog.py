"""The mail review: a dropped mail opens beside its draft and the assessment; Save makes it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.store.models import Case
from tests.factories import new_case
from tests.mail import corpus
from ui.app import make_application
from ui.mail.review import MailReviewDialog
from ui.main_window import MainWindow
from ui.workers import wait_for_all


def _drop(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter = QDragEnterEvent(QPointF(20, 20), *args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, QDropEvent(QPointF(20, 20), *args))


def test_dropped_mail_becomes_a_case_with_screenshot_and_mail(qtbot, ctx, tmp_path):
    """Dropping a customer's mail on the list opens the review; Save gives the case."""
    make_application()
    records.create_case(ctx, new_case(customer_email="first@example.in"))  # the order is known
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    eml = tmp_path / "claim.eml"
    eml.write_bytes(corpus.with_screenshot())
    with qtbot.waitSignal(window.case_list.mail_files_dropped, timeout=2000):
        _drop(window.case_list, [eml])
    dialog = window.findChild(MailReviewDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.fields.email.text() == "priya@example.in"
    assert dialog.fields.order_ref.text() == "AM-1001"
    assert "says it is invalid" in dialog.text.toPlainText()
    assert "error.png" in dialog.attachments.item(0).text()
    assert "error screenshot" in dialog.attachments.item(0).text()
    dialog.refresh_assessment()
    assert dialog.panel.decision.text()
    with qtbot.waitSignal(dialog.case_saved, timeout=2000) as saved:
        dialog.save_button.click()
    number = saved.args[0]
    case = Case.get(Case.number == number)
    assert case.reported_at == dt.datetime(2026, 3, 10, 9, 5, tzinfo=dt.UTC)
    kinds = sorted(e.kind for e in intake.list_evidence(ctx, number))
    assert kinds == ["error_screenshot", "other"]
    wait_for_all()


def test_incomplete_draft_shows_what_is_missing_and_saves_nothing(qtbot, ctx):
    """A mail about an unknown order keeps the dialog open, naming the fields to complete."""
    from casemanager.services.cases import mail_intake

    make_application()
    draft = mail_intake.draft_from_mail(ctx, corpus.plain())
    dialog = MailReviewDialog(ctx, draft)
    qtbot.addWidget(dialog)
    dialog.fields.amount.setText("")
    assert dialog.save() is None
    assert "to complete" in dialog.message.text() and Case.select().count() == 0
    assert "not among the shop's orders" in dialog.notes.text()
