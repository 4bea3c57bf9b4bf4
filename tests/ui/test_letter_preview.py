"""The letter preview dialog: rendered off the GUI thread, issued, printed, saved."""

from __future__ import annotations

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from casemanager.store.models import Case, Letter
from tests.letters import helpers, pdf
from ui.letters import LetterPreviewDialog
from ui.workers import wait_for_all


def _page_count(path) -> int:
    doc = QPdfDocument()
    doc.load(str(path))
    return doc.pageCount()


def test_preview_issue_print_and_save(qtbot, ctx, tmp_path):
    """The user sees the rejection, issues it once, prints it to PDF and saves it."""
    case = helpers.rejected(ctx, explanation="Long explanation. " * 270)  # near the limit
    dialog = LetterPreviewDialog(ctx, case.number, kind="rejection")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_rendered, timeout=20000):
        pass
    assert dialog.kind == "rejection" and dialog.document.pageCount() >= 3
    assert dialog.issue_button.isEnabled() and Letter.select().count() == 0

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == dialog.document.pageCount()
    assert _page_count(tmp_path / "printed.pdf") == dialog.document.pageCount()

    dialog.confirm_issue = lambda: True
    with qtbot.waitSignal(dialog.letter_issued, timeout=20000) as issued:
        dialog.issue_letter()
    wait_for_all()
    letter = Letter.get_by_id(issued.args[0])
    assert bytes(letter.blob.data) == dialog.pdf
    assert Case.get_by_id(case.id).status == "customer_notified"
    assert not dialog.issue_button.isEnabled()
    dialog.save_to(tmp_path / "saved.pdf")
    assert "Clause 3.1" in pdf.text((tmp_path / "saved.pdf").read_bytes())


def test_letter_the_case_cannot_have_is_not_offered(qtbot, ctx):
    """A case without a decision offers only the acknowledgement, never a rejection."""
    case = helpers.received(ctx)
    dialog = LetterPreviewDialog(ctx, case.number, kind="rejection")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_rendered, timeout=20000):
        pass
    assert dialog.kind == "acknowledgement"
    assert [dialog.kind_box.itemData(i) for i in range(dialog.kind_box.count())] == [
        "acknowledgement"
    ]


def test_issued_letter_opens_from_its_stored_bytes(qtbot, ctx):
    """Opening an issued letter shows exactly what was sent and cannot issue it again."""
    from casemanager.services.letters import issuing

    case = helpers.rejected(ctx)
    issued = issuing.issue(ctx, case.number, "rejection")
    dialog = LetterPreviewDialog(ctx, case.number, issued_id=issued.id)
    qtbot.addWidget(dialog)
    assert dialog.pdf == issuing.letter_pdf(ctx, issued.id)
    assert not dialog.issue_button.isEnabled() and dialog.print_button.isEnabled()


def test_issue_refused_names_what_is_missing_and_offers_settings(qtbot, ctx):
    """Without a shop name the dialog says what is missing and shows a way to Settings."""
    from dataclasses import replace

    from casemanager.services.admin import settings

    current = settings.load(ctx)
    settings.save(ctx, replace(current, shop=replace(current.shop, name="")))
    case = helpers.rejected(ctx)
    dialog = LetterPreviewDialog(ctx, case.number, kind="rejection")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_rendered, timeout=20000):
        pass
    dialog.confirm_issue = lambda: True
    with qtbot.waitSignal(dialog.render_failed, timeout=20000) as failed:
        dialog.issue_letter()
    wait_for_all()
    assert "the shop's name" in failed.args[0] and Letter.select().count() == 0
    assert dialog.settings_button.isVisibleTo(dialog)


def test_issuing_again_asks_first_and_print_to_file_keeps_the_bytes(qtbot, ctx, tmp_path):
    """A second issue of the same letter asks; printing to a PDF file writes the issued bytes."""
    case = helpers.rejected(ctx)
    dialog = LetterPreviewDialog(ctx, case.number, kind="rejection")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_rendered, timeout=20000):
        pass
    dialog.confirm_issue = lambda: True
    with qtbot.waitSignal(dialog.letter_issued, timeout=20000):
        dialog.issue_letter()
    wait_for_all()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.send(printer) == "file"
    assert (tmp_path / "printed.pdf").read_bytes() == bytes(Letter.get().blob.data)
    assert "Clause 3.1" in pdf.text((tmp_path / "printed.pdf").read_bytes())

    second = LetterPreviewDialog(ctx, case.number, kind="rejection")
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.preview_rendered, timeout=20000):
        pass
    asked: list[str] = []
    second.confirm_issue = lambda: True
    second.confirm_again = lambda message: asked.append(message) or True
    with qtbot.waitSignal(second.letter_issued, timeout=20000):
        second.issue_letter()
    wait_for_all()
    assert asked and "already issued" in asked[0] and Letter.select().count() == 2
