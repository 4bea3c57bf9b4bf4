"""Running a piece of the application in a child process under a fault: a file-size limit
(a full disk), a read-only folder."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_child(
    code: str, *args: str, fsize: int | None = None, timeout: int = 60
) -> subprocess.CompletedProcess:
    """Run ``code`` with ``args`` in a fresh interpreter; with ``fsize`` no file it writes may
    grow past that many bytes (as on a full disk)."""

    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of a kill
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


@contextmanager
def read_only_folder(folder: Path, files: dict[str, bytes]) -> Iterator[Path]:
    """``folder`` holding ``files``, read-only for this process and its children: a read-only
    mount when running as root (whom file modes do not stop), else file and folder modes."""
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        for name, data in files.items():
            (folder / name).write_bytes(data)
            (folder / name).chmod(0o444)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
