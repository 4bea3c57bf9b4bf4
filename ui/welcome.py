"""First run: welcome the owner, ask who the shop is and who is working, offer a sample shop.

A letter may only go out with the shop's name, a contact and a signer, so the first
screen asks for them (all optional here; Settings edits them later). Left empty, the
sample shop brings its own profile.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from casemanager import APP_NAME
from casemanager.errors import DomainError
from casemanager.services.admin import settings
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog
from ui.workers import run_in_background

SAMPLE_CASES = 500


class WelcomeDialog(BaseDialog):
    """Offers sample data; generating it runs off the GUI thread with progress."""

    sample_loaded = Signal()
    default_size = (560, 460)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setObjectName("welcome")
        text = QLabel(
            f"<h2>Welcome to {APP_NAME}</h2>"
            "<p>This database is empty. You can start recording real claims now, "
            "or first look around in a sample shop with realistic cases, customers, "
            "evidence and deadlines.</p>"
            f"<p>Database: <code>{ctx.target.describe()}</code></p>"
        )
        text.setWordWrap(True)
        current = settings.load(ctx)
        self.user_name = QLineEdit(current.user_name)
        self.user_name.setObjectName("user_name")
        self.user_name.setPlaceholderText("signs the letters you decide")
        self.shop_name = QLineEdit(current.shop.name)
        self.shop_name.setObjectName("shop_name")
        self.shop_email = QLineEdit(current.shop.email)
        self.shop_email.setObjectName("shop_email")
        self.shop_address = QPlainTextEdit(current.shop.address)
        self.shop_address.setObjectName("shop_address")
        self.shop_address.setFixedHeight(60)
        form = QFormLayout()
        form.addRow("Your name:", self.user_name)
        form.addRow("Shop name:", self.shop_name)
        form.addRow("Shop e-mail:", self.shop_email)
        form.addRow("Postal address:", self.shop_address)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.count = QSpinBox(minimum=50, maximum=100_000, singleStep=50, value=SAMPLE_CASES)
        self.progress = QProgressBar()
        self.progress.hide()
        self.sample_button = QPushButton("Load sample data")
        self.sample_button.setDefault(True)
        self.sample_button.clicked.connect(self.load_sample)
        self.empty_button = QPushButton("Start empty")
        self.empty_button.clicked.connect(self.start_empty)
        row = QHBoxLayout()
        row.addWidget(QLabel("Sample cases:"))
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.empty_button)
        row.addWidget(self.sample_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(row)

    def save_profile(self) -> bool:
        """Store what was typed (nothing typed: nothing changes); False if it was refused."""
        current = settings.load(self.ctx)
        shop = replace(
            current.shop,
            name=self.shop_name.text().strip() or current.shop.name,
            email=self.shop_email.text().strip() or current.shop.email,
            address=self.shop_address.toPlainText().strip() or current.shop.address,
        )
        name = self.user_name.text().strip() or current.user_name
        try:
            settings.save(self.ctx, replace(current, shop=shop, user_name=name))
        except DomainError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return False
        return True

    def start_empty(self) -> None:
        if not self.save_profile():
            return
        settings.mark_welcomed(self.ctx)
        self.accept()

    def load_sample(self) -> None:
        if not self.save_profile():
            return
        count = self.count.value()
        self.sample_button.setEnabled(False)
        self.empty_button.setEnabled(False)
        self.progress.setRange(0, count)
        self.progress.show()
        run_in_background(
            self.ctx,
            lambda progress: _generate(self.ctx, count, progress),
            self._loaded,
            self._failed,
            on_progress=lambda done, _total: self.progress.setValue(done),
            owner=self,
        )

    def _loaded(self, _summary) -> None:
        settings.mark_welcomed(self.ctx)
        self.sample_loaded.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.sample_button.setEnabled(True)
        self.empty_button.setEnabled(True)
        self.sample_button.setText(f"Try again ({exc})")


def should_welcome(ctx: AppContext, case_count: int) -> bool:
    return case_count == 0 and not settings.welcomed(ctx)


def _generate(ctx, count: int, progress):
    # Imported on demand: the sample-data generator (and Faker) is not needed to start.
    from casemanager.services.demo import generate

    return generate.generate(ctx, count, progress=progress)
