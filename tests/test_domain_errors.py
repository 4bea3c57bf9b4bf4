"""Every refusal is a DomainError: one field, one message, one line, caught as one type."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from casemanager.cli import CommandError
from casemanager.content.filetypes import FileRefused
from casemanager.errors import DomainError
from casemanager.exchange.bag_reader import BundleRefused
from casemanager.letters.fonts import FontMissingError
from casemanager.letters.templates import TemplateError
from casemanager.policy import ClaimError, PackError, UnknownPackError
from casemanager.services.admin.settings import SettingsError
from casemanager.services.cases.drafts import DraftError
from casemanager.services.evidence.intake import EvidenceError
from casemanager.services.files.backups import BackupError
from casemanager.services.files.bundles import BundleError
from casemanager.services.letters.letter_data import LetterError
from casemanager.services.lifecycle.transitions import LifecycleError, TransitionError
from casemanager.store.rows import RowError

ROOT = Path(__file__).resolve().parents[1]

# Each error as its raisers build it, and the one line the user reads.
EXAMPLES = [
    (ClaimError("amount", "must be zero or more"), "amount", "amount: must be zero or more"),
    (LetterError("kind", "no decision yet"), "kind", "kind: no decision yet"),
    (SettingsError("timezone", "unknown zone"), "timezone", "timezone: unknown zone"),
    (EvidenceError("kind", "not an evidence kind"), "kind", "kind: not an evidence kind"),
    (TemplateError("body", "unknown {x}"), "body", "body: unknown {x}"),
    (LifecycleError("grounds", "grounds: say why"), "grounds", "grounds: say why"),
    (TransitionError("Close refused"), "status", "status: Close refused"),
    (DraftError({"reason": "required", "amount": "x"}), "reason", "reason: required; amount: x"),
    (PackError("a.json", "reasons[0]", "missing"), "reasons[0]", "a.json: reasons[0]: missing"),
    (UnknownPackError("<pack>", "", "no pack 'x'"), None, "<pack>: no pack 'x'"),
    (FileRefused("too large"), None, "too large"),
    (BundleRefused("not a zip"), None, "not a zip"),
    (BundleError("case: no case numbered 'X'"), None, "case: no case numbered 'X'"),
    (RowError("case.json: bad date"), None, "case.json: bad date"),
    (BackupError("backup: disk full"), None, "backup: disk full"),
    (FontMissingError("font missing"), None, "font missing"),
    (CommandError("--db: cannot open"), None, "--db: cannot open"),
]


@pytest.mark.parametrize(("error", "field", "line"), EXAMPLES, ids=lambda v: type(v).__name__)
def test_each_domain_error_names_its_field_in_one_line(error, field, line):
    """The command line and the GUI can show any refusal without knowing its class."""
    assert isinstance(error, DomainError)
    assert error.field == field
    assert str(error) == line


def test_errors_caught_as_value_error_still_are():
    """Code that catches ValueError around parsing keeps catching these."""
    for error, _field, _line in EXAMPLES:
        if not isinstance(error, BackupError | CommandError | FontMissingError):
            assert isinstance(error, ValueError), type(error).__name__


def test_a_message_over_several_lines_is_shown_on_one():
    """A refusal never breaks the command line's one-line contract."""
    assert str(DomainError("first\nsecond", field="note")) == "note: first second"


def test_the_error_module_depends_on_nothing_in_the_project():
    """Every layer, policy and store included, can import the base class."""
    tree = ast.parse((ROOT / "casemanager" / "errors.py").read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert [m for m in imported if m and m.split(".")[0] in ("casemanager", "ui")] == []
