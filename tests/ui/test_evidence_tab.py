"""The evidence tab: dropping, pasting, refusing, previewing and checking files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from casemanager.services.admin import integrity
from casemanager.services.cases import records
from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import EvidenceLimits
from tests.evidence import files
from tests.factories import new_case
from ui.evidence import EvidenceTab
from ui.evidence.evidence_tab import PASTED_NAME
from ui.workers import active_jobs


@pytest.fixture
def tab(ctx, qtbot):
    number = records.create_case(ctx, new_case()).number
    widget = EvidenceTab(ctx, number)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.qtbot = qtbot  # accept_dialog waits with it
    yield widget
    qtbot.waitUntil(lambda: active_jobs() == 0, timeout=5000)  # previews still decoding


def drop(tab: EvidenceTab, paths) -> None:
    """What a file manager does: drag enter (must be accepted), then drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPointF(50, 50), *args)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(tab, QDropEvent(QPointF(50, 50), *args))


def accept_dialog(tab: EvidenceTab, kind: str = "error_screenshot", description: str = "") -> None:
    dialog = tab.dialog
    assert dialog is not None and dialog.isVisible()
    for row in dialog.rows:
        row.set_kind(kind)
        row.description.setText(description)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    tab.qtbot.waitUntil(lambda: not tab.busy, timeout=5000)  # stored off the GUI thread


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_dropped_files_are_added_with_thumbnails_and_tick_the_checklist(tab, tmp_path, qtbot):
    """Dropping two screenshots asks once, adds both, shows thumbnails and ticks the proof."""
    a = write(tmp_path, "error.png", files.png(40, 30, (200, 40, 40)))
    b = write(tmp_path, "second.png", files.png(30, 40))
    assert "✘" in tab.checklist.list.item(1).text()
    assert "Needs evidence" in tab.checklist.decision.text()
    with qtbot.waitSignal(tab.evidence_changed, timeout=3000) as signal:
        drop(tab, [a, b])
        accept_dialog(tab, description="key already used")
    assert signal.args == [tab.case_number]
    assert [i.name for i in tab.model.items()] == ["error.png", "second.png"]
    assert "✔" in tab.checklist.list.item(1).text()
    assert "Eligible" in tab.checklist.decision.text()
    qtbot.waitUntil(lambda: tab.model.has_thumbnail(tab.model.item(0).sha256), timeout=3000)
    assert tab.model.broken_reason(tab.model.item(0).sha256) is None


def test_pasted_screenshot_becomes_a_png(tab, qtbot):
    """A screenshot on the clipboard is pasted as a PNG file of the case."""
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 140, 90))
    QGuiApplication.clipboard().setImage(image)
    tab.paste()
    accept_dialog(tab)
    (item,) = tab.model.items()
    assert item.name == PASTED_NAME and item.mime == "image/png"
    stored = QImage.fromData(intake.evidence_data(tab.ctx, item.id))
    assert stored.size() == image.size()


def test_bad_files_get_clear_messages_and_the_good_one_is_added(tab, tmp_path, qtbot):
    """Each refused file is named with its reason; the database still verifies."""
    intake.set_limits(tab.ctx, EvidenceLimits(max_file_bytes=2000, max_case_bytes=100_000))
    paths = [
        write(tmp_path, "huge.png", files.huge_png_header()),
        write(tmp_path, "setup.pdf", files.EXECUTABLE),
        write(tmp_path, "big.txt", b"x" * 3000),
        write(tmp_path, "broken.png", files.broken_header_png()),
        write(tmp_path, "fine.png", files.png()),
    ]
    drop(tab, paths)
    accept_dialog(tab)
    text = tab.message.text()
    assert "huge.png: the image declares 50000 × 50000 pixels" in text
    assert "setup.pdf: files of type application/x-msdownload are not accepted" in text
    assert "big.txt: it is 2.9 KB, more than the 2 KB allowed per file" in text
    assert "broken.png: the image header is damaged" in text
    assert [i.name for i in tab.model.items()] == ["fine.png"]
    assert integrity.verify(tab.ctx).ok
    assert tab.isVisible()


def test_malformed_png_shows_a_reason_instead_of_a_picture(tab, qtbot):
    """A PNG with damaged pixel data gets a warning icon and a readable message, no crash."""
    tab.add_data([("damaged.png", files.damaged_png())])
    accept_dialog(tab)
    item = tab.model.item(0)
    qtbot.waitUntil(lambda: tab.model.has_thumbnail(item.sha256), timeout=3000)
    assert tab.model.broken_reason(item.sha256)
    tab.select_evidence(item.id)
    qtbot.waitUntil(lambda: "cannot be shown" in tab.preview.message.text(), timeout=3000)
    assert tab.preview.currentWidget() is tab.preview.message


def test_enormous_declared_image_is_not_decoded(qtbot):
    """A 50,000 × 50,000 header is refused by the reader before any pixel is allocated."""
    from ui.evidence.images import ImageTooLarge, decode_image

    with pytest.raises(ImageTooLarge, match="50000 × 50000"):
        decode_image(files.huge_png_header(), 160)


def test_extension_that_lies_is_previewed_by_content(tab, qtbot):
    """A PDF named .png opens in the PDF viewer, not as a broken picture."""
    tab.add_data([("photo.png", files.pdf())])
    accept_dialog(tab, kind="other")
    (item,) = tab.model.items()
    assert item.category == "pdf"
    tab.select_evidence(item.id)
    assert tab.preview.currentWidget() is tab.preview.pdf
    assert tab.preview.pdf_document.pageCount() == 1


def test_damaged_pdf_says_so(tab, qtbot):
    """A PDF that cannot be parsed shows a message and the app carries on."""
    tab.add_data([("report.pdf", files.PDF)])
    accept_dialog(tab, kind="other")
    tab.select_evidence(tab.model.item(0).id)
    assert tab.preview.currentWidget() is tab.preview.message
    assert "damaged PDF" in tab.preview.message.text()


def test_email_preview_shows_headers_and_body(tab, qtbot):
    """A forwarded e-mail is readable in the preview: sender, subject and text."""
    tab.add_data([("complaint.eml", files.EML)])
    accept_dialog(tab, kind="other")
    tab.select_evidence(tab.model.item(0).id)
    text = tab.preview.text.toPlainText()
    assert "From: Priya Sharma <priya@example.in>" in text
    assert "Subject: Key does not work" in text and "already used" in text


def test_image_preview_zooms(tab, qtbot):
    """The image viewer shows the picture and zooms in and out."""
    tab.add_data([("error.png", files.png(200, 100))])
    accept_dialog(tab)
    tab.select_evidence(tab.model.item(0).id)
    qtbot.waitUntil(lambda: tab.preview.currentWidget() is tab.preview.image, timeout=3000)
    viewer = tab.preview.image
    viewer.zoom_actual()
    assert viewer.label.pixmap().width() == 200
    viewer.zoom_in()
    assert viewer.label.pixmap().width() == 300


def test_hostile_names_are_shown_clean_and_copies_use_generated_names(tab, qtbot):
    """Names with bidi overrides, zero-width characters, paths or 1,000 characters are
    displayed harmlessly, and no file is ever written under them."""
    hostile = ["invoice\u202egnp.exe", "sc\u200breen.png", "../../x", "n" * 1000]
    tab.add_data([(name, files.png(5 + i, 5)) for i, name in enumerate(hostile)])
    accept_dialog(tab)
    names = [i.name for i in tab.model.items()]
    assert names[:3] == ["invoicegnp.exe", "screen.png", "x"]
    assert len(names[3]) <= 120
    for item in tab.model.items():
        path = tab.temporary_copy(item.id)
        assert path.name == f"evidence-{item.id}.png"


def test_same_file_twice_is_refused_and_stored_once(tab, tmp_path, qtbot):
    """Dropping the same screenshot again says it is already attached."""
    a = write(tmp_path, "a.png", files.png())
    drop(tab, [a])
    accept_dialog(tab)
    drop(tab, [write(tmp_path, "copy of a.png", files.png())])
    accept_dialog(tab)
    assert "already attached as 'a.png'" in tab.message.text()
    assert len(tab.model.items()) == 1


def test_verify_remove_and_tampering_from_the_tab(tab, ctx, db_path, qtbot):
    """Marking verified, removing with a reason, and a tampered file are all visible."""
    import sqlite3

    tab.add_data([("err.png", files.png()), ("receipt.txt", files.TEXT)])
    accept_dialog(tab)
    first, second = tab.model.items()
    assert tab.mark_verified(first.id, "key checked with the manufacturer's server")
    assert tab.model.item(0).verified_by == "tester"
    assert tab.model.data(tab.model.index(0)).startswith("✔")
    assert not tab.remove(second.id, " ")
    assert "reason" in tab.message.text()
    with qtbot.waitSignal(tab.evidence_changed):
        assert tab.remove(second.id, "wrong customer")
    assert [i.name for i in tab.model.items()] == ["err.png"]
    with qtbot.waitSignal(tab.hashes_verified) as checked:
        tab.verify_hashes()
    assert checked.args == [True]
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE blob SET data = ? WHERE sha256 = ?", (b"altered", first.sha256))
    with qtbot.waitSignal(tab.hashes_verified) as checked:
        tab.verify_hashes()
    assert checked.args == [False]
    assert "err.png" in tab.message.text() and "no longer matches" in tab.message.text()


def test_dragging_plain_text_is_not_offered(tab):
    """Dragging text (not files) over the tab does not pretend it can be dropped."""
    mime = QMimeData()
    mime.setText("hello")
    event = QDragEnterEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.ignore()
    QApplication.sendEvent(tab, event)
    assert not event.isAccepted()


def test_a_batch_shows_one_row_per_file_with_its_own_guessed_kind(tab, tmp_path, qtbot):
    """A screenshot, a receipt and a mail dropped together are stored as three kinds."""
    paths = [
        write(tmp_path, "key error.png", files.png()),
        write(tmp_path, "receipt.txt", files.TEXT),
        write(tmp_path, "reply.eml", files.EML),
    ]
    drop(tab, paths)
    dialog = tab.dialog
    assert [r.name.text() for r in dialog.rows] == ["key error.png", "receipt.txt", "reply.eml"]
    assert [r.kind.currentData() for r in dialog.rows] == [
        "error_screenshot",
        "payment_proof",
        "other",
    ]
    assert dialog.rows[2].description.text() == "Customer communication"
    assert dialog.received.zone == "Asia/Kolkata"  # the case's policy zone, shown
    assert "IST" in dialog.received.zone_label.text()
    dialog.rows[1].source.setCurrentIndex(dialog.rows[1].source.findData("shop"))
    dialog.rows[0].description.setText("key already used")
    with qtbot.waitSignal(tab.evidence_changed, timeout=3000):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    stored = {i.name: i for i in tab.model.items()}
    assert stored["key error.png"].kind == "error_screenshot"
    assert stored["key error.png"].description == "key already used"
    assert (stored["receipt.txt"].kind, stored["receipt.txt"].source) == ("payment_proof", "shop")
    assert stored["reply.eml"].kind == "other"


def test_files_dropped_while_the_dialog_is_open_get_rows_of_their_own(tab, tmp_path, qtbot):
    """A second drop joins the open batch with its own row and kind."""
    drop(tab, [write(tmp_path, "one.png", files.png())])
    drop(tab, [write(tmp_path, "paid.txt", files.TEXT)])
    kinds = [r.kind.currentData() for r in tab.dialog.rows]
    assert kinds == ["error_screenshot", "payment_proof"]
    tab.dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: len(tab.model.items()) == 2, timeout=5000)
    assert sorted(i.kind for i in tab.model.items()) == ["error_screenshot", "payment_proof"]


def test_removing_a_file_offers_its_undo_which_brings_it_back(tab, tmp_path, qtbot):
    """Remove, then the offered undo: the file is live again and the checklist ticks it."""
    from casemanager.services.lifecycle import undo

    drop(tab, [write(tmp_path, "error.png", files.png())])
    accept_dialog(tab)
    (item,) = tab.model.items()
    with qtbot.waitSignal(tab.undo_offered, timeout=2000) as offered:
        assert tab.remove(item.id, "sent by mistake")
    assert tab.model.items() == [] or all(i.removed_at for i in tab.model.items())
    offer = offered.args[0]
    assert offer.text == f"Undo removal of evidence (error.png) on {tab.case_number}"
    undo.undo(tab.ctx, offer)
    tab.reload()
    assert [i.name for i in tab.model.items() if not i.removed_at] == ["error.png"]
