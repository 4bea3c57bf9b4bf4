"""Command line entry point: ``python -m casemanager SUBCOMMAND [--db DB] ...``.

Each subcommand lives in ``casemanager.commands.<name>`` and exposes
``register(subparsers, common)``; its handler takes the parsed arguments and
returns the process exit code. Any ``DomainError`` it lets through is printed
here as one line, ``casemanager COMMAND: field: message``, with exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from casemanager import __version__
from casemanager.errors import DomainError

COMMAND_MODULES = (
    "gui",
    "demo_data",
    "cases",
    "verify",
    "assess",
    "policy",
    "letter",
    "export",
    "import_bundle",
    "backup",
    "restore",
    "csv_export",
    "ics",
    "purge_evidence",
    "correct_event",
    "intake",
    "orders",
    "user",
)

# Commands whose name is not their module's (``demo-data`` is ``demo_data``).
_MODULE_OF = {"csv": "csv_export", "import": "import_bundle"}


class CommandError(DomainError):
    """A problem with the user's input, reported as one line and exit code 2."""


def build_parser(only: tuple[str, ...] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser of the commands of the modules ``only`` (default: every command)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="DB",
        help="database file path or URL (default: $CASEMANAGER_DB, else the user data folder)",
    )
    common.add_argument(
        "--user",
        metavar="NAME",
        help="who is working, from the database's user list (default: $CASEMANAGER_USER)",
    )
    parser = argparse.ArgumentParser(prog="casemanager", description="Case Manager")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in only:
        module = importlib.import_module(f"casemanager.commands.{name}")
        module.register(subparsers, common)
    return parser


def _parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """Only the named command's module (``letter``, ``demo-data``, ``csv``): importing
    every command's dependencies (the demo generator, the mail and order readers,
    ReportLab) would slow each command down; all of them for help or a typo."""
    first = next((a for a in argv if not a.startswith("-")), None)
    guess = _MODULE_OF.get(first or "") or (first or "").replace("-", "_")
    if guess in COMMAND_MODULES:
        parser = build_parser((guess,))
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        if first in sub.choices:
            return parser
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser_for(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:  # Ctrl-C: what was committed stays, the rest rolled back
        print(f"casemanager {args.command}: stopped (Ctrl-C)", file=sys.stderr)
        return 130
    except DomainError as exc:  # bad input or a refused action: one line, never a traceback
        print(f"casemanager {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a full, read-only or failing disk outside a transaction
        from casemanager.store import faults

        fault = faults.fault_of(exc)
        if fault is None:
            raise
        print(f"casemanager {args.command}: {fault}", file=sys.stderr)
        return 2


def gui_main() -> int:
    """Entry point of the ``casemanager-gui`` script."""
    return main(["gui", *sys.argv[1:]])
