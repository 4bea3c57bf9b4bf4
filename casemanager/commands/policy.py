"""``policy``: list the refund policy packs, or copy one into the shop's own."""

from __future__ import annotations

import argparse

from casemanager.services.admin import policies


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("policy", parents=[common], help="list or copy policy packs")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", parents=[common], help="built-in and shop packs (with --db: cases under each)"
    )
    listing.set_defaults(run=run_list)
    copy = actions.add_parser(
        "copy", parents=[common], help="copy a pack under a new id, to edit as the shop's own"
    )
    copy.add_argument("source", help="pack id (antimart, antnum, ...) or pack file")
    copy.add_argument("new_id", help="id of the copy: a-z, 0-9, '_' and '-'")
    copy.add_argument("--name", help="display name of the copy")
    copy.set_defaults(run=run_copy)


def run_list(args: argparse.Namespace) -> int:
    counts: dict[str, int] | None = None
    if args.db:  # the packs are files; a database adds how many of its cases use each
        from casemanager.commands._common import open_context

        with open_context(args) as ctx:
            counts = policies.cases_per_pack(ctx)
    for info in policies.available_packs():
        kind = "built-in" if info.builtin else "shop"
        state = f"BROKEN: {info.error}" if info.error else f"version {info.version}"
        used = "" if counts is None else f"{counts.pop(info.id, 0):>6} cases  "
        print(f"{info.id:<16} {kind:<9} {state:<24} {used}{info.name}  ({info.path})")
    for missing, count in sorted((counts or {}).items()):
        print(f"{missing:<16} {'missing':<9} {'no such pack':<24} {count:>6} cases")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    path = policies.copy_builtin(args.source, args.new_id, args.name)  # PackError: one line
    print(f"Copied {args.source} to {path}; edit that file, then choose '{args.new_id}' for cases.")
    return 0
