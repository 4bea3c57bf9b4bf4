"""Policy engine: packs, service calendars, assessment and refund amounts.

Pure functions of their inputs (no database, no clock reads); never imports Qt.
"""

from casemanager.policy.assessment import Assessment, assess, report_deadline
from casemanager.policy.calendar import (
    CalendarSpec,
    DueDate,
    Explanation,
    ServiceCalendar,
    SkippedDate,
    calendar_for,
    iso,
)
from casemanager.policy.claim import Claim, ClaimError, SubscriptionPeriod, parse_claim
from casemanager.policy.deadlines import claim_deadlines, deadline
from casemanager.policy.model import PolicyPack
from casemanager.policy.packs import (
    PackInfo,
    UnknownPackError,
    copy_pack,
    list_packs,
    load_file,
    load_pack,
)
from casemanager.policy.refunds import RefundCalculation, pro_rata_applies, refund_for
from casemanager.policy.schema import PackError, parse_pack

__all__ = [
    "Assessment",
    "CalendarSpec",
    "Claim",
    "ClaimError",
    "DueDate",
    "Explanation",
    "PackError",
    "PackInfo",
    "PolicyPack",
    "RefundCalculation",
    "ServiceCalendar",
    "SkippedDate",
    "SubscriptionPeriod",
    "UnknownPackError",
    "assess",
    "calendar_for",
    "claim_deadlines",
    "copy_pack",
    "deadline",
    "iso",
    "list_packs",
    "load_file",
    "load_pack",
    "parse_claim",
    "parse_pack",
    "pro_rata_applies",
    "refund_for",
    "report_deadline",
]
