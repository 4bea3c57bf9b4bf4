"""Who works at this seat: chosen from the database's user list when the window opens.

The name this machine last worked as is remembered (QSettings) and offered
first; a shop with one person is signed in without a question, and a new
database asks nothing here (its welcome dialog asks the first person's name,
which joins the list). A new name typed here joins the list too.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import users
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog

REMEMBERED_KEY = "seat/user"


class SignInDialog(BaseDialog):
    """Pick your name, or type a new one to join the list."""

    modality = Qt.WindowModality.ApplicationModal

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Who is working?")
        known = [u.name for u in users.list_users(ctx)]
        self.names = QComboBox(self)
        self.names.setObjectName("userName")
        self.names.setEditable(True)
        self.names.addItems(known)
        remembered = QSettings().value(REMEMBERED_KEY)
        if remembered in known:
            self.names.setCurrentText(str(remembered))
        elif not known:
            self.names.setCurrentText("")
            self.names.lineEdit().setPlaceholderText("Your name, as letters will be signed")
        intro = QLabel(
            "Everything you do is recorded under this name, and the letters you decide are "
            "signed with it."
            if known
            else "Nobody works in this database yet. Type your name as letters should be signed; "
            "add the other people later under Tools ▸ People.",
            self,
        )
        intro.setWordWrap(True)
        self.error = self.error_label()
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Name", self.names)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        name = self.names.currentText()
        try:
            known = [u.name for u in users.list_users(self.ctx)]
            if not known:
                users.sign_in_first(self.ctx, name)
            elif name.strip() not in known:
                users.add_user(self.ctx, name)
                users.sign_in(self.ctx, name)
            else:
                users.sign_in(self.ctx, name)
        except DomainError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        QSettings().setValue(REMEMBERED_KEY, self.ctx.actor)
        super().accept()


def choose_user(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Sign this seat in; False when the person cancelled (the window does not open)."""
    known = [u.name for u in users.list_users(ctx)]
    if not known:
        return True  # a new database: the welcome dialog asks the first person's name
    remembered = QSettings().value(REMEMBERED_KEY)
    if len(known) == 1 and remembered in (None, "", known[0]):
        users.sign_in(ctx, known[0])
        QSettings().setValue(REMEMBERED_KEY, known[0])
        return True
    return SignInDialog(ctx, parent).exec() == SignInDialog.DialogCode.Accepted
