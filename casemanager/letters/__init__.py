"""Letters and printable reports rendered with ReportLab from plain data (no Qt, no database).

Public API: the data classes of ``model``, ``render_letter(LetterData)`` and
``render_report(Report)`` returning ``RenderResult`` (PDF bytes, page count,
characters no embedded font can draw), and the templates of ``templates``.
"""

from casemanager.letters.model import (
    DECISION_KINDS,
    KINDS,
    ClauseQuote,
    LetterData,
    Recipient,
    RenderResult,
    Report,
    Shop,
    SummarySection,
    Template,
)
from casemanager.letters.render import render_letter

__all__ = [
    "DECISION_KINDS",
    "KINDS",
    "ClauseQuote",
    "LetterData",
    "Recipient",
    "RenderResult",
    "Report",
    "Shop",
    "SummarySection",
    "Template",
    "render_letter",
]
