"""Starting a seat: which database it opens, one window per SQLite file, shipped fonts."""

from __future__ import annotations

from pathlib import Path

from casemanager.paths import resource
from casemanager.store.database import DatabaseTarget, resolve_target
from casemanager.store.instance_lock import AlreadyOpen, InstanceLock

__all__ = ["AlreadyOpen", "DatabaseTarget", "resolve_target", "seat_lock", "shipped_fonts"]


def seat_lock(target: DatabaseTarget) -> InstanceLock | None:
    """The lock that keeps a second window off the same SQLite file (none for a server)."""
    return InstanceLock(target.sqlite_path) if target.sqlite_path else None


def shipped_fonts() -> list[Path]:
    """Fonts shipped for customer names in Chinese and Devanagari, for the interface too."""
    return sorted(resource("fonts").glob("*.ttf"))
