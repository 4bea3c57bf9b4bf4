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
from casemanager.policy.assessment import assess
from casemanager.policy.claim import ClaimError, parse_claim
from casemanager.policy.model import PolicyPack
from casemanager.policy.packs import UnknownPackError, load_pack
from casemanager.policy.schema import PackError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "assess",
        parents=[common],
        help="decide one refund claim (JSON) under its policy and print the result as JSON",
    )
    p.add_argument("claim", help="path to the claim JSON file, or - to read it from stdin")
    p.set_defaults(run=run)


def _read_claim(ref: str) -> Any:
    try:
        raw = sys.stdin.buffer.read() if ref == "-" else Path(ref).read_bytes()
    except OSError as exc:
        raise ClaimError("claim", f"cannot read {ref!r}: {exc.strerror or exc}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ClaimError("claim", f"{ref!r} is not UTF-8 text") from None
    except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
        raise ClaimError("claim", f"not valid JSON in {ref!r}: {exc}") from None
    except RecursionError:
        raise ClaimError("claim", f"JSON nested too deeply in {ref!r}") from None


def _load_policy(ref: str, claim_path: str) -> PolicyPack:
    try:
        return load_pack(ref)
    except UnknownPackError as exc:
        # A relative pack path is also looked up next to the claim file.
        beside = Path(claim_path).parent / ref
        if claim_path != "-" and not Path(ref).is_absolute() and beside.is_file():
            return _load_policy(str(beside), "-")
        raise ClaimError("policy", f"{ref!r}: {exc.problem}") from None
    except PackError as exc:
        raise ClaimError("policy", str(exc)) from None  # names the pack file and key


def run(args: argparse.Namespace) -> int:
    try:
        claim = parse_claim(_read_claim(args.claim))
        result = assess(_load_policy(claim.policy, args.claim), claim)
        text = json.dumps(result.to_json_dict(), indent=2)
    except ClaimError as exc:
        raise CommandError(_one_line(str(exc))) from None
    except Exception as exc:  # the contract forbids tracebacks; say what failed in one line
        raise CommandError(
            _one_line(f"claim: cannot be assessed ({type(exc).__name__}: {exc})")
        ) from None
    sys.stdout.write(text + "\n")
    return 0


def _one_line(message: str) -> str:
    return " ".join(message.splitlines())
