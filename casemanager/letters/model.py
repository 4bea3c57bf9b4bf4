"""Plain data a letter is rendered from: no database, no clock, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Letter kinds, with the subject line's default wording living in the templates.
KINDS = (
    "rejection",
    "acknowledgement",
    "extension",
    "information_request",
    "approval",
    "replacement",
    "appeal_acknowledgement",
    "appeal_decision",
)
# Kinds that tell the customer a decision: issuing one records "customer notified".
DECISION_KINDS = frozenset({"rejection", "approval", "replacement", "appeal_decision"})


@dataclass(frozen=True)
class Shop:
    name: str
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    logo: bytes | None = None
    grievance: str = ""  # the grievance officer a statute makes the shop name, if any

    @property
    def contact_line(self) -> str:
        parts = (self.email, self.phone, self.website, self.grievance)
        return " · ".join(x for x in parts if x)


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class ClauseQuote:
    """One reason of a decision: the clause, its title and its exact text.

    ``completed``: (blank, value, what) for each blank of the policy's text that
    the shop's details filled in; the letter says so under the quote.
    """

    id: str
    title: str
    text: str
    completed: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Template:
    """Editable wording: a subject and a body with {placeholders} and [[blocks]]."""

    name: str
    subject: str
    body: str
    version: str


@dataclass(frozen=True)
class LetterData:
    """Everything one letter shows; ``values`` fill the template's placeholders."""

    kind: str
    shop: Shop
    recipient: Recipient
    date: str  # the letter's date as printed, e.g. "12 March 2026"
    references: tuple[tuple[str, str], ...]  # (label, value): case, order, product ...
    template: Template
    values: dict[str, str]
    reasons: tuple[ClauseQuote, ...] = ()
    facts: tuple[str, ...] = ()
    explanation: str = ""
    signer: str = ""
    footer: str = ""  # small print beside the page number (case number)
    # Identity of an issued letter; a preview (draft) has none and is marked DRAFT.
    draft: bool = True
    reference: str = ""  # RC-2026-00042/L3
    issued_at: dt.datetime | None = None
    issued_line: str = ""  # the issue time as printed, with its zone


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: tuple[tuple[str, str], ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    lines: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()  # fractions of the line per table column (default equal)


@dataclass(frozen=True)
class Report:
    """A case summary or a deadline sheet: titled sections of rows, tables and lines."""

    title: str
    shop: Shop
    subtitle: str
    sections: tuple[SummarySection, ...] = field(default_factory=tuple)
    footer: str = ""
    landscape: bool = False


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    missing: frozenset[str] = frozenset()  # characters no embedded font can draw
