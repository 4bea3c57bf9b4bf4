"""``python -m casemanager intake FILE... [--case NUMBER] [--json]``: customers' mails in.

Each FILE is one mail (.eml or Outlook .msg), an mbox file or a Maildir folder; mailboxes are
read one message at a time. A mail joins ``--case``, or the case it names or
belongs to, else becomes a new case when the shop's records complete it (a mail
about an unknown order is listed as needing review in File ▸ Import Mail…).
Mails already taken in are skipped, so a second run imports nothing new. Exit
code 1 when any mail was refused or needs review.
"""

from __future__ import annotations

import argparse
import json
import mailbox
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from casemanager.cli import CommandError
from casemanager.commands._common import open_context
from casemanager.errors import DomainError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "intake",
        parents=[common],
        help="take in customers' mails (.eml, .msg, mbox, Maildir) as cases",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help=".eml or .msg file, mbox file or Maildir folder"
    )
    p.add_argument("--case", metavar="NUMBER", help="add every mail to this case")
    p.add_argument("--json", action="store_true", help="one JSON object per mail")
    p.set_defaults(run=run)


def mails(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, bytes) of each message, one at a time."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise CommandError(f"{path}: a folder must be a Maildir (with cur/ and new/)")
        yield from _box(mailbox.Maildir(str(path), factory=None, create=False), path)
        return
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    with path.open("rb") as fh:
        start = fh.read(5)
    if start == b"From ":
        yield from _box(mailbox.mbox(str(path), create=False), path)
    else:
        yield str(path), path.read_bytes()


def _box(box: mailbox.Mailbox, path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        for i, key in enumerate(box.iterkeys(), 1):
            yield f"{path}#{i}", box.get_bytes(key)
    finally:
        box.close()


def run(args: argparse.Namespace) -> int:
    from casemanager.services.cases import drafts, mail_intake

    paths = [Path(f) for f in args.files]
    for path in paths:
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
    problems = 0
    with open_context(args) as ctx:
        for path in paths:
            for label, raw in mails(path):
                entry: dict[str, Any] = {"mail": label}
                try:
                    result = mail_intake.import_mail(ctx, raw, args.case)
                    entry.update(result.to_json())
                except mail_intake.AlreadyImported as exc:
                    entry.update(action="skipped", case=exc.number)
                except drafts.DraftError as exc:
                    entry.update(action="needs_review", missing=sorted(exc.problems))
                    problems += 1
                except DomainError as exc:
                    entry.update(action="refused", reason=str(exc))
                    problems += 1
                _print(entry, args.json)
    return 1 if problems else 0


def _print(entry: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(entry, ensure_ascii=False))
        return
    action = entry["action"]
    if action in ("created", "updated"):
        extra = "; information received" if entry.get("info_received") else ""
        left = f"; left out: {'; '.join(entry['refused'])}" if entry.get("refused") else ""
        print(
            f"{action} {entry['case']}: {entry['evidence']} file(s){extra}{left} ({entry['mail']})"
        )
    elif action == "skipped":
        print(f"skipped (already in {entry['case']}): {entry['mail']}")
    elif action == "needs_review":
        print(f"needs review (missing {', '.join(entry['missing'])}): {entry['mail']}")
    else:
        print(f"refused: {entry['reason']} ({entry['mail']})")
