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
    dispute.add_argument(
        "order_id", metavar="ORDER_ID", help="the disputed payment's order id (or payment id)"
    )
    dispute.set_defaults(run=run_dispute)
    sent = actions.add_parser(
        "evidence-sent",
        parents=[common],
        help="record that a dispute's evidence went to the payment provider",
    )
    sent.add_argument("case", metavar="CASE", help="the dispute's case number")
    sent.add_argument("--at", metavar="WHEN", help="when it was sent (ISO 8601 with offset; now)")
    sent.add_argument("--note", default="", metavar="TEXT", help="what was sent, how")
    sent.set_defaults(run=run_evidence_sent)


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
        + (f", disputes recorded {report.disputes_attached}" if report.disputes_attached else "")
        + (
            f", disputes of payments not imported {report.disputes_unmatched}"
            if report.disputes_unmatched
            else ""
        )
    )
    for d in report.disputes:
        print(f"  dispute on {d.order_id} (payment {d.line_id}): orders dispute-case {d.order_id}")
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
        lines = disputes.disputed_lines(ctx, args.order_id)
        if not lines:
            raise CommandError(f"order_id: no imported payment {args.order_id!r} with a dispute")
        number = disputes.case_from_dispute(ctx, lines[0])
        (due,) = disputes.provider_deadlines(ctx, number)
    provider = disputes.provider_name(due.platform)
    print(f"{number}: evidence due to {provider} by {due.due_at:%Y-%m-%d %H:%M}Z")
    if due.basis:
        print(f"  {due.basis}")
    return 0


def run_evidence_sent(args: argparse.Namespace) -> int:
    from casemanager import display
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context
    from casemanager.policy import ClaimError
    from casemanager.policy.claim import parse_instant

    try:
        at = parse_instant(args.at, "--at") if args.at else None
    except ClaimError as exc:
        raise CommandError(str(exc)) from None
    with open_context(args) as ctx:
        met = disputes.evidence_sent(ctx, args.case, at, args.note)
    provider = disputes.provider_name(met.platform)
    late = met.met_at - met.due_at if met.met_at > met.due_at else None
    state = f"missed by {display.span(late)}" if late else "met"
    print(
        f"{args.case}: evidence sent to {provider} at {met.met_at:%Y-%m-%d %H:%M}Z "
        f"(due {met.due_at:%Y-%m-%d %H:%M}Z): {state}"
    )
    return 0
