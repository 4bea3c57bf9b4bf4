"""One-case commands load only what they use: each second of start-up is paid per letter."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casemanager import cli

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_a_letter_command_does_not_load_the_demo_generator_or_other_commands():
    """`letter` imported the sample-data generator, the mail and the order readers."""
    loaded = _modules_after(
        "from casemanager import cli\n"
        "cli._parser_for(['letter', 'RC-2026-00001', '--kind', 'rejection'])"
    )
    assert "casemanager.commands.letter" in loaded
    assert "casemanager.services.demo.generate" not in loaded and "faker" not in loaded
    assert "casemanager.commands.intake" not in loaded


@pytest.mark.parametrize(
    ("argv", "commands"),
    [(["demo-data", "--cases", "3"], {"demo-data"}), (["--help"], None), (["nosuch"], None)],
)
def test_the_parser_has_the_named_command_or_all_of_them(argv, commands):
    """Help, and a mistyped command's message, still list every command."""
    parser = cli._parser_for(argv)
    sub = next(a for a in parser._actions if a.dest == "command")
    if commands is None:
        assert {"letter", "export", "demo-data", "intake"} <= set(sub.choices)
    else:
        assert set(sub.choices) == commands


def test_a_latin_letter_does_not_parse_the_cjk_font():
    """Parsing the 4 MB CJK font took most of a second of every letter."""
    loaded = _modules_after(
        "from casemanager.letters.layout import build, para\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "build([para('Dear Priya Sharma, José, Zoë')], title='t', footer='f')\n"
        "assert 'CM-CJK' not in pdfmetrics.getRegisteredFontNames()\n"
        "build([para('Dear 张伟')], title='t', footer='f')\n"
        "assert 'CM-CJK' in pdfmetrics.getRegisteredFontNames()\n"
    )
    assert "casemanager.letters.layout" in loaded
