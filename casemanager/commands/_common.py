"""What several subcommands share: opening the database named by ``--db``."""

from __future__ import annotations

import argparse

from peewee import OperationalError

from casemanager.services.context import AppContext, DatabaseDamaged


def open_context(args: argparse.Namespace) -> AppContext:
    from casemanager.cli import CommandError

    try:
        return AppContext.open(args.db)
    except DatabaseDamaged as exc:
        hint = f"; newest good backup: {exc.backup} (see `restore`)" if exc.backup else ""
        raise CommandError(f"--db: {exc}{hint}") from None
    except (OperationalError, OSError) as exc:
        raise CommandError(f"--db: cannot open the database: {exc}") from None
