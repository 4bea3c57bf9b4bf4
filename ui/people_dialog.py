"""Tools ▸ People: the user list of this database, and switching who works at this seat."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import users
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog
from ui.sign_in import REMEMBERED_KEY


class PeopleDialog(BaseDialog):
    """Add, remove and switch to the people who work in this database."""

    default_size = (420, 360)
    signed_in = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("People")
        self.current = QLabel(self)
        self.current.setObjectName("signedIn")
        self.people = QListWidget(self)
        self.people.setObjectName("people")
        self.new_name = QLineEdit(self)
        self.new_name.setObjectName("newPerson")
        self.new_name.setPlaceholderText("Name of a new person")
        self.new_name.returnPressed.connect(self.add)
        add = QPushButton("&Add", self)
        add.clicked.connect(self.add)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.clicked.connect(self.remove)
        self.switch_button = QPushButton("&Work as this person", self)
        self.switch_button.clicked.connect(self.switch)
        self.error = self.error_label()
        self.error.hide()
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(add)
        row = QHBoxLayout()
        row.addWidget(self.switch_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.people, 1)
        layout.addLayout(row)
        layout.addLayout(adding)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.people.clear()
        self.people.addItems([u.name for u in users.list_users(self.ctx)])
        self.current.setText(f"Working at this seat: <b>{self.ctx.actor}</b>")

    def _selected(self) -> str | None:
        item = self.people.currentItem()
        return item.text() if item is not None else None

    def _run(self, action) -> bool:
        try:
            action()
        except DomainError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        self.error.hide()
        self.reload()
        return True

    def add(self) -> None:
        if self._run(lambda: users.add_user(self.ctx, self.new_name.text())):
            self.new_name.clear()

    def remove(self) -> None:
        name = self._selected()
        if name is not None:
            self._run(lambda: users.deactivate_user(self.ctx, name))

    def switch(self) -> None:
        name = self._selected()
        if name is not None and self._run(lambda: users.sign_in(self.ctx, name)):
            QSettings().setValue(REMEMBERED_KEY, name)
            self.signed_in.emit(name)
