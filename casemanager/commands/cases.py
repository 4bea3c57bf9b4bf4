"""``cases``: list cases, optionally of one status, as a table or JSON."""

from __future__ import annotations

import argparse
import json

from casemanager.domain import CaseStatus
from casemanager.services.cases import records


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("cases", parents=[common], help="list cases")
    p.add_argument("--status", choices=[s.value for s in CaseStatus], help="only this status")
    p.add_argument("--limit", type=int, help="at most this many")
    p.add_argument("--json", action="store_true", help="one JSON array on stdout")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.commands._common import open_context

    with open_context(args, writes=False) as ctx:
        rows = records.list_cases(ctx, status=args.status, limit=args.limit)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        due = f"{r.next_due_name} {r.next_due_at:%Y-%m-%d %H:%M}Z" if r.next_due_at else "-"
        print(
            f"{r.number}  {r.status:<20} {r.reason:<20} {r.policy_id:<9} "
            f"{r.amount_paid:>10} {r.currency}  {due}  {r.customer}"
        )
    print(f"{len(rows)} case(s)")
    return 0
