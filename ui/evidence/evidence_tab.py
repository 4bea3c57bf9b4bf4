"""EvidenceTab: a case's files as thumbnails, a preview, and the policy's proof checklist.

Files arrive by the file dialog, by dropping them on the tab, or by pasting
(a screenshot becomes a PNG). Each batch asks once, with a row per file for its
kind (guessed from its content), description and source, and one received
date. Refused files are named with the reason in the message line above the
thumbnails; nothing of them is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import integrity
from casemanager.services.cases import drafts
from casemanager.services.context import AppContext
from casemanager.services.evidence import checklist, intake, kind_guess
from casemanager.services.evidence.intake import (
    EvidenceItem,
    IntakeResult,
    NewEvidence,
    Refusal,
    clean_name,
    suffix_of,
)
from casemanager.services.lifecycle import undo
from ui import file_dialogs, layout_memory
from ui.evidence.add_dialog import AddEvidenceDialog, FileDetails
from ui.evidence.checklist_panel import ChecklistPanel
from ui.evidence.evidence_model import EvidenceModel, ItemRole
from ui.evidence.images import THUMBNAIL_SIDE, decode_image
from ui.evidence.preview import PreviewPane
from ui.workers import run_in_background

PASTED_NAME = "pasted screenshot.png"


class EvidenceTab(QWidget):
    """The evidence of one case; emits ``evidence_changed(case_number)`` after any change."""

    evidence_changed = Signal(str)
    undo_offered = Signal(object)  # an UndoOffer after a removal or a verification
    hashes_verified = Signal(bool)

    def __init__(self, ctx: AppContext, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_number = case_number
        self.dialog: AddEvidenceDialog | None = None
        self._pending: list[tuple[str, bytes]] = []
        self._refused: list[Refusal] = []  # refused before the dialog, reported with the result
        self._temp_dir: tempfile.TemporaryDirectory | None = None
        self.busy = False  # evidence being stored in the background
        self._decoding: set[str] = set()  # thumbnails on their way
        self.setAcceptDrops(True)
        self._build()
        self.reload()

    # -- construction -------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton("&Add files…", self)
        self.add_button.clicked.connect(self.choose_files)
        self.paste_button = QPushButton("&Paste", self)
        self.paste_button.setToolTip("Paste a screenshot or copied files (Ctrl+V)")
        self.paste_button.clicked.connect(self.paste)
        self.verify_button = QPushButton("&Verify evidence", self)
        self.verify_button.setToolTip("Recompute the hash of every file of this case")
        self.verify_button.clicked.connect(self.verify_hashes)
        for button in (self.add_button, self.paste_button, self.verify_button):
            bar.addWidget(button)
        hint = QLabel("or drop files here", self)
        hint.setEnabled(False)
        bar.addWidget(hint)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = EvidenceModel(self)
        self.model.zone = drafts.case_zone(self.ctx, self.case_number)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setIconSize(QSize(THUMBNAIL_SIDE, THUMBNAIL_SIDE * 5 // 8))
        self.view.setGridSize(QSize(THUMBNAIL_SIDE + 40, THUMBNAIL_SIDE * 5 // 8 + 48))
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setDragEnabled(False)
        self.view.setAcceptDrops(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda index: self.open_external(index.data(ItemRole).id))

        self.preview = PreviewPane(ctx=self.ctx, parent=self)
        self.preview.open_requested.connect(self.open_external)
        self.checklist = ChecklistPanel(self)

        # A whole row of thumbnails and their names stays visible above the preview.
        strip = self.view.gridSize().height() + 2 * self.view.frameWidth() + 4
        self.view.setMinimumHeight(strip)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setChildrenCollapsible(False)
        left.addWidget(self.view)
        left.addWidget(self.preview)
        left.setSizes([strip, 400])
        left.splitterMoved.connect(lambda *_: self.save_layout())
        self.left_split = left
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.splitterMoved.connect(lambda *_: self.save_layout())
        self.split = split
        split.addWidget(left)
        split.addWidget(self.checklist)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)

    def restore_layout(self) -> None:
        for name, splitter in (("evidence/strip", self.left_split), ("evidence/split", self.split)):
            state = layout_memory.restore(name, self)
            if state is not None:
                splitter.restoreState(state)

    def save_layout(self) -> None:
        layout_memory.save("evidence/strip", self, self.left_split.saveState())
        layout_memory.save("evidence/split", self, self.split.saveState())

    # -- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the case's evidence, checklist and assessment from the database."""
        kinds = dict(checklist.kind_choices(self.ctx, self.case_number))
        current = self.preview.current
        items = intake.list_evidence(self.ctx, self.case_number)
        self.model.set_items(items, kinds)
        for item in items:
            sha = item.sha256
            if item.category == "image" and sha and not self.model.has_thumbnail(sha):
                self._decode_thumbnail(item.id, sha)
        if current is not None and current.id in {i.id for i in items}:
            self.select_evidence(current.id)  # a model reset drops the selection
        else:
            self.preview.clear()
        self.refresh_checklist()

    def refresh_checklist(self) -> None:
        self.checklist.show_checklist(checklist.checklist(self.ctx, self.case_number))
        self.checklist.show_assessment(checklist.case_assessment(self.ctx, self.case_number))

    def _decode_thumbnail(self, evidence_id: int, sha: str) -> None:
        if sha in self._decoding:
            return
        self._decoding.add(sha)
        ctx = self.ctx

        def done(sha: str, image: QImage | None, reason: str = "") -> None:
            self._decoding.discard(sha)
            if image is not None:
                self.model.set_thumbnail(sha, image)
            else:
                self.model.set_broken(sha, reason)

        run_in_background(
            ctx,
            lambda: decode_image(intake.evidence_data(ctx, evidence_id), THUMBNAIL_SIDE),
            lambda image: done(sha, image),
            lambda exc: done(sha, None, str(exc)),
            owner=self,
        )

    def _current_changed(self, index, _previous=None) -> None:
        item: EvidenceItem | None = index.data(ItemRole) if index.isValid() else None
        if item is None:
            self.preview.clear()
            return
        self.preview.show_evidence(item, intake.evidence_data(self.ctx, item.id))

    def select_evidence(self, evidence_id: int) -> None:
        for row, item in enumerate(self.model.items()):
            if item.id == evidence_id:
                self.view.setCurrentIndex(self.model.index(row))

    # -- adding ---------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths = file_dialogs.open_files(self, "Add evidence")
        if paths:
            self.add_paths([Path(p) for p in paths])

    def add_paths(self, paths: list[Path]) -> None:
        """Read the files (refusing oversize ones unread) and ask what they are."""
        files, refused = [], []
        limits = intake.get_limits(self.ctx)
        for path in paths:
            name = clean_name(path.name)
            try:
                files.append((name, intake.read_upload(self.ctx, path, limits)))
            except DomainError as exc:  # FileRefused: too large, unreadable
                refused.append(Refusal(name, exc.message))
        self.add_data(files, refused)

    def add_data(
        self, files: list[tuple[str, bytes]], refused: list[Refusal] | None = None
    ) -> None:
        """Check each file's content, then ask once for the batch's details."""
        refused = list(refused or [])
        accepted = []
        limits = intake.get_limits(self.ctx)
        for name, data in files:
            try:
                intake.check_file(self.ctx, data, limits)
            except DomainError as exc:  # FileRefused: a type that cannot be evidence
                refused.append(Refusal(clean_name(name), exc.message))
            else:
                accepted.append((name, data))
        if accepted:
            self._refused += refused
            self._ask_details(accepted)
        else:
            self._report([], refused)

    def _ask_details(self, files: list[tuple[str, bytes]]) -> None:
        named = [(clean_name(n), d) for n, d in files]
        guesses = kind_guess.guess_kinds(self.ctx, self.case_number, named)
        if self.dialog is not None:  # a batch is already being described: add to it
            self._pending += files
            self.dialog.add_files(guesses)
            return
        self._pending = list(files)
        self.dialog = AddEvidenceDialog(
            guesses,
            checklist.kind_choices(self.ctx, self.case_number),
            self.ctx.clock.now(),
            checklist.case_zone(self.ctx, self.case_number),
            self,
        )
        self.dialog.finished.connect(self._dialog_finished)
        self.dialog.open()

    def _dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        files, self._pending = self._pending, []
        refused, self._refused = self._refused, []
        if dialog is None:
            return
        dialog.deleteLater()
        if result == AddEvidenceDialog.DialogCode.Accepted:
            self.store(files, dialog.details(), refused)
        elif refused:
            self._report([], refused)

    def store(
        self,
        files: list[tuple[str, bytes]],
        details: list[FileDetails],
        refused: list[Refusal] | None = None,
    ) -> None:
        """Add each file with its own details; report what was added and refused."""
        items = [
            NewEvidence(
                data=data,
                original_name=name,
                kind=detail.kind,
                received_at=detail.received_at,
                description=detail.description,
                source=detail.source,
            )
            for (name, data), detail in zip(files, details, strict=True)
        ]
        ctx, number = self.ctx, self.case_number
        self.busy = True
        self._say(f"Adding {len(items)} file(s)…")
        run_in_background(
            ctx,
            lambda: intake.add_evidence(ctx, number, items),
            lambda result: self._stored(result, list(refused or [])),
            self._store_failed,
            owner=self,
        )

    def _stored(self, result: IntakeResult, refused: list[Refusal]) -> None:
        self.busy = False
        self.reload()
        self._report(result.added, refused + result.refused)
        if result.added:
            self.select_evidence(result.added[-1].id)
            self.evidence_changed.emit(self.case_number)

    def _store_failed(self, exc: Exception) -> None:
        self.busy = False
        if not isinstance(exc, DomainError):
            raise exc
        self._say(str(exc), error=True)

    def paste(self) -> None:
        self.add_mime(QGuiApplication.clipboard().mimeData())

    def add_mime(self, mime: QMimeData | None) -> None:
        """Files or an image from a drop or the clipboard."""
        if mime is None:
            return
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.add_paths(paths)
        elif mime.hasImage():
            image = QImage(mime.imageData())
            if image.isNull():
                self._say("The clipboard image cannot be read.", error=True)
                return
            self.add_data([(PASTED_NAME, png_bytes(image))])
        else:
            self._say("Nothing to add: copy files or a screenshot first.", error=True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        mime = event.mimeData()
        if any(u.isLocalFile() for u in mime.urls()) or mime.hasImage():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        event.acceptProposedAction()
        self.add_mime(event.mimeData())

    # -- actions on one file ------------------------------------------------------------

    def _context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        item: EvidenceItem = index.data(ItemRole)
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.open_external(item.id))
        menu.addAction("Save a copy…", lambda: self.save_copy(item.id))
        menu.addSeparator()
        menu.addAction("Mark verified…", lambda: self._ask_verified(item))
        menu.addAction("Remove…", lambda: self._ask_remove(item))
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _ask_verified(self, item: EvidenceItem) -> None:
        note, ok = QInputDialog.getText(
            self,
            "Mark verified",
            f"How was '{item.name}' verified?",
            text="Key checked with the manufacturer's server",
        )
        if ok:
            self.mark_verified(item.id, note)

    def _ask_remove(self, item: EvidenceItem) -> None:
        reason, ok = QInputDialog.getText(
            self, "Remove evidence", f"Why is '{item.name}' removed? (kept in the audit trail)"
        )
        if ok:
            self.remove(item.id, reason)

    def mark_verified(self, evidence_id: int, note: str) -> bool:
        try:
            point = undo.checkpoint(self.ctx, self.case_number)
            done = intake.mark_verified(self.ctx, evidence_id, note)
        except DomainError as exc:
            self._say(str(exc), error=True)
            return False
        self._offer_undo(point)
        self.reload()
        self._say(f"'{done.name}' marked verified.")
        self.evidence_changed.emit(self.case_number)
        return True

    def remove(self, evidence_id: int, reason: str) -> bool:
        try:
            point = undo.checkpoint(self.ctx, self.case_number)
            gone = intake.remove_evidence(self.ctx, evidence_id, reason)
        except DomainError as exc:
            self._say(str(exc), error=True)
            return False
        self._offer_undo(point)
        self.reload()
        self._say(f"'{gone.name}' removed; its bytes are kept until a purge.")
        self.evidence_changed.emit(self.case_number)
        return True

    def _offer_undo(self, point: undo.Checkpoint) -> None:
        offer = undo.offer(self.ctx, point)
        if offer is not None:
            self.undo_offered.emit(offer)

    def temporary_copy(self, evidence_id: int) -> Path:
        """A copy under a generated name (never the customer's) in a private folder."""
        item = intake.get_evidence(self.ctx, evidence_id)
        if self._temp_dir is None:
            self._temp_dir = tempfile.TemporaryDirectory(prefix="casemanager-evidence-")
        path = Path(self._temp_dir.name) / f"evidence-{item.id}{suffix_of(item.mime)}"
        path.write_bytes(intake.evidence_data(self.ctx, item.id))
        return path

    def open_external(self, evidence_id: int) -> None:
        path = self.temporary_copy(evidence_id)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._say(
                f"No application opens {path.suffix} files here; use Save a copy.", error=True
            )

    def save_copy(self, evidence_id: int) -> None:
        item = intake.get_evidence(self.ctx, evidence_id)
        target = file_dialogs.save_file(self, "Save a copy", item.name)
        if target:
            Path(target).write_bytes(intake.evidence_data(self.ctx, item.id))
            self._say(f"Saved a copy of '{item.name}'.")

    def verify_hashes(self) -> None:
        """Re-hash this case's files off the GUI thread; ``hashes_verified(ok)`` when done."""
        ctx, number = self.ctx, self.case_number
        self._say("Checking the stored files…")
        run_in_background(
            ctx, lambda: integrity.verify_evidence(ctx, number), self._hashes_checked, owner=self
        )

    def _hashes_checked(self, report: integrity.IntegrityReport) -> None:
        if report.ok:
            self._say(f"All {report.blobs_checked} stored file(s) match their recorded hashes.")
        else:
            self._say("\n".join(p.message for p in report.problems), error=True)
        self.hashes_verified.emit(report.ok)

    # -- messages -----------------------------------------------------------------------

    def _report(self, added: list[EvidenceItem], refused: list[Refusal]) -> None:
        lines = [f"Added {len(added)} file(s)."] if added else []
        lines += [f"Not added — {r.name}: {r.reason}." for r in refused]
        if lines:
            self._say("\n".join(lines), error=bool(refused))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a82828;" if error else "color: palette(text);")
        self.message.show()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._temp_dir is not None:
            self._temp_dir.cleanup()
        super().closeEvent(event)


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()).data())
