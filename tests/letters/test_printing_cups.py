"""An issued letter sent to a real CUPS queue prints as text, not as a picture."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from casemanager.services.letters import issuing, printing
from tests.letters import cups, helpers, pdf


@pytest.fixture
def cups_env(monkeypatch):
    """A private CUPS server with a CUPS-PDF queue; ``lp`` talks to it."""
    problem = cups.missing()
    assert problem is None, f"printing test cannot run: {problem}"
    # Not under pytest's own folders (mode 0700): the filters run as the user lp.
    folder = Path(tempfile.mkdtemp(prefix="cm-cups-"))
    try:
        with cups.cups_pdf_server(folder) as env:
            monkeypatch.setenv("CUPS_SERVER", env["CUPS_SERVER"])
            yield env
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_letter_printed_through_cups_keeps_its_text_and_fonts(ctx, cups_env):
    """Printing produced a picture of the letter: no text to copy, no fonts."""
    case = helpers.rejected(ctx)
    issued = issuing.issue(ctx, case.number, "rejection")
    since = time.time()
    line = printing.send_pdf(issuing.letter_pdf(ctx, issued.id), cups.QUEUE, title=case.number)
    assert line.startswith(f"request id is {cups.QUEUE}-")
    printed = cups.wait_for_output(line, since)
    try:
        data = printed.read_bytes()
        text = pdf.text(data)
        assert f"Decision on your claim {case.number}: not approved" in text
        assert "Application Conditions and Time Limit" in text, text[:1500]
        fonts = pdf.fonts(data)
        assert fonts and all(embedded for _, embedded in fonts)
        assert any("DejaVuSans" in name for name, _ in fonts)
        pages = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True)
        assert "Pages:" in pages.stdout
    finally:
        printed.unlink()
