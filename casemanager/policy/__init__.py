"""Policy engine: packs, service calendars, assessment and refund amounts.

Pure functions of their inputs (no database, no clock reads); never imports Qt.
"""

from __future__ import annotations

import importlib
from typing import Any

# Each name is imported from its module when first asked for, so a command that
# needs only the field limits does not load the calendar and its holiday data.
_HOME = {
    "Assessment": "assessment",
    "assess": "assessment",
    "report_deadline": "assessment",
    "CalendarSpec": "calendar",
    "DueDate": "calendar",
    "Explanation": "calendar",
    "ServiceCalendar": "calendar",
    "SkippedDate": "calendar",
    "calendar_for": "calendar",
    "iso": "calendar",
    "Claim": "claim",
    "ClaimError": "claim",
    "SubscriptionPeriod": "claim",
    "parse_claim": "claim",
    "claim_deadlines": "deadlines",
    "deadline": "deadlines",
    "PolicyPack": "model",
    "PackInfo": "packs",
    "UnknownPackError": "packs",
    "copy_pack": "packs",
    "list_packs": "packs",
    "load_file": "packs",
    "load_pack": "packs",
    "RefundCalculation": "refunds",
    "pro_rata_applies": "refunds",
    "refund_for": "refunds",
    "PackError": "schema",
    "parse_pack": "schema",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = sorted(_HOME)  # every name the package gives out, each from its module
