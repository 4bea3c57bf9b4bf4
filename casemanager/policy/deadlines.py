"""A pack's deadline rules: which apply, when each falls due, whose it is.

One applicability rule serves both ``assess`` (``claim_deadlines``) and a stored
case (``case_deadlines.plan_deadlines``): a rule applies once its start event has
happened and its condition holds. A rule with ``binding_after`` (an extended
review needing prior notice) is returned by ``assess`` as soon as it applies, but
binds a case only once that event is recorded; it then supersedes the rule it
names. What meets a deadline, whose it is and what it supersedes are pack data
(``DeadlineRule``); this module never names a pack's deadline.

Besides the pack's rules every case has two dates of the policy layer's own:
``REPORT_WINDOW`` (met by the report itself, the customer's) and, for a
premature claim, ``ELIGIBLE_FROM`` (the earliest instant to decide; no duty).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from casemanager.policy.calendar import DueDate
from casemanager.policy.claim import Claim
from casemanager.policy.model import DeadlineRule, PolicyPack
from casemanager.policy.statutes import find_rule
from casemanager.policy.vocabulary import CLAIM_EVENTS, ELIGIBLE_FROM, REPORT_WINDOW

SHOP, CUSTOMER = "shop", "customer"

# A payment provider's dispute deadline, stored beside the policy's (not planned by it).
PROVIDER_EVIDENCE_DUE = "provider_evidence_due"
_OWN_LABELS = {
    REPORT_WINDOW: "Report window",
    ELIGIBLE_FROM: "Claim can be decided from",
    PROVIDER_EVIDENCE_DUE: "Dispute evidence due to the payment provider",
}

Events = Mapping[str, dt.datetime | None]


def deadline(pack: PolicyPack, name: str, start: dt.datetime) -> DueDate:
    """The pack's deadline ``name`` counted from the instant ``start``."""
    try:
        rule = pack.deadline_rule(name)
    except KeyError:
        raise KeyError(f"pack {pack.id!r} has no deadline {name!r}") from None
    cal = pack.service_calendar()
    return cal.compute(rule.rule, start, rule.amount, start_event=rule.start, clause=rule.clause)


def applies(rule: DeadlineRule, events: Events, third_party: bool) -> bool:
    """True once the rule's start event has happened and its condition holds."""
    if events.get(rule.start) is None:
        return False
    return rule.when != "third_party" or third_party


def binds(rule: DeadlineRule, events: Events) -> bool:
    """True when a case carries the rule: nothing to wait for, or that event is recorded."""
    return rule.binding_after is None or events.get(rule.binding_after) is not None


def applicable_deadlines(pack: PolicyPack, events: Events, third_party: bool) -> dict[str, DueDate]:
    """Every deadline of ``pack`` that applies to these events, in pack order."""
    due: dict[str, DueDate] = {}
    for rule in pack.deadlines:
        start = events.get(rule.start)
        if start is not None and applies(rule, events, third_party):
            due[rule.name] = deadline(pack, rule.name, start)
    return due


def claim_deadlines(pack: PolicyPack, claim: Claim) -> dict[str, DueDate]:
    """Every deadline that applies to the claim as given, in pack order.

    Deadlines starting from case events a claim does not carry (e.g. verification)
    are left to the case (``case_deadlines.plan_deadlines``).
    """
    events = {name: claim.event(name) for name in CLAIM_EVENTS}
    return applicable_deadlines(pack, events, claim.third_party)


def _rule(pack: PolicyPack, name: str) -> DeadlineRule | None:
    try:
        return pack.deadline_rule(name)
    except KeyError:
        return None


def label_of(pack: PolicyPack, name: str) -> str:
    """What a stored deadline is called for people (its name when the pack lost it)."""
    if name in _OWN_LABELS:
        return _OWN_LABELS[name]
    rule = _rule(pack, name)
    if rule is None:
        law = find_rule(pack.statutes, name)
        return law.label if law else name
    return rule.label


def met_by_of(pack: PolicyPack, name: str) -> str | None:
    """The case event that meets the deadline ``name`` (the report meets its window)."""
    if name == REPORT_WINDOW:
        return "reported_at"
    rule = _rule(pack, name)
    if rule is None:
        law = find_rule(pack.statutes, name)
        return law.met_by if law else None
    return rule.met_by


def side_of(pack: PolicyPack, name: str) -> str:
    """'customer' for the report window and the pack's customer deadlines, else 'shop'."""
    if name == REPORT_WINDOW:
        return CUSTOMER
    rule = _rule(pack, name)
    return rule.side if rule else SHOP


def is_statutory(pack: PolicyPack, name: str) -> bool:
    """True for a clock of a statute the pack runs under ('the law', not 'your policy')."""
    return _rule(pack, name) is None and find_rule(pack.statutes, name) is not None


def is_shop_duty(pack: PolicyPack, name: str) -> bool:
    """True for what the shop must do by then: reminders and 'next due' count only these."""
    return name != ELIGIBLE_FROM and side_of(pack, name) == SHOP
