"""``python -m casemanager assess CLAIM.json``: decide one claim, print the result as JSON.

Contract (POLICY-RULES.md, last section): the result object on stdout and exit
0; bad input gives exit 2, one line on stderr naming the field, nothing on
stdout and never a traceback. ``--db`` is accepted and ignored: assessing
reads no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from casemanager.cli import CommandError
from casemanager.errors import DomainError
from casemanager.policy import ClaimError, limits
from casemanager.services.cases.drafts import assess_claim_json


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "assess",
        parents=[common],
        help="decide one refund claim (JSON) under its policy and print the result as JSON",
    )
    p.add_argument("claim", help="path to the claim JSON file, or - to read it from stdin")
    p.set_defaults(run=run)


# A claim is a few hundred bytes; read far more, so an oversize value is refused by name.
MAX_CLAIM_BYTES = 32 * 1024 * 1024


def _read_claim(ref: str) -> Any:
    try:
        if ref == "-":
            raw = sys.stdin.buffer.read(MAX_CLAIM_BYTES + 1)
        else:
            with Path(ref).open("rb") as file:
                raw = file.read(MAX_CLAIM_BYTES + 1)
    except OSError as exc:
        raise ClaimError("claim", f"cannot read {ref!r}: {exc.strerror or exc}") from None
    try:
        return limits.load_json(raw, "claim", max_bytes=MAX_CLAIM_BYTES)
    except limits.LimitError as exc:
        raise ClaimError(exc.field or "claim", f"{exc.message} ({ref!r})") from None


def run(args: argparse.Namespace) -> int:
    try:
        result = assess_claim_json(_read_claim(args.claim), args.claim)
        text = json.dumps(result.to_json_dict(), indent=2)
    except DomainError:
        raise  # the command line prints it as one line naming the field
    except Exception as exc:  # the contract forbids tracebacks; say what failed in one line
        raise CommandError(
            _one_line(f"claim: cannot be assessed ({type(exc).__name__}: {exc})")
        ) from None
    sys.stdout.write(text + "\n")
    return 0


def _one_line(message: str) -> str:
    return " ".join(message.splitlines())
