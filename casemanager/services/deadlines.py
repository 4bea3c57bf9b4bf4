"""Which policy clocks a case has, from the events recorded on it."""

from __future__ import annotations

import datetime as dt

from casemanager.policy.assessment import deadline
from casemanager.policy.calendar import DueDate
from casemanager.policy.model import PolicyPack


def case_deadlines(
    pack: PolicyPack, events: dict[str, dt.datetime | None], third_party: bool
) -> dict[str, DueDate]:
    """Every deadline of ``pack`` whose start event has happened and whose condition holds."""
    due: dict[str, DueDate] = {}
    for rule in pack.deadlines:
        start = events.get(rule.start)
        if start is None or (rule.when == "third_party" and not third_party):
            continue
        due[rule.name] = deadline(pack, rule.name, start)
    return due
