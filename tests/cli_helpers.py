"""The command line run in this process, as ``python -m casemanager ARGS`` would run it.

In-process calls cost no interpreter start-up and let coverage see ``commands/``;
tests about a separate process (a crash, the instance lock, a second seat) keep
their subprocess.
"""

from __future__ import annotations

import pytest

from casemanager.cli import main
from casemanager.services.context import OPENING_STEPS

# How a command announces a long step of opening on stderr (see ``commands._common``).
STEP_LINES = {f"casemanager: {sentence}" for sentence in OPENING_STEPS.values()}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command."""
    capsys.readouterr()  # only this command's output
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own usage errors and --help
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    out, err = capsys.readouterr()
    return code, out, err


def without_steps(err: str) -> str:
    """Standard error without the opening steps a command announced: a test whose own
    connection keeps log pages in the file makes every command check it first."""
    lines = err.splitlines(keepends=True)
    return "".join(line for line in lines if line.rstrip() not in STEP_LINES)
