"""``verify``: integrity check, audit chain and evidence hashes; exit 1 on any problem."""

from __future__ import annotations

import argparse
import sys

from casemanager.services import integrity


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "verify", parents=[common], help="check the database, audit trail and stored files"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.commands._common import open_context

    with open_context(args) as ctx:
        report = integrity.verify(ctx)
        where = ctx.target.describe()
    for problem in report.problems:
        print(problem, file=sys.stderr)
    verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
    print(
        f"{where}: {verdict} ({report.events_checked} audit events, "
        f"{report.blobs_checked} stored files checked)"
    )
    return 0 if report.ok else 1
