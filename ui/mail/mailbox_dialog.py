"""File ▸ Import Mail… on an mbox file or a Maildir folder: pick the messages that are claims.

The mailbox is listed in the background (progress, Cancel); mails already in
a case are marked and cannot be picked again. The picked ones open in the
review dialog one by one, where nothing is stored until Save.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.cases import mailboxes
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog
from ui.workers import run_in_background

COL_PICK, COL_DATE, COL_SENDER, COL_SUBJECT, COL_CASE = range(5)
HEADERS = ("", "Date", "From", "Subject", "Already in")


class MailboxDialog(BaseDialog):
    """The mailbox's messages with check boxes; Review opens the checked ones."""

    default_size = (1000, 560)
    modality = Qt.WindowModality.NonModal
    case_saved = Signal(str)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.entries: list[mailboxes.MailboxEntry] = []
        self.reviews: list = []
        self.listed = False
        self._cancel = threading.Event()
        self._busy = False
        self.setWindowTitle(f"Mailbox: {path.name}")
        self.tree = QTreeWidget()
        self.tree.setObjectName("mailboxMessages")
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setRootIsDecorated(False)
        self.tree.setSortingEnabled(True)
        self.tree.header().setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.tree.itemChanged.connect(lambda *_: self._count())
        self.summary = QLabel("Reading the mailbox…")
        self.summary.setObjectName("mailboxSummary")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.message = self.error_label("mailboxError")
        buttons = QDialogButtonBox()
        self.review_button = QPushButton("&Review checked mails…")
        self.review_button.setObjectName("reviewMails")
        self.review_button.setEnabled(False)
        buttons.addButton(self.review_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.review_button.clicked.connect(self.review)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def start(self) -> None:
        """List the mailbox in the background."""
        self._busy = True
        self._cancel.clear()
        path, cancel = self.path, self._cancel

        def work(progress):
            return mailboxes.list_mailbox(self.ctx, path, progress, cancel.is_set)

        run_in_background(self.ctx, work, self._listed, self._failed, self._progressed, owner=self)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / total) if total else 1000)
        self.summary.setText(f"Reading the mailbox… {done} of {total}")

    def _listed(self, entries: list[mailboxes.MailboxEntry]) -> None:
        self._busy = False
        self.listed = True
        self.entries = entries
        self.progress.setValue(1000)
        self.tree.setSortingEnabled(False)
        self.tree.blockSignals(True)
        for index, entry in enumerate(entries):
            item = QTreeWidgetItem(
                [
                    "",
                    entry.date.strftime("%Y-%m-%d %H:%M %z") if entry.date else "(no date)",
                    entry.sender,
                    entry.subject or "(no subject)",
                    entry.imported_in,
                ]
            )
            item.setData(COL_PICK, Qt.ItemDataRole.UserRole, index)
            if entry.imported_in:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setDisabled(True)
                item.setToolTip(COL_CASE, f"Already taken in: case {entry.imported_in}")
            else:
                item.setCheckState(COL_PICK, Qt.CheckState.Unchecked)
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        for col in (COL_PICK, COL_DATE, COL_SENDER, COL_CASE):
            self.tree.resizeColumnToContents(col)
        self._count()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.progress.setValue(0)
        self.summary.setText("")
        if isinstance(exc, mailboxes.MailboxCancelled):
            self.message.setText("Cancelled: nothing was taken in.")
        elif isinstance(exc, DomainError):
            self.message.setText(str(exc))
        else:
            self.message.setText(f"Unexpected problem: {exc}")

    def checked(self) -> list[mailboxes.MailboxEntry]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [
            self.entries[item.data(COL_PICK, Qt.ItemDataRole.UserRole)]
            for item in items
            if item.checkState(COL_PICK) == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        done = sum(1 for e in self.entries if e.imported_in)
        picked = len(self.checked())
        self.summary.setText(
            f"{len(self.entries)} messages; {done} already in a case; {picked} checked."
        )
        self.review_button.setEnabled(picked > 0)

    def review(self) -> list:
        """A review dialog for each checked mail (nothing is stored before its Save)."""
        from ui.mail.review import open_mails

        path = self.path
        mails = [
            (e.subject or e.key, lambda key=e.key: mailboxes.message_bytes(path, key))
            for e in self.checked()
        ]
        self.reviews = open_mails(self.parentWidget(), self.ctx, mails, self.case_saved.emit)
        self.accept()
        return self.reviews

    def cancel(self) -> None:
        if self._busy:
            self._cancel.set()  # the listing stops at its next batch
            return
        self.reject()
