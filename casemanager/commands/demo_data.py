"""``demo-data``: fill a database with a realistic synthetic shop."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "demo-data", parents=[common], help="add synthetic cases (both policies, every status)"
    )
    p.add_argument("--cases", type=_positive, default=500, metavar="N", help="how many (500)")
    p.add_argument("--seed", type=int, help="same seed, same shop")
    p.set_defaults(run=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context
    from casemanager.services.cases import tallies
    from casemanager.services.demo import generate  # Faker: only this command pays for it
    from casemanager.store import bulk_load

    started = time.perf_counter()
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if interactive:
            print(f"\r{done:,} / {total:,} cases", end="", file=sys.stderr, flush=True)

    # A file that does not exist yet is built beside its name and renamed when whole.
    final = bulk_load.new_sqlite_file(args.db)
    building = bulk_load.building_path(final) if final else None
    opened = argparse.Namespace(**{**vars(args), "db": str(building)}) if building else args
    try:
        with open_context(opened) as ctx:
            with bulk_load.fast_writes(ctx.db) if building else contextlib.nullcontext():
                with bulk_load.indexes_deferred(ctx.db) if building else contextlib.nullcontext():
                    summary = generate.generate(
                        ctx, args.cases, seed=args.seed, progress=progress, new_file=bool(building)
                    )
                # The dashboard's running totals, made once now rather than at its first open.
                tallies.ensure_built(ctx)
            damage = bulk_load.problems(ctx.db) if building else []
            where = str(final) if final else ctx.target.describe()
    except BaseException:
        if building:
            bulk_load.discard(building)  # nobody's data: a failed new file leaves nothing
        raise
    if interactive:
        print(file=sys.stderr)
    if building and final:
        if damage:
            bulk_load.discard(building)
            raise CommandError(f"the new database failed its integrity check: {damage[0]}")
        bulk_load.put_in_place(building, final)
    print(
        f"Added {summary.cases:,} cases, {summary.customers:,} customers, "
        f"{summary.evidence:,} evidence items ({summary.blobs} distinct files), "
        f"{summary.deadlines:,} deadlines to {where} in {time.perf_counter() - started:.1f} s"
    )
    return 0
