"""Settings ▸ Policies: the packs, copying one to the shop's own, editing, versions, files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casemanager.errors import DomainError
from casemanager.services.admin import policies, policy_editing
from casemanager.services.context import AppContext
from ui import file_dialogs
from ui.base_dialog import BaseDialog
from ui.policy_editor.forms import PackForm
from ui.policy_editor.preview import CalendarPreview

PACK_ROLE = Qt.ItemDataRole.UserRole


class PolicyEditorDialog(BaseDialog):
    """Built-in packs can be copied and exported; the shop's own can also be edited."""

    default_size = (1180, 760)
    pack_saved = Signal(str)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Policies")
        self.setObjectName("policyEditor")
        self.packs = QListWidget(self)
        self.packs.setObjectName("packList")
        self.copy_button = QPushButton("Copy to your own…")
        self.import_button = QPushButton("Import…")
        self.export_button = QPushButton("Export…")
        self.history_button = QPushButton("Version history…")
        for button, name in (
            (self.copy_button, "copyPack"),
            (self.import_button, "importPack"),
            (self.export_button, "exportPack"),
            (self.history_button, "packHistory"),
        ):
            button.setObjectName(name)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("Policy packs"))
        left_layout.addWidget(self.packs, 1)
        for button in (
            self.copy_button,
            self.import_button,
            self.export_button,
            self.history_button,
        ):
            left_layout.addWidget(button)
        self.form = PackForm(self)
        self.preview = CalendarPreview(self)
        self.form.addTab(self.preview, "Calendar preview")
        self.status = QLabel(self)
        self.status.setObjectName("packStatus")
        self.status.setWordWrap(True)
        self.problem = self.error_label("packProblem")
        self.save_button = QPushButton("Save as new version")
        self.save_button.setObjectName("savePack")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.form, 1)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.problem)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        right_layout.addLayout(row)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([330, 850])
        QVBoxLayout(self).addWidget(split)
        self.packs.currentItemChanged.connect(lambda *_: self._show_selected())
        self.form.edited.connect(self.validate)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self._ask_copy)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export)
        self.history_button.clicked.connect(self.open_history)
        self.reload()

    # -- the pack list ------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        self.packs.clear()
        for info in policies.available_packs():
            where = "built-in" if info.builtin else "yours"
            text = f"{info.name} ({info.id}, {info.version or '?'}, {where})"
            item = QListWidgetItem(text)
            item.setData(PACK_ROLE, (info.id, info.builtin))
            self.packs.addItem(item)
            if info.id == select or (select is None and self.packs.count() == 1):
                self.packs.setCurrentItem(item)

    def selected(self) -> tuple[str, bool] | None:
        item = self.packs.currentItem()
        return item.data(PACK_ROLE) if item else None

    def select(self, pack_id: str) -> None:
        for row in range(self.packs.count()):
            if self.packs.item(row).data(PACK_ROLE)[0] == pack_id:
                self.packs.setCurrentRow(row)

    def _show_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        pack_id, builtin = chosen
        try:
            draft = policy_editing.load_draft(pack_id)
        except DomainError as exc:
            self.problem.setText(str(exc))
            return
        self.form.load(draft)
        self.form.setEnabled(True)
        editable = not builtin
        for index in range(self.form.count() - 1):  # the preview stays usable
            self.form.widget(index).setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.status.setText(
            "A built-in pack: copy it to your own to change it."
            if builtin
            else "Your pack: saving makes a new version; cases already recorded keep theirs."
        )
        self.validate()

    # -- editing --------------------------------------------------------------------

    def validate(self) -> bool:
        """Check the form's draft as a pack file is checked; name the field at fault."""
        draft = self.form.draft()
        problem = policy_editing.problem(draft)
        self.problem.setText(f"{problem.key}: {problem.problem}" if problem else "")
        self.problem.setVisible(problem is not None)
        chosen = self.selected()
        self.save_button.setEnabled(problem is None and chosen is not None and not chosen[1])
        if problem is None:
            self.preview.show_draft(draft)
        return problem is None

    def save(self) -> bool:
        if not self.validate():
            return False
        try:
            pack = policy_editing.save_version(self.ctx, self.form.draft())
        except DomainError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return False
        self.status.setText(f"Saved version {pack.version} of {pack.id}: new cases follow it.")
        self.pack_saved.emit(pack.id)
        self.reload(select=pack.id)
        return True

    def copy_pack(self, new_id: str, name: str | None = None) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        try:
            policy_editing.copy_to_own(self.ctx, chosen[0], new_id, name)
        except DomainError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return False
        self.reload(select=new_id)
        return True

    def _ask_copy(self) -> None:
        new_id, ok = QInputDialog.getText(self, "Copy pack", "Id of your pack (a-z, 0-9, -, _)")
        if ok and new_id.strip():
            self.copy_pack(new_id.strip())

    def import_file(self, path: Path) -> bool:
        try:
            pack = policy_editing.import_pack(self.ctx, path)
        except DomainError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return False
        self.reload(select=pack.id)
        return True

    def _ask_import(self) -> None:
        path = file_dialogs.open_file(self, "Import pack", "Pack files (*.json)")
        if path:
            self.import_file(Path(path))

    def export_to(self, path: Path) -> bool:
        chosen = self.selected()
        if chosen is None:
            return False
        policy_editing.export_pack(chosen[0], path)
        self.status.setText(f"Exported to {path}")
        return True

    def _ask_export(self) -> None:
        path = file_dialogs.save_file(self, "Export pack", "", "Pack files (*.json)")
        if path:
            self.export_to(Path(path))

    def open_history(self) -> HistoryDialog | None:
        chosen = self.selected()
        if chosen is None or chosen[1]:
            self.status.setText("Built-in packs have one version; copy one to keep a history.")
            return None
        dialog = HistoryDialog(chosen[0], self)
        dialog.open()
        return dialog


class HistoryDialog(BaseDialog):
    """Two versions of a shop pack side by side: what changed, clause by clause."""

    default_size = (820, 560)

    def __init__(self, pack_id: str, parent=None) -> None:
        super().__init__(parent)
        self.pack_id = pack_id
        self.setWindowTitle(f"Version history of {pack_id}")
        self.setObjectName("packHistoryDialog")
        self.older = QComboBox(self)
        self.newer = QComboBox(self)
        self.older.setObjectName("olderVersion")
        self.newer.setObjectName("newerVersion")
        versions = policy_editing.versions(pack_id)
        for v in versions:
            text = f"{v.version} (effective {v.effective})"
            self.older.addItem(text, v.version)
            self.newer.addItem(text, v.version)
        self.older.setCurrentIndex(max(0, len(versions) - 2))
        self.newer.setCurrentIndex(len(versions) - 1)
        self.changes = QPlainTextEdit(self)
        self.changes.setObjectName("versionChanges")
        self.changes.setReadOnly(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("From"))
        row.addWidget(self.older, 1)
        row.addWidget(QLabel("to"))
        row.addWidget(self.newer, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.changes, 1)
        self.older.currentIndexChanged.connect(lambda *_: self.refresh())
        self.newer.currentIndexChanged.connect(lambda *_: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        old, new = self.older.currentData(), self.newer.currentData()
        if old is None or new is None:
            self.changes.setPlainText("No versions saved yet.")
            return
        changes = policy_editing.compare(
            policy_editing.version_draft(self.pack_id, old),
            policy_editing.version_draft(self.pack_id, new),
        )
        text = "\n".join(c.describe() for c in changes) or "The two versions are the same."
        self.changes.setPlainText(text)
