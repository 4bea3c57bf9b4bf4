"""File ▸ Import Case File: choose a bundle, say what to do with cases already here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from casemanager.services.context import AppContext
from casemanager.services.files import bundles
from ui import file_dialogs
from ui.workers import run_in_background


def import_case_file(parent: QWidget, ctx: AppContext, path: Path | None = None) -> bool:
    """Ask for the bundle and the conflict rule, then import it off the GUI thread."""
    if path is None:
        chosen = file_dialogs.open_file(parent, "Import case file", "Case bundle (*.zip)")
        if not chosen:
            return False
        path = Path(chosen)
    box = QMessageBox(parent)
    box.setWindowTitle("Import case file")
    box.setText(f"Import {path.name}?")
    box.setInformativeText(
        "The bundle is checked completely first; nothing is written unless every case "
        "imports. A case whose number is already here can be skipped or imported as a "
        "copy under a new number."
    )
    skip = box.addButton("Skip existing cases", QMessageBox.ButtonRole.AcceptRole)
    copy = box.addButton("Import existing as copies", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() not in (skip, copy):
        return False
    rule = "skip" if box.clickedButton() is skip else "copy"
    status = getattr(parent, "statusBar", None)
    if status:
        status().showMessage(f"Importing {path.name}…")
    run_in_background(
        ctx,
        lambda: bundles.import_bundle(ctx, path, on_conflict=rule),
        lambda result: _imported(parent, path, result),
        lambda exc: QMessageBox.warning(parent, "Import case file", f"Not imported: {exc}"),
    )
    return True


def _imported(parent: QWidget, path: Path, result: bundles.ImportResult) -> None:
    lines = [f"{old} → {new}" if old != new else new for old, new in result.imported]
    text = f"Imported {len(result.imported)} case(s) from {path.name}."
    if result.skipped:
        text += f" Skipped {len(result.skipped)} already here: {', '.join(result.skipped)}."
    if lines:
        text += "\n\n" + "\n".join(lines[:20])
    if hasattr(parent, "refresh"):
        parent.refresh()
    QMessageBox.information(parent, "Import case file", text)
