"""Settings: the shop profile used by letters, the user's name, defaults and folders."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import settings
from casemanager.services.admin.settings import DeskSettings, ShopProfile
from casemanager.services.cases import drafts
from casemanager.services.context import AppContext
from ui import file_dialogs, formatting
from ui.base_dialog import BaseDialog

ZONES = ("Asia/Kolkata", "Asia/Shanghai", "UTC", "Europe/London", "America/New_York")
CURRENCIES = ("INR", "CNY", "USD", "EUR")


class SettingsDialog(BaseDialog):
    settings_saved = Signal()

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        current = settings.load(ctx)
        self._opened = current.opened  # a save over someone else's newer one is refused
        self._logo = current.shop.logo_sha256
        self.inputs: dict[str, QWidget] = {}
        shop = current.shop
        self.name = QLineEdit(shop.name)
        self.address = QPlainTextEdit(shop.address)
        self.address.setMaximumHeight(70)
        self.email = QLineEdit(shop.email)
        self.phone = QLineEdit(shop.phone)
        self.website = QLineEdit(shop.website)
        self.currency = QComboBox(editable=True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(shop.currency)
        self.timezone = QComboBox(editable=True)
        self.timezone.addItems(ZONES)
        self.timezone.setCurrentText(shop.timezone)
        self.grievance_officer = QLineEdit(shop.grievance_officer)
        self.grievance_designation = QLineEdit(shop.grievance_designation)
        self.grievance_contact = QLineEdit(shop.grievance_contact)
        self.grievance_officer.setPlaceholderText(
            "named in letters under the Indian E-Commerce Rules"
        )
        self.logo_preview = QLabel()
        self._show_logo()
        logo_button = QPushButton("Choose logo…")
        logo_button.clicked.connect(self.choose_logo)
        logo = QWidget()
        logo_row = QHBoxLayout(logo)
        logo_row.setContentsMargins(0, 0, 0, 0)
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(logo_button)
        logo_row.addStretch(1)

        self.user_name = QLineEdit(current.user_name)
        self.user_name.setPlaceholderText(ctx.actor)
        self.policy = QComboBox()
        for pack in drafts.pack_choices():
            self.policy.addItem(pack.name, pack.id)
        self.policy.setCurrentIndex(max(0, self.policy.findData(current.default_policy)))
        self.data_folder = self._folder_row(current.data_folder)
        self.backup_folder = self._folder_row(current.backup_folder)

        shop_box = QGroupBox("Shop (as letters show it)")
        form = QFormLayout(shop_box)
        for label, name, widget in (
            ("Name", "name", self.name),
            ("Address", "address", self.address),
            ("E-mail", "email", self.email),
            ("Phone", "phone", self.phone),
            ("Website", "website", self.website),
            ("Logo", "logo", logo),
            ("Default currency", "currency", self.currency),
            ("Time zone", "timezone", self.timezone),
            ("Grievance officer", "grievance_officer", self.grievance_officer),
            ("Officer's designation", "grievance_designation", self.grievance_designation),
            ("Officer's contact", "grievance_contact", self.grievance_contact),
        ):
            form.addRow(label, widget)
            self.inputs[name] = widget
        you_box = QGroupBox("You and defaults")
        form2 = QFormLayout(you_box)
        form2.addRow("Your name (history, letters)", self.user_name)
        form2.addRow("Default policy", self.policy)
        # Per computer: someone abroad may prefer their own clock to the policy's.
        self.zone_choice = QComboBox()
        self.zone_choice.setObjectName("zoneChoice")
        for code, label in formatting.ZONE_CHOICES:
            self.zone_choice.addItem(label, code)
        self.zone_choice.setCurrentIndex(
            max(0, self.zone_choice.findData(formatting.zone_choice()))
        )
        form2.addRow("Show times in", self.zone_choice)
        form2.addRow("Data folder", self.data_folder.parentWidget())
        form2.addRow("Backup folder", self.backup_folder.parentWidget())
        self.policies_button = QPushButton("Policies…")
        self.policies_button.setObjectName("policiesButton")
        self.policies_button.clicked.connect(self.open_policies)
        form2.addRow("Your policies", self.policies_button)
        self.inputs.update(default_policy=self.policy, user_name=self.user_name)
        self.message = self.error_label("settingsMessage")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(shop_box)
        layout.addWidget(you_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def open_policies(self) -> None:
        from ui.policy_editor.dialog import PolicyEditorDialog

        PolicyEditorDialog(self.ctx, self).open()

    def _folder_row(self, value: str) -> QLineEdit:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        line = QLineEdit(value)
        browse = QPushButton("Browse…")
        browse.clicked.connect(lambda: self._browse(line))
        row.addWidget(line, 1)
        row.addWidget(browse)
        return line

    def _browse(self, line: QLineEdit) -> None:
        folder = file_dialogs.folder(self, "Choose folder", line.text())
        if folder:
            line.setText(folder)

    def _show_logo(self) -> None:
        data = settings.logo_bytes(self.ctx, self._logo)
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(pixmap.scaledToHeight(40))
        else:
            self.logo_preview.setText("(no logo)")

    def choose_logo(self) -> None:
        path = file_dialogs.open_file(self, "Shop logo", "Images (*.png *.jpg)")
        if path:
            try:
                self._logo = settings.store_logo(self.ctx, Path(path))
            except (OSError, DomainError) as exc:
                self.message.setText(str(exc))
            self._show_logo()

    def collected(self) -> DeskSettings:
        shop = ShopProfile(
            name=self.name.text().strip(),
            address=self.address.toPlainText().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            website=self.website.text().strip(),
            logo_sha256=self._logo,
            currency=self.currency.currentText().strip().upper(),
            timezone=self.timezone.currentText().strip(),
            grievance_officer=self.grievance_officer.text().strip(),
            grievance_designation=self.grievance_designation.text().strip(),
            grievance_contact=self.grievance_contact.text().strip(),
        )
        return DeskSettings(
            shop=replace(shop),
            user_name=self.user_name.text(),
            default_policy=self.policy.currentData() or "",
            data_folder=self.data_folder.text(),
            backup_folder=self.backup_folder.text(),
            opened=self._opened,
        )

    def save(self) -> bool:
        try:
            settings.save(self.ctx, self.collected())
        except DomainError as exc:
            self.message.setText(str(exc))
            widget = self.inputs.get(exc.field)
            if widget is not None:
                widget.setFocus()
            return False
        formatting.set_zone_choice(self.zone_choice.currentData())
        self.settings_saved.emit()
        self.accept()
        return True
