"""``restore FILE``: put a backup in place of the database, keeping the current one aside."""

from __future__ import annotations

import argparse
from pathlib import Path

from peewee import OperationalError

from casemanager.services.context import AppContext, DatabaseDamaged
from casemanager.services.files import backups


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "restore", parents=[common], help="replace the database with a backup (current kept aside)"
    )
    p.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import say_step

    if not args.file.is_file():
        raise CommandError(f"FILE: no such backup file {args.file}")
    try:
        try:
            # The file is about to be replaced: read it whole once to know whether it
            # can be backed up aside through SQLite or must be moved aside unread.
            with AppContext.open(args.db, check="full", on_step=say_step) as ctx:
                aside = backups.restore(ctx, args.file)
        except DatabaseDamaged as damaged:
            # The damaged file is moved aside unread; the backup takes its place.
            aside = backups.restore_damaged(damaged.target, args.file)
            with AppContext.open(args.db, on_step=say_step) as ctx:
                backups.record_restored(ctx, args.file, aside)
    except backups.BackupError as exc:
        raise CommandError(str(exc).removeprefix("backup: ")) from None
    except (OperationalError, OSError) as exc:
        raise CommandError(f"--db: cannot open the database: {exc}") from None
    print(f"restored {args.file}; the previous database was kept as {aside}")
    return 0
