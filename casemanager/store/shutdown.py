"""Signs that the last program on a SQLite file did not shut down cleanly.

A clean close checkpoints the write-ahead log and removes it, and the seat lock
removes its owner file; a killed process or a power cut leaves one of them
behind. Only then is the whole file worth checking before it is opened: a
sound file that was closed properly opens without reading every page.
"""

from __future__ import annotations

from pathlib import Path


def wal_path(path: Path) -> Path:
    return Path(f"{path}-wal")


def owner_path(path: Path) -> Path:
    return Path(f"{path}.owner")


def wal_left(path: Path) -> bool:
    """A non-empty write-ahead log beside the file."""
    try:
        return wal_path(path).stat().st_size > 0
    except OSError:
        return False


def unclean_signs(path: Path) -> str | None:
    """Why the file may not have been closed cleanly, or None.

    While another program holds the seat lock its log and owner file are in use,
    not left behind, so they say nothing then.
    """
    if not path.exists():
        return None
    if owner_path(path).exists():
        sign = "a lock was left behind by a program that did not close"
    elif wal_left(path):
        sign = "unsaved log pages were left behind by a program that did not close"
    else:
        return None  # nothing left behind: no lock to consult (every open passes here)
    from filelock import FileLock, Timeout

    lock = FileLock(f"{path}.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return None  # a running Case Manager owns the file
    except OSError:
        pass  # no lock can be taken (a read-only folder): judge by the files alone
    else:
        lock.release()
    return sign


def forget_signs(path: Path) -> None:
    """After the whole file was checked and found sound: remove the owner file a program
    that did not close left behind, so the next open need not check again (a log left
    behind is replayed and removed by the opening itself). Nothing while another program
    holds the seat lock: its owner file is its own.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(f"{path}.lock", timeout=0)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return
    try:
        owner_path(path).unlink(missing_ok=True)
    finally:
        lock.release()
