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
    from casemanager.commands._common import open_context

    case_number = getattr(args, "case", None)
    try:
        ctx = AppContext.open(args.db)
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
            report = integrity.verify(ctx)
        where = f"{ctx.target.describe()}{f' {case_number}' if case_number else ''}"
    for problem in report.problems:
        print(problem, file=sys.stderr)
    verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
    print(
        f"{where}: {verdict} ({report.events_checked} audit events, "
        f"{report.blobs_checked} stored files checked)"
    )
    return 0 if report.ok else 1
