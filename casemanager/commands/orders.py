"""``orders``: import a shop's or payment provider's export, and list imported orders."""

from __future__ import annotations

import argparse
import json

from casemanager.exchange.orders import FORMATS
from casemanager.services.orders import disputes, importing, lookup


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("orders", parents=[common], help="import and list shop orders")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser("import", parents=[common], help="import an order export file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--format", choices=sorted(FORMATS), help="the export's format (detected)")
    imp.add_argument("--zone", help="the time zone of times the file gives without one")
    imp.add_argument("--preview", action="store_true", help="say what would change; write nothing")
    imp.add_argument("--json", action="store_true", help="the report as JSON on stdout")
    imp.set_defaults(run=run_import)
    ls = actions.add_parser("list", parents=[common], help="list imported orders")
    ls.add_argument("--email", metavar="E", help="customer e-mail (or its beginning)")
    ls.add_argument("--id", metavar="ID", help="order id (or its beginning)")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--json", action="store_true", help="one JSON array on stdout")
    ls.set_defaults(run=run_list)
    dispute = actions.add_parser(
        "dispute-case", parents=[common], help="record a disputed payment as a case"
    )
    dispute.add_argument("order_id", metavar="ORDER_ID", help="the disputed payment's order id")
    dispute.set_defaults(run=run_dispute)


def run_import(args: argparse.Namespace) -> int:
    from casemanager.commands._common import open_context

    with open_context(args) as ctx:
        service = importing.preview_import if args.preview else importing.import_orders
        report = service(ctx, args.file, fmt=args.format, zone=args.zone)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return 0
    verb = "would add" if args.preview else "added"
    zone = f", times without a zone read in {report.zone}" if report.zone else ""
    print(f"{report.path}: {report.format_label}{zone}")
    print(
        f"{verb} {report.added}, changed {report.changed}, unchanged {report.unchanged}, "
        f"skipped {report.skipped} (not sales)"
        + (f", keys attached {report.keys_attached}" if report.keys_attached else "")
        + (f", keys without an order {report.keys_unmatched}" if report.keys_unmatched else "")
    )
    for change in report.changes:
        print(f"  changed {change.order_id} line {change.line_id}: {', '.join(change.fields)}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from casemanager.commands._common import open_context

    with open_context(args) as ctx:
        if args.email or args.id:
            rows = lookup.find_orders(ctx, "", args.limit, email=args.email, order_id=args.id)
        else:
            rows = lookup.list_orders(ctx, args.limit)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        dispute = f"  DISPUTE {r.dispute_status}" if r.dispute_status else ""
        print(
            f"{r.platform:<12} {r.order_id:<16} {r.line_id:<10} {r.purchased_at:%Y-%m-%d %H:%M}Z "
            f"{r.amount:>10} {r.currency}  {r.customer_email:<28} {r.product_name}{dispute}"
        )
    print(f"{len(rows)} order line(s)")
    return 0


def run_dispute(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context

    with open_context(args) as ctx:
        lines = [o for o in lookup.find_orders(ctx, "", 50, order_id=args.order_id)
                 if o.order_id == args.order_id and o.dispute_status]  # fmt: skip
        if not lines:
            raise CommandError(f"order_id: no imported payment {args.order_id!r} with a dispute")
        number = disputes.case_from_dispute(ctx, lines[0].id)
        (due,) = disputes.provider_deadlines(ctx, number)
    print(f"{number}: evidence due to {due.platform} by {due.due_at:%Y-%m-%d %H:%M}Z")
    return 0
