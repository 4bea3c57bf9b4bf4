"""Policy packs as frozen dataclasses: what a loaded, validated pack file says.

The file format is defined by the validator in ``casemanager.policy.schema``;
these classes are what the rest of the application reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from casemanager.policy.calendar import CalendarSpec, ServiceCalendar, calendar_for
from casemanager.policy.placeholders import Placeholder


@dataclass(frozen=True)
class Clause:
    """One clause of the source policy; ``text`` is quoted verbatim from it."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class EvidenceKind:
    code: str
    label: str


@dataclass(frozen=True)
class ReportWindow:
    """Report within ``days`` calendar days of the first given field of ``start``."""

    days: int
    start: tuple[str, ...]
    clause: str


@dataclass(frozen=True)
class Reason:
    """How the pack decides one claim reason.

    ``result``: 'excluded' (always ineligible), 'cancel_before_delivery'
    (eligible only if not yet delivered) or 'eligible' (window and evidence
    decide). ``delivery_wait_hours``: a non-delivery claim is premature before
    that many hours after purchase, and ineligible if delivery came within them.
    """

    code: str
    result: str
    clause: str
    evidence: tuple[str, ...] = ()
    remedies: tuple[str, ...] = ()
    window: ReportWindow | None = None
    delivery_wait_hours: int | None = None


@dataclass(frozen=True)
class DeadlineRule:
    """``name`` = ``amount`` ``rule`` units from the ``start`` event, when ``when`` holds.

    ``met_by``: the case event that meets it (None: nothing does; it runs until the
    case ends). ``side``: 'shop' for the shop's duties, 'customer' for a window of the
    customer's. ``supersedes``: the deadline it replaces once it binds a case;
    ``binding_after``: the case event without which a case does not carry it yet
    (an extension binds only after prior notice), although ``assess`` returns it.
    """

    name: str
    rule: str  # calendar_days | working_hours | working_days
    amount: int
    start: str
    when: str  # always | third_party | event
    clause: str
    label: str
    met_by: str | None = None
    side: str = "shop"  # shop | customer
    supersedes: str | None = None
    binding_after: str | None = None


@dataclass(frozen=True)
class ProRata:
    """Refund the unused share of a subscription period for these kinds and reasons."""

    product_kinds: tuple[str, ...]
    reasons: tuple[str, ...]
    clause: str


@dataclass(frozen=True)
class RefundRules:
    basis: str  # 'amount_paid': the amount actually paid, never a list price
    clause: str
    cap_at_paid: bool
    cap_clause: str | None
    quantum: Decimal
    pro_rata: ProRata | None


@dataclass(frozen=True)
class PolicyPack:
    """A validated policy pack; ``path`` is the file it came from."""

    id: str
    name: str
    version: str
    effective: date
    source: str
    clauses: tuple[Clause, ...]
    evidence_kinds: tuple[EvidenceKind, ...]
    evidence_clause: str
    reasons: tuple[Reason, ...]
    calendar: CalendarSpec
    deadlines: tuple[DeadlineRule, ...]
    appeals_allowed: int
    pause_while_awaiting_customer: bool
    refund: RefundRules
    readings: tuple[str, ...] = ()
    default_currency: str | None = None
    based_on: str | None = None
    statutes: tuple[str, ...] = ()  # ids of the laws whose clocks run beside the pack's
    order_id_patterns: tuple[str, ...] = ()  # regexes finding order ids in mail; () = defaults
    # Working days the customer has to answer a request for information.
    information_reply_days: int = 5
    # The clause under which the shop verifies a claim (a failed check supports a rejection).
    verification_clause: str | None = None
    # Blanks in clause texts the shop's profile completes in letters.
    profile_placeholders: tuple[Placeholder, ...] = ()
    path: Path | None = None
    builtin: bool = False

    @cached_property
    def _reasons(self) -> dict[str, Reason]:
        return {r.code: r for r in self.reasons}

    @cached_property
    def _clauses(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}

    @cached_property
    def _deadlines(self) -> dict[str, DeadlineRule]:
        return {d.name: d for d in self.deadlines}

    def reason(self, code: str) -> Reason:
        """The reason's rule; KeyError for a code the pack does not know."""
        return self._reasons[code]

    def clause(self, clause_id: str) -> Clause:
        return self._clauses[clause_id]

    def deadline_rule(self, name: str) -> DeadlineRule:
        return self._deadlines[name]

    def deadline_met_by(self, event: str) -> DeadlineRule | None:
        """The deadline that ``event`` (e.g. 'appealed_at') meets, not counting extensions."""
        return next((d for d in self.deadlines if d.met_by == event and not d.supersedes), None)

    def superseding(self, name: str) -> DeadlineRule | None:
        """The deadline that replaces ``name`` once it binds (an extension), or None."""
        return next((d for d in self.deadlines if d.supersedes == name), None)

    def evidence_label(self, code: str) -> str:
        return next((k.label for k in self.evidence_kinds if k.code == code), code)

    def evidence_order(self) -> tuple[str, ...]:
        return tuple(k.code for k in self.evidence_kinds)

    def service_calendar(self) -> ServiceCalendar:
        """The pack's calendar (shared between packs with the same calendar section)."""
        return calendar_for(self.calendar)
