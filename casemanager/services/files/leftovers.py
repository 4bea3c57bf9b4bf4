"""Half-written export files (``NAME.partial``) a killed export left behind, wherever it wrote.

Exports write ``NAME.partial`` and rename it when complete; a kill in between
leaves the partial file. Each export first clears the folder it writes into,
and the folders exports went to are remembered (a short list in the user's
data folder, not in the database: it is this computer's, not the shop's), so
the start of the application clears them too. A file still being written
keeps touching its file, so only files untouched for a minute are removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from casemanager.paths import user_data_dir
from casemanager.services.files.backups import LEFTOVER_AGE_S, remove_leftovers

FOLDERS_FILE = "export-folders.json"
MAX_FOLDERS = 50


def _list_file(home: Path | None) -> Path:
    return (home or user_data_dir()) / FOLDERS_FILE


def known_folders(home: Path | None = None) -> list[Path]:
    """The folders exports were written to, newest first (a damaged list counts as empty)."""
    try:
        names = json.loads(_list_file(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(names, list):
        return []
    return [Path(n) for n in names if isinstance(n, str) and n][:MAX_FOLDERS]


def remember(folder: Path, home: Path | None = None) -> None:
    """Put ``folder`` first in the list (written aside and renamed, like every export)."""
    folder = Path(folder).resolve()
    folders = [folder, *(f for f in known_folders(home) if f != folder)][:MAX_FOLDERS]
    target = _list_file(home)
    aside = target.with_name(target.name + ".tmp")
    try:
        aside.write_text(json.dumps([str(f) for f in folders], indent=0), encoding="utf-8")
        os.replace(aside, target)
    except OSError:
        aside.unlink(missing_ok=True)  # a read-only data folder: the next export cleans anyway


def before_export(dest: Path, home: Path | None = None, min_age_s: float = LEFTOVER_AGE_S):
    """Clear the destination folder of stale partial files and remember it; what was removed."""
    folder = Path(dest).resolve().parent
    removed = remove_leftovers(folder, min_age_s=min_age_s)
    remember(folder, home)
    return removed


def clean_known_folders(home: Path | None = None, min_age_s: float = LEFTOVER_AGE_S):
    """At start: clear every remembered export folder still there; what was removed."""
    removed: list[Path] = []
    for folder in known_folders(home):
        if folder.is_dir():
            removed += remove_leftovers(folder, min_age_s=min_age_s)
    return removed
