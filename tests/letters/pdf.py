"""Read PDFs back with poppler-utils (pdftotext, pdffonts), as a user copying text would."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

if not (shutil.which("pdftotext") and shutil.which("pdffonts")):
    pytest.skip("poppler-utils missing: run scripts/system-deps.sh", allow_module_level=True)


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True, check=True, timeout=60,
        )  # fmt: skip
    return done.stdout.decode("utf-8")


def text(pdf: bytes) -> str:
    """The PDF's text with every run of white space made one space (lines may wrap anywhere)."""
    return " ".join(_run("pdftotext", pdf).split())


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font the PDF uses."""
    lines = _run("pdffonts", pdf).splitlines()[2:]
    out = []
    for line in lines:
        cols = line.split()
        # name type... encoding emb sub uni object-id gen: emb is the 5th column from the end.
        out.append((cols[0], cols[-5] == "yes"))
    return out


def info(pdf: bytes) -> dict[str, str]:
    """pdfinfo's fields (Tagged, Title, Author …)."""
    out = {}
    for line in _run("pdfinfo", pdf).splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def structure(pdf: bytes) -> list[tuple[int, str]]:
    """The structure tree as pdfinfo prints it: (depth, element type or quoted text) per line."""
    out = []
    for line in _run("pdfinfo", pdf, "-struct-text").splitlines():
        stripped = line.lstrip(" ")
        out.append(((len(line) - len(stripped)) // 2, stripped))
    return out
