"""``python -m casemanager letter CASE_NUMBER --kind KIND --out FILE.pdf [--issue]``.

Renders a letter (or with ``--issue`` issues it: stored immutably, and a
decision notice records that the customer was notified) and writes the PDF.
``--kind summary`` writes the case summary; ``letter --deadline-sheet`` the
daily deadline sheet. Bad input: exit 2 with one line naming the field.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from casemanager.cli import CommandError
from casemanager.commands._common import open_context
from casemanager.letters import KINDS

REPORTS = ("summary",)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "letter", parents=[common], help="render or issue a letter of a case as PDF"
    )
    p.add_argument("case", nargs="?", help="case number, e.g. RC-2026-00042")
    p.add_argument("--kind", choices=(*KINDS, *REPORTS), help="which letter (or summary)")
    p.add_argument("--out", help="PDF file to write")
    p.add_argument("--eml", metavar="OUT.eml", help="write an e-mail draft with the issued letter")
    p.add_argument("--issue", action="store_true", help="issue it: store it immutably")
    p.add_argument(
        "--deadline-sheet", metavar="DATE", nargs="?", const="today",
        help="write the deadline sheet of DATE (YYYY-MM-DD, default today) instead",
    )  # fmt: skip
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.eml:
        return _eml(args)
    if not args.out:
        raise CommandError("--out: give the PDF file to write (or --eml)")
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"--out: folder {str(out.parent)!r} does not exist")
    day = None
    if args.deadline_sheet not in (None, "today"):
        try:
            day = dt.date.fromisoformat(args.deadline_sheet)
        except ValueError:
            raise CommandError(f"--deadline-sheet: not a date: {args.deadline_sheet!r}") from None
    if args.deadline_sheet is None and (not args.case or not args.kind):
        raise CommandError("case: give a case number and --kind (or --deadline-sheet)")
    if args.issue and (args.kind in REPORTS or args.deadline_sheet is not None):
        raise CommandError("--issue: only letters are issued, not reports")
    from casemanager.services.letters import issuing, letter_reports

    with open_context(args) as ctx:
        if args.deadline_sheet is not None:
            result = letter_reports.render_deadline_sheet(ctx, day)
        elif args.kind == "summary":
            result = letter_reports.render_case_summary(ctx, args.case)
        elif args.issue:
            issued = issuing.issue(ctx, args.case, args.kind)
            out.write_bytes(issuing.letter_pdf(ctx, issued.id))
            note = "; customer notified" if issued.notified else ""
            print(f"issued {issued.kind} letter {issued.id} ({issued.sha256[:12]}){note}: {out}")
            return 0
        else:
            result = issuing.preview(ctx, args.case, args.kind)
    out.write_bytes(result.pdf)
    if result.missing:
        chars = "".join(sorted(result.missing))
        print(f"warning: no font can draw these characters: {chars}", file=sys.stderr)
    print(f"{result.pages} page(s): {out}")
    return 0


def _eml(args: argparse.Namespace) -> int:
    """The issued letter (issued now with --issue) as a draft to the customer."""
    eml = Path(args.eml)
    if not eml.parent.is_dir():
        raise CommandError(f"--eml: folder {str(eml.parent)!r} does not exist")
    if not args.case or args.kind not in KINDS:
        raise CommandError("--eml: give a case number and the --kind of an issued letter")
    from casemanager.services.letters import issuing, letter_mail

    with open_context(args) as ctx:
        if args.issue:
            issued = issuing.issue(ctx, args.case, args.kind)
            print(f"issued {issued.kind} letter {issued.id} ({issued.sha256[:12]})")
        if args.out:
            latest = [x for x in issuing.list_letters(ctx, args.case) if x.kind == args.kind]
            if latest:
                Path(args.out).write_bytes(issuing.letter_pdf(ctx, latest[-1].id))
        eml.write_bytes(letter_mail.letter_draft(ctx, args.case, args.kind))
    print(f"e-mail draft: {eml} (send it from your mail program, then record the notice)")
    return 0
