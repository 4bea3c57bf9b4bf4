"""``backup [--to DIR]``: a checked copy of the database through SQLite's online backup API."""

from __future__ import annotations

import argparse
from pathlib import Path

from casemanager.services.files import backups


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("backup", parents=[common], help="back up the database now")
    p.add_argument(
        "--to", metavar="DIR", type=Path, help="folder for the copy (default: the backup folder)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context

    if args.to is not None and args.to.exists() and not args.to.is_dir():
        raise CommandError(f"--to: {args.to} is a file, not a folder")
    with open_context(args) as ctx:
        try:
            path = backups.backup_now(ctx, args.to)
        except OSError as exc:
            raise CommandError(f"--to: cannot write there: {exc}") from None
    print(path)
    return 0
