"""How the desk writes times and amounts on screen: one clock, one way to write money.

Every time is shown in the case's policy zone (the shop's where no case applies),
or in this computer's zone when the owner chose so in Settings; the exact ISO
instant goes in the tooltip. The words themselves come from ``casemanager.display``.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, QTimeZone

from casemanager import display
from casemanager.services.admin import policies

# Per computer (QSettings): "policy" shows each case's own zone, "computer" this one's.
ZONE_CHOICE_KEY = "display/zone"
ZONE_CHOICES = (
    ("policy", "The case's policy zone (shop zone where no case applies)"),
    ("computer", "This computer's time zone"),
)


def countdown_text(due: dt.datetime, now: dt.datetime) -> str:
    """'4 days 3 h left', '5 h 12 min left', '42:09 left', '9 days overdue'."""
    return display.countdown(due, now)


def zone_choice() -> str:
    value = QSettings().value(ZONE_CHOICE_KEY, "policy")
    return value if value in dict(ZONE_CHOICES) else "policy"


def set_zone_choice(choice: str) -> None:
    QSettings().setValue(ZONE_CHOICE_KEY, choice if choice in dict(ZONE_CHOICES) else "policy")


def computer_zone() -> dt.tzinfo:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return dt.datetime.now().astimezone().tzinfo or dt.UTC


def shown_zone(zone: str | None) -> str | dt.tzinfo:
    """The zone a time is shown in: ``zone`` (the case's or the shop's), or the computer's."""
    if zone_choice() == "computer":
        return computer_zone()
    return zone or "UTC"


def when(instant: dt.datetime | None, zone: str | None) -> str:
    """'Sat 5 Dec 2026, 23:59 IST (UTC+05:30)' in the zone the owner reads times in."""
    return display.when(instant, shown_zone(zone)) if instant is not None else ""


def when_short(instant: dt.datetime | None, zone: str | None) -> str:
    """'5 Dec 2026, 23:59' for a narrow column; pair it with ``when`` in the tooltip."""
    return display.when_short(instant, shown_zone(zone)) if instant is not None else ""


def tooltip(instant: dt.datetime | None, zone: str | None) -> str:
    """The readable time and the exact ISO instant, for a tooltip."""
    if instant is None:
        return ""
    return f"{when(instant, zone)}\n{display.iso(instant)}"


@functools.cache
def policy_zone(policy_id: str) -> str | None:
    """The zone a policy counts its deadlines in (None when the pack cannot be read)."""
    try:
        return policies.pack_zone(policy_id)
    except Exception:  # a removed pack: its times are shown in UTC rather than not at all
        return None


@functools.cache
def policy_name(policy_id: str) -> str:
    """The policy's name as its pack gives it ('AntiMart returns policy'), else its id."""
    return policies.pack_name(policy_id)


def count(n: int, thing: str) -> str:
    """'1 case', '1,204 cases', '0 deadlines': every count names what it counts."""
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


def money(amount: Decimal | int | float | None, currency: str | None) -> str:
    """'1,499.00 INR' (the currency's own decimals), the same in every list and header."""
    return display.money(amount, currency)
