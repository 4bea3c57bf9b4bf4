"""First run: welcome the owner and offer a sample shop to try things on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from casemanager import APP_NAME
from casemanager.services.admin import settings
from casemanager.services.context import AppContext
from ui.base_dialog import BaseDialog
from ui.workers import run_in_background

SAMPLE_CASES = 500


class WelcomeDialog(BaseDialog):
    """Offers sample data; generating it runs off the GUI thread with progress."""

    sample_loaded = Signal()
    default_size = (520, 260)

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
        layout.addWidget(self.progress)
        layout.addLayout(row)

    def start_empty(self) -> None:
        settings.mark_welcomed(self.ctx)
        self.accept()

    def load_sample(self) -> None:
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
