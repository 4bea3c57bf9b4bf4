"""``python -m casemanager export CASE_NUMBER... --out FILE.zip``: a case-file bundle.

Writes one BagIt zip holding the cases' records, evidence, issued letters and
summaries (see services.files.bundles). Bad input: exit 2 with one line naming it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casemanager.cli import CommandError
from casemanager.commands._common import open_context


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export", parents=[common], help="export cases as a case-file bundle (BagIt zip)"
    )
    p.add_argument("cases", nargs="+", metavar="CASE_NUMBER", help="e.g. RC-2026-00042")
    p.add_argument("--out", required=True, metavar="FILE.zip", help="bundle to write")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"--out: folder {str(out.parent)!r} does not exist")
    if out.is_dir():
        raise CommandError(f"--out: {str(out)!r} is a folder")
    from casemanager.services.files import bundles

    with open_context(args) as ctx:
        bundles.export_cases(ctx, args.cases, out)
    print(f"exported {len(set(args.cases))} case(s): {out}")
    return 0
