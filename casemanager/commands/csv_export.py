"""``csv --out FILE.csv``: the case list (with the desk's filters) as a spreadsheet-safe CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from casemanager.exchange import csv_export
from casemanager.services.cases import case_list
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.files import case_csv


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("csv", parents=[common], help="export the case list as CSV")
    p.add_argument("--out", metavar="FILE.csv", type=Path, required=True)
    p.add_argument(
        "--view", default="all", choices=[v.key for v in case_list.SAVED_VIEWS], help="saved view"
    )
    p.add_argument("--status", help="only this status")
    p.add_argument("--reason", help="only this reason")
    p.add_argument("--policy", help="only this policy pack")
    p.add_argument("--due", choices=case_list.DUE_CHOICES, help="only cases due then")
    p.add_argument("--text", default="", help="only cases matching this search")
    p.add_argument(
        "--columns",
        default=",".join(csv_export.DEFAULT_COLUMNS),
        help=f"comma-separated, from: {', '.join(csv_export.COLUMNS)}",
    )
    p.add_argument("--sort", default="due", choices=sorted(case_list.SORT_KEYS))
    p.add_argument("--descending", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context

    if args.out.is_dir() or not args.out.parent.is_dir():
        raise CommandError(f"--out: cannot write a file at {args.out}")
    columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    flt = CaseFilter(
        view=args.view,
        status=args.status,
        reason=args.reason,
        policy=args.policy,
        due=args.due,
        text=args.text,
    )
    with open_context(args, writes=False) as ctx:
        try:
            count = case_csv.export_case_list(
                ctx, args.out, flt, columns, args.sort, args.descending
            )
        except ValueError as exc:
            raise CommandError(str(exc).replace("columns:", "--columns:", 1)) from None
    print(f"{count} case(s) written to {args.out}")
    return 0
