"""``python -m casemanager import FILE.zip [--on-conflict skip|copy]``: add cases from a bundle.

The bundle is validated completely first; anything wrong refuses the whole
import (exit 2, one line saying why) and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from casemanager.cli import CommandError
from casemanager.commands._common import open_context


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "import", parents=[common], help="import the cases of a case-file bundle"
    )
    p.add_argument("bundle", metavar="FILE.zip", help="bundle written by 'export'")
    p.add_argument(
        "--on-conflict", choices=("skip", "copy"), default="skip",
        help="a case number already present: skip it (default) or import under a new number",
    )  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.bundle)
    if not path.is_file():
        raise CommandError(f"FILE.zip: no such file: {str(path)!r}")
    from casemanager.services.files import bundles

    with open_context(args) as ctx:
        try:
            result = bundles.import_bundle(ctx, path, on_conflict=args.on_conflict)
        except bundles.BundleRefused as exc:
            raise CommandError(f"{path.name} refused: {exc}") from None
    for source, number in result.imported:
        print(f"imported {source}" + (f" as {number}" if number != source else ""))
    for number in result.skipped:
        print(f"skipped {number}: already present")
    return 0
