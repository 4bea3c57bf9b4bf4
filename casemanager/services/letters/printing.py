"""Sending an issued letter to a printer as the PDF itself, so its text stays vector text.

CUPS (Linux, macOS) accepts PDF directly through ``lp``; where it is missing the GUI
falls back to drawing the pages at the printer's own resolution.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from casemanager.errors import DomainError


class PrintError(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "printer")


def cups_available() -> bool:
    return shutil.which("lp") is not None


def send_pdf(pdf: bytes, printer: str, copies: int = 1, title: str = "letter") -> str:
    """Queue the exact PDF bytes on the CUPS ``printer``; returns the request line of lp."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("CUPS is not available here (no lp command)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.pdf"
        path.write_bytes(pdf)
        args = [lp, "-n", str(max(1, copies)), "-t", title, "-o", "document-format=application/pdf"]
        if printer:
            args += ["-d", printer]
        done = subprocess.run([*args, str(path)], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise PrintError(f"the printer refused the letter: {done.stderr.strip() or done.stdout}")
    return done.stdout.strip()
