"""The law's clocks beside a pack's own: statutes a pack declares it runs under.

Each statute is a data file in ``resources/policies/statutes/`` naming its
deadlines. Two rules exist, both counted in the statute's own time zone and
independent of the shop's opening hours and holidays:

- ``clock_hours``: the start instant plus that many hours of elapsed time;
- ``calendar_months``: 23:59:59 local on the date that many calendar months
  after the local date of the start, or on that month's last day when the date
  does not exist (31 January + 1 month = 28 or 29 February).

A statutory deadline is met by the case event its data names (``met_by``):
``acknowledged_at`` for an acknowledgement, ``notified_at`` (the decision sent
to the customer) for a redress. Statutes never change a decision.
"""

from __future__ import annotations

import calendar as _months
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from casemanager.paths import resource
from casemanager.policy.calendar import END_OF_DAY, DueDate, Explanation

STATUTE_DIR = resource("policies", "statutes")
STATUTE_RULES = ("clock_hours", "calendar_months")


@dataclass(frozen=True)
class StatuteDeadline:
    name: str
    rule: str
    amount: int
    start: str
    clause: str
    label: str
    met_by: str


@dataclass(frozen=True)
class Statute:
    id: str
    name: str
    source: str
    timezone: str
    deadlines: tuple[StatuteDeadline, ...]


def _ids() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in STATUTE_DIR.glob("*.json")))


STATUTE_IDS: tuple[str, ...] = _ids()


@cache
def load_statute(statute_id: str) -> Statute:
    """The statute shipped under that id (KeyError for an unknown one)."""
    if statute_id not in STATUTE_IDS:
        raise KeyError(f"unknown statute {statute_id!r}")
    data = json.loads((STATUTE_DIR / f"{statute_id}.json").read_text(encoding="utf-8"))
    rules = []
    for name, d in data["deadlines"].items():
        if d["rule"] not in STATUTE_RULES:
            raise ValueError(f"statute {statute_id}: unknown rule {d['rule']!r}")
        rules.append(
            StatuteDeadline(
                name, d["rule"], d["amount"], d["from"], d["clause"], d["label"], d["met_by"]
            )
        )
    return Statute(data["id"], data["name"], data["source"], data["timezone"], tuple(rules))


def add_months(day: date, months: int) -> date:
    """The date ``months`` calendar months later, clamped to that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _months.monthrange(year, month)[1]))


def statute_due(statute: Statute, rule: StatuteDeadline, start: datetime) -> DueDate:
    """When the statute's deadline falls for a start instant, with its explanation."""
    tz = ZoneInfo(statute.timezone)
    local = start.astimezone(tz)
    if rule.rule == "clock_hours":
        due = local + timedelta(hours=rule.amount)
        text = f"{rule.amount} clock hours (not working hours)"
    else:
        day = add_months(local.date(), rule.amount)
        due = datetime.combine(day, END_OF_DAY, tzinfo=tz)
        s = "s" if rule.amount != 1 else ""
        text = (
            f"{rule.amount} calendar month{s} after {local.date().isoformat()}, "
            f"end of that day (the month's last day when the date does not exist)"
        )
    expl = Explanation(
        local,
        f"{text}; {statute.name}, {rule.clause}",
        f"{statute.timezone}, every day counts",
        due,
        start_event=rule.start,
    )
    return DueDate(due, expl)


def statutory_rules(statute_ids: tuple[str, ...]) -> list[tuple[Statute, StatuteDeadline]]:
    """Every deadline of the statutes, in declaration order."""
    return [(s, r) for s in map(load_statute, statute_ids) for r in s.deadlines]


def statutory_deadlines(
    statute_ids: tuple[str, ...], events: dict[str, datetime | None]
) -> dict[str, DueDate]:
    """The statutes' deadlines whose start event has happened."""
    out: dict[str, DueDate] = {}
    for statute, rule in statutory_rules(statute_ids):
        start = events.get(rule.start)
        if start is not None:
            out[rule.name] = statute_due(statute, rule, start)
    return out


def find_rule(statute_ids: tuple[str, ...], name: str) -> StatuteDeadline | None:
    return next((r for _, r in statutory_rules(statute_ids) if r.name == name), None)
