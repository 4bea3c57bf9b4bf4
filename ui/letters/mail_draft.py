"""Saving an issued letter as an e-mail draft and opening it in the system's mail program."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from casemanager.errors import DomainError
from casemanager.services.context import AppContext
from casemanager.services.letters import letter_mail
from ui import file_dialogs


def write_letter_draft(ctx: AppContext, letter_id: int, path: Path) -> Path:
    path.write_bytes(letter_mail.draft_for_letter(ctx, letter_id))
    return path


def save_letter_draft(parent: QWidget, ctx: AppContext, letter_id: int, number: str) -> None:
    path = file_dialogs.save_file(
        parent, "Save e-mail draft", f"{number}-letter-{letter_id}.eml", "E-mail (*.eml)"
    )
    if not path:
        return
    try:
        write_letter_draft(ctx, letter_id, Path(path))
    except (DomainError, OSError) as exc:
        QMessageBox.warning(parent, "Save e-mail draft", str(exc))
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(path))  # the mail program sends it
    QMessageBox.information(
        parent, "E-mail draft",
        "Send it from your mail program, then record that the customer was notified.",
    )  # fmt: skip
