"""One running Case Manager per SQLite file.

The lock is an OS file lock (released by the kernel when a process dies, so a
killed process never leaves a stale lock); a small owner file beside it says
who holds it, for the message the second window shows.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout


class AlreadyOpen(Exception):
    def __init__(self, db_path: Path, owner: dict) -> None:
        self.db_path = db_path
        self.owner = owner
        who = f"process {owner.get('pid', '?')} on {owner.get('host', 'this computer')}"
        super().__init__(f"Case Manager already has {db_path} open ({who}).")


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._lock = FileLock(str(db_path) + ".lock", timeout=0)
        self._owner_file = Path(str(db_path) + ".owner")

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyOpen(self.db_path, self.owner()) from None
        self._owner_file.write_text(
            json.dumps({"pid": os.getpid(), "host": socket.gethostname()}), encoding="utf-8"
        )

    def owner(self) -> dict:
        try:
            return json.loads(self._owner_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        if self._lock.is_locked:
            self._owner_file.unlink(missing_ok=True)
            # Removed while still held, so no other start-up locks a file about to vanish.
            Path(self._lock.lock_file).unlink(missing_ok=True)
            self._lock.release()

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
