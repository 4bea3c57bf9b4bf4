"""Where the application keeps and finds its files."""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_DIR_NAME = "casemanager"
# The wheel ships the checkout's top-level resources/ folder under this name inside the package.
INSTALLED_RESOURCES = "_resources"


@cache
def resources_dir() -> Path:
    """The shipped data files: inside the installed package, else the checkout's resources/."""
    installed = files("casemanager") / INSTALLED_RESOURCES
    # Fonts and packs are read by file name, so only an unpacked installation counts.
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """One shipped file or folder, for example ``resource("policies", "antnum.json")``."""
    return resources_dir().joinpath(*parts)


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
