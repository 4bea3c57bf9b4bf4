"""Where the application keeps and finds its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "casemanager"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def user_data_dir() -> Path:
    """The per-user data folder (created on first use)."""
    override = os.environ.get("CASEMANAGER_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "cases.sqlite3"


def user_policy_dir() -> Path:
    """Folder holding the shop's own policy packs (copies of built-in ones)."""
    path = user_data_dir() / "policies"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = user_data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
