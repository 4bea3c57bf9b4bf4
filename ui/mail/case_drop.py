"""Mails dropped on an open case join that case: attachments as evidence, the mail kept.

An event filter on the case view (and on its evidence tab, whose own drop
would store the mail as one opaque file) takes drops made only of mail files
(.eml, .msg); any other drop goes on to the widget as before.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from casemanager.errors import DomainError
from casemanager.services.cases import mail_intake
from casemanager.services.context import AppContext
from casemanager.services.evidence import intake
from ui.workers import run_in_background

MAIL_SUFFIXES = (".eml", ".msg")


def mail_paths(mime) -> list[Path]:  # noqa: ANN001 (QMimeData)
    """The dropped files when every one is a mail, else [] (the drop is not ours)."""
    urls = mime.urls() if mime is not None and mime.hasUrls() else []
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    if paths and all(p.suffix.lower() in MAIL_SUFFIXES for p in paths):
        return paths
    return []


def add_mails(ctx: AppContext, number: str, paths: list[Path]) -> list[str]:
    """Each mail into case ``number``; one line per mail saying what happened."""
    lines = []
    for path in paths:
        try:
            result = mail_intake.add_mail_to_case(ctx, number, intake.read_upload(ctx, path))
        except mail_intake.AlreadyImported as exc:
            lines.append(f"{path.name}: already in case {exc.number}")
            continue
        except DomainError as exc:
            lines.append(f"{path.name}: not added: {exc}")
            continue
        info = "; information received recorded" if result.info_received else ""
        left = f"; left out: {'; '.join(result.refused)}" if result.refused else ""
        lines.append(f"{path.name}: added with {result.evidence} file(s){info}{left}")
    return lines


class MailDrop(QObject):
    """Installed on the case view's widgets; ``mails_added`` when the case changed."""

    mails_added = Signal(list)  # the result lines

    def __init__(self, ctx: AppContext, number: str, owner: QWidget, targets: list[QWidget]):
        super().__init__(owner)
        self.ctx = ctx
        self.number = number
        self.owner = owner
        self.busy = False
        self.box: QMessageBox | None = None
        for target in targets:
            target.setAcceptDrops(True)
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and mail_paths(event.mimeData()):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop:
            paths = mail_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.add(paths)
                return True
        return False

    def add(self, paths: list[Path]) -> None:
        """Add the mails in the background; the result is said in one box."""
        if self.busy:
            return
        self.busy = True
        ctx, number = self.ctx, self.number
        run_in_background(
            ctx,
            lambda: add_mails(ctx, number, paths),
            self._added,
            self._failed,
            owner=self.owner,
        )

    def _added(self, lines: list[str]) -> None:
        self.busy = False
        self._say("\n".join(lines))
        self.mails_added.emit(lines)

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self._say(f"Nothing was added: {exc}")

    def _say(self, text: str) -> None:
        self.box = QMessageBox(
            QMessageBox.Icon.Information, f"Mail into {self.number}", text, parent=self.owner
        )
        self.box.setObjectName("mailAddedToCase")
        self.box.open()
