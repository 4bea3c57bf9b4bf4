"""``ics --out FILE.ics``: open deadlines as an iCalendar file."""

from __future__ import annotations

import argparse
from pathlib import Path

from casemanager.services.files import calendar_export


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("ics", parents=[common], help="export open deadlines as iCalendar")
    p.add_argument("--out", metavar="FILE.ics", type=Path, required=True)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context

    if args.out.is_dir() or not args.out.parent.is_dir():
        raise CommandError(f"--out: cannot write a file at {args.out}")
    with open_context(args, writes=False) as ctx:
        count = calendar_export.export_deadlines(ctx, args.out)
    print(f"{count} deadline(s) written to {args.out}")
    return 0
