"""``verify``: integrity check, audit chain and evidence hashes; exit 1 on any problem."""

from __future__ import annotations

import argparse
import sys

from casemanager.services.admin import integrity
from casemanager.services.context import AppContext, DatabaseDamaged


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "verify", parents=[common], help="check the database, audit trail and stored files"
    )
    p.add_argument(
        "--case",
        metavar="NUMBER",
        help="only recompute the hashes of this case's evidence and letters",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context, say_step

    case_number = getattr(args, "case", None)
    try:
        ctx = AppContext.open(args.db, check="full", on_step=say_step)
    except DatabaseDamaged as exc:
        # The startup check already found damage: that is verify's answer (exit 1).
        for problem in exc.problems:
            print(f"[database] {problem}", file=sys.stderr)
        print(f"{exc.target.describe()}: damaged ({len(exc.problems)} problem(s))")
        return 1
    except Exception:
        ctx = open_context(args, writes=False)  # reports the reason as a usage error
    with ctx:
        if case_number:
            try:
                report = integrity.verify_evidence(ctx, case_number)
            except LookupError as exc:
                raise CommandError(f"--case: {exc}") from None
        else:
            report = integrity.verify(ctx, on_step=say_step, progress=_counted())
        where = f"{ctx.target.describe()}{f' {case_number}' if case_number else ''}"
    for problem in report.problems:
        print(problem, file=sys.stderr)
    verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
    print(
        f"{where}: {verdict} ({report.events_checked} audit events, "
        f"{report.blobs_checked} stored files checked)"
    )
    return 0 if report.ok else 1


def _counted():
    """The audit events checked so far, on one line rewritten in a terminal (nothing in a
    log or a pipe, which would get one line per chunk)."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r  {done:,} / {total:,} events", end=end, file=sys.stderr, flush=True)

    return progress
