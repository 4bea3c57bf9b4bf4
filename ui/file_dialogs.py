"""Every file dialog of the application: it starts in the folder last used, at first the
user's documents folder (never the program's own folder), and remembers where it ended."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

LAST_FOLDER_KEY = "file_dialogs/last_folder"


def documents_folder() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found if found and Path(found).is_dir() else str(Path.home())


def start_folder() -> str:
    """The folder the next dialog opens in: the last one used while it exists."""
    last = QSettings().value(LAST_FOLDER_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return last
    return documents_folder()


def remember(path: str) -> str:
    """Note the folder of a chosen file (or the chosen folder itself); returns ``path``."""
    if path:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        QSettings().setValue(LAST_FOLDER_KEY, str(folder))
    return path


def _start(folder: str | None, name: str = "") -> str:
    base = folder or start_folder()
    return str(Path(base) / name) if name else base


def open_file(parent: QWidget | None, title: str, filters: str = "", folder: str = "") -> str:
    """One existing file, or '' when cancelled. ``folder`` overrides where it starts."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, _start(folder), filters)
    return remember(chosen)


def open_files(parent: QWidget | None, title: str, filters: str = "") -> list[str]:
    chosen, _ = QFileDialog.getOpenFileNames(parent, title, _start(None), filters)
    if chosen:
        remember(chosen[0])
    return list(chosen)


def save_file(parent: QWidget | None, title: str, name: str = "", filters: str = "") -> str:
    """Where to save ``name`` (suggested in the last folder), or '' when cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, _start(None, name), filters)
    return remember(chosen)


def folder(parent: QWidget | None, title: str, current: str = "") -> str:
    chosen = QFileDialog.getExistingDirectory(parent, title, current or start_folder())
    return remember(chosen)
