"""PreviewPane: one piece of evidence shown the way its type allows.

Images in a zoomable viewer (decoded off the GUI thread), PDFs with QtPdf,
text and e-mail as plain text; anything else offers to open in the system's
application. A file that cannot be shown says why instead.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casemanager.services.context import AppContext
from casemanager.services.evidence.intake import EvidenceItem, human_size, preview_text
from ui.evidence.images import PREVIEW_SIDE, decode_image
from ui.workers import run_in_background

ZOOM_STEPS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 8.0)


class ImageViewer(QWidget):
    """A pixmap in a scroll area with zoom out / fit / 100 % / zoom in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self.zoom = 1.0
        self.fit = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        for text, slot in (
            ("−", self.zoom_out),
            ("Fit", self.zoom_fit),
            ("100 %", self.zoom_actual),
            ("+", self.zoom_in),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            bar.addWidget(button)
        self.zoom_label = QLabel(self)
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.scroll, 1)

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.zoom_fit()

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom + 1e-6), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self.zoom - 1e-6]
        self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def zoom_actual(self) -> None:
        self._set_zoom(1.0)

    def zoom_fit(self) -> None:
        self.fit = True
        self._render()

    def _set_zoom(self, zoom: float) -> None:
        self.fit, self.zoom = False, zoom
        self._render()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.fit:
            self._render()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.fit:
            self._render()

    def _render(self) -> None:
        if self._image.isNull():
            self.label.clear()
            return
        if self.fit:
            area = self.scroll.viewport().size()
            w, h = self._image.width(), self._image.height()
            self.zoom = min(1.0, area.width() / max(1, w), area.height() / max(1, h))
        size = self._image.size() * self.zoom
        pixmap = QPixmap.fromImage(
            self._image.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.label.setPixmap(pixmap)
        self.zoom_label.setText(f"{self.zoom * 100:.0f} %")


class PreviewPane(QStackedWidget):
    """Shows the selected evidence; ``open_requested`` asks for the system application."""

    open_requested = Signal(int)  # evidence id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._current: EvidenceItem | None = None
        self.message = QLabel("Select a file to preview it.", self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.image = ImageViewer(self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.pdf_document = QPdfDocument(self)
        self.pdf = QPdfView(self)
        self.pdf.setDocument(self.pdf_document)
        self.pdf.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._pdf_buffer: QBuffer | None = None
        self.pdf_document.statusChanged.connect(self._pdf_status_changed)
        self.other = QWidget(self)
        other_layout = QVBoxLayout(self.other)
        self.other_label = QLabel(self.other)
        self.other_label.setWordWrap(True)
        self.other_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        open_button = QPushButton("Open in its application", self.other)
        open_button.clicked.connect(self._open_current)
        other_layout.addStretch(1)
        other_layout.addWidget(self.other_label)
        other_layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignCenter)
        other_layout.addStretch(1)
        for page in (self.message, self.image, self.text, self.pdf, self.other):
            self.addWidget(page)

    @property
    def current(self) -> EvidenceItem | None:
        return self._current

    def clear(self, text: str = "Select a file to preview it.") -> None:
        self._current = None
        self._say(text)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.setCurrentWidget(self.message)

    def show_evidence(self, item: EvidenceItem, data: bytes) -> None:
        self._current = item
        if not data:
            self._say(f"The bytes of '{item.name}' were purged after it was removed.")
        elif item.category == "image":
            self._say(f"Loading '{item.name}' …")
            run_in_background(
                self.ctx,
                lambda: decode_image(data, PREVIEW_SIDE),
                lambda image, key=item.id: self._image_decoded(key, image),
                lambda exc, key=item.id: self._image_failed(key, str(exc)),
                owner=self,
            )
        elif item.category == "pdf":
            self._show_pdf(item, data)
        elif item.category in ("text", "email"):
            self.text.setPlainText(preview_text(data, item.mime))
            self.setCurrentWidget(self.text)
        else:
            self.other_label.setText(
                f"'{item.name}' ({human_size(item.size)}) has no preview here."
            )
            self.setCurrentWidget(self.other)

    def _show_pdf(self, item: EvidenceItem, data: bytes) -> None:
        self.pdf_document.close()
        self._pdf_buffer = QBuffer(self)
        self._pdf_buffer.setData(QByteArray(data))
        self._pdf_buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf_document.load(self._pdf_buffer)
        if self.pdf_document.status() == QPdfDocument.Status.Error:
            self._say(f"'{item.name}' is a damaged PDF and cannot be shown; open it instead.")
            return
        self.setCurrentWidget(self.pdf)

    def _pdf_status_changed(self, status: QPdfDocument.Status) -> None:
        item = self._current
        if status == QPdfDocument.Status.Error and item is not None and item.category == "pdf":
            self._say(f"'{item.name}' is a damaged PDF and cannot be shown; open it instead.")

    def _image_decoded(self, key: object, image: QImage) -> None:
        if self._current is not None and key == self._current.id:
            self.setCurrentWidget(self.image)  # laid out first, so "fit" knows its room
            self.image.set_image(image)

    def _image_failed(self, key: object, reason: str) -> None:
        if self._current is not None and key == self._current.id:
            self._say(f"'{self._current.name}' cannot be shown: {reason}.")

    def _open_current(self) -> None:
        if self._current is not None:
            self.open_requested.emit(self._current.id)
