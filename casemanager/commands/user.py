"""``user``: the people who work in this database (``list``, ``add NAME``, ``remove NAME``)."""

from __future__ import annotations

import argparse


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("user", parents=[common], help="the people on the user list")
    p.add_argument("action", choices=["list", "add", "remove"])
    p.add_argument("name", nargs="?", help="the person to add or remove")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from casemanager.commands._common import open_context
    from casemanager.errors import DomainError
    from casemanager.services.admin import users

    if args.action != "list" and not args.name:
        raise DomainError(f"name the person to {args.action}", "name")
    # Adding the first person needs no one signed in; after that, changes carry a name.
    with open_context(args, writes=args.action != "list") as ctx:
        if args.action == "add":
            users.add_user(ctx, args.name)
            print(f"added {args.name.strip()}")
        elif args.action == "remove":
            users.deactivate_user(ctx, args.name)
            print(f"removed {args.name} (their name stays on what they did)")
        else:
            for user in users.list_users(ctx):
                marker = " (you)" if user.name == ctx.actor else ""
                print(f"{user.name}{marker}")
    return 0
