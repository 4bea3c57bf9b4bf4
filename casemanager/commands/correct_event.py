"""``correct-event CASE EVENT WHEN --note TEXT``: correct when a recorded event happened.

EVENT is a case event such as ``notified_at`` (or ``notified``), WHEN an ISO
8601 date-time with its UTC offset. The case's deadlines are recomputed and the
audit trail keeps the old instant, the new one and the note. Bad input: exit 2
with one line naming the field.
"""

from __future__ import annotations

import argparse

from casemanager.policy import ClaimError
from casemanager.policy.claim import parse_instant
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.transitions import CASE_EVENT_COLUMNS, LifecycleError

EXAMPLE_WHEN = "2026-04-10T08:00:00+08:00"


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "correct-event", parents=[common], help="correct the date of a recorded event of a case"
    )
    # Optional to argparse, so that a missing one is reported in one line like a bad one.
    p.add_argument("case", nargs="?", metavar="CASE", help="case number, e.g. RC-2026-00042")
    p.add_argument(
        "event", nargs="?", metavar="EVENT", help=f"which event: {', '.join(CASE_EVENT_COLUMNS)}"
    )
    p.add_argument(
        "when", nargs="?", metavar="WHEN", help=f"when it really happened, e.g. {EXAMPLE_WHEN}"
    )
    p.add_argument("--note", default="", metavar="TEXT", help="why the date is corrected (needed)")
    p.set_defaults(run=run)


def _event(text: str | None) -> str:
    from casemanager.cli import CommandError

    name = (text or "").strip()
    name = name if name.endswith("_at") else f"{name}_at"
    if name not in CASE_EVENT_COLUMNS:
        shown = repr(text) if text else "missing"
        raise CommandError(f"event: {shown}; one of {', '.join(CASE_EVENT_COLUMNS)}")
    return name


def _field(exc: LifecycleError, event: str) -> str:
    """The command-line name of what the service refused."""
    return {"number": "case", "note": "--note", event: "when"}.get(exc.field, exc.field)


def run(args: argparse.Namespace) -> int:
    from casemanager.cli import CommandError
    from casemanager.commands._common import open_context

    if not args.case:
        raise CommandError("case: give a case number, e.g. RC-2026-00042")
    event = _event(args.event)
    if not args.when:
        raise CommandError(f"when: give the corrected date and time, e.g. {EXAMPLE_WHEN}")
    try:
        at = parse_instant(args.when, "when")
    except ClaimError as exc:
        raise CommandError(str(exc)) from None
    with open_context(args) as ctx:
        try:
            old = dict(transitions.recorded_events(ctx, args.case)).get(event)
            case = transitions.correct_event(ctx, args.case, event, at, args.note)
        except LifecycleError as exc:
            field = _field(exc, event)
            message = exc.message.removeprefix(f"{exc.field}: ")
            raise CommandError(f"{field}: {message}") from None
    was = f" (was {old.astimezone(at.tzinfo).isoformat()})" if old else ""
    print(f"{case.number}: {event} corrected to {at.isoformat()}{was}; deadlines recomputed")
    return 0
