"""What several subcommands share: opening the database named by ``--db``."""

from __future__ import annotations

import argparse
import sys

from peewee import OperationalError

from casemanager.services.context import AppContext, DatabaseDamaged
from casemanager.store import faults


def open_context(args: argparse.Namespace, writes: bool = True) -> AppContext:
    """The context of ``--db``, working as the person ``--user`` names (see ``users``)."""
    from casemanager.cli import CommandError
    from casemanager.services.admin import users

    try:
        ctx = AppContext.open(args.db, on_step=say_step)
    except DatabaseDamaged as exc:
        hint = f"; newest good backup: {exc.backup} (see `restore`)" if exc.backup else ""
        raise CommandError(f"--db: {exc}{hint}") from None
    except (OperationalError, OSError) as exc:
        fault = faults.fault_of(exc)
        if fault is not None:
            raise CommandError(f"--db: cannot open the database: {fault}") from exc
        raise CommandError(f"--db: cannot open the database: {exc}") from None
    ctx.on_wait = _say_waiting()
    try:
        users.resolve_actor(ctx, users.requested_name(getattr(args, "user", None)), writes)
    except Exception:
        ctx.close()
        raise
    return ctx


def say_step(sentence: str) -> None:
    """A step that can take minutes on a large file (a whole-file check, an upgrade),
    said on stderr as it begins, so that a command is never silent while it waits."""
    print(f"casemanager: {sentence}", file=sys.stderr, flush=True)


def _say_waiting():
    """Tell the user once, on stderr, that a write waits for another program's lock."""
    said = False

    def say(message: str) -> None:
        nonlocal said
        if not said:
            print(f"casemanager: {message}", file=sys.stderr, flush=True)
            said = True

    return say
