"""``purge-evidence [--yes]``: delete the stored bytes of removed evidence nothing else needs.

Without ``--yes`` it only says what would go (how many files, how many bytes);
the evidence rows themselves stay, with who removed them and why.
"""

from __future__ import annotations

import argparse

from casemanager.services.evidence import intake
from casemanager.services.evidence.intake import PurgeSummary

NOTHING = "nothing to purge: no stored file belongs only to removed evidence"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "purge-evidence",
        parents=[common],
        help="delete the stored files of removed evidence (lists them unless --yes)",
    )
    p.add_argument("--yes", action="store_true", help="delete them (cannot be undone)")
    p.set_defaults(run=run)


def describe(summary: PurgeSummary) -> str:
    """'3 stored file(s) of removed evidence, 12,345 bytes (12.1 KB)'."""
    return (
        f"{summary.blobs} stored file(s) of removed evidence, "
        f"{summary.bytes:,} bytes ({intake.human_size(summary.bytes)})"
    )


def run(args: argparse.Namespace) -> int:
    from casemanager.commands._common import open_context

    with open_context(args) as ctx:
        summary = intake.purge_removed(ctx) if args.yes else intake.purge_preview(ctx)
    if not summary.blobs:
        print(NOTHING)
    elif args.yes:
        print(f"purged {describe(summary)}")
    else:
        print(f"would purge {describe(summary)}; run again with --yes to delete them for good")
    return 0
