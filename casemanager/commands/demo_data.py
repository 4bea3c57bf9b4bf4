"""``demo-data``: fill a database with a realistic synthetic shop."""

from __future__ import annotations

import argparse
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
    from casemanager.commands._common import open_context
    from casemanager.services.cases import tallies
    from casemanager.services.demo import generate  # Faker: only this command pays for it

    started = time.perf_counter()
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if interactive:
            print(f"\r{done:,} / {total:,} cases", end="", file=sys.stderr, flush=True)

    with open_context(args) as ctx:
        summary = generate.generate(ctx, args.cases, seed=args.seed, progress=progress)
        # The dashboard's running totals, made once now rather than at its first open.
        tallies.ensure_built(ctx)
        where = ctx.target.describe()
    if interactive:
        print(file=sys.stderr)
    print(
        f"Added {summary.cases:,} cases, {summary.customers:,} customers, "
        f"{summary.evidence:,} evidence items ({summary.blobs} distinct files), "
        f"{summary.deadlines:,} deadlines to {where} in {time.perf_counter() - started:.1f} s"
    )
    return 0
