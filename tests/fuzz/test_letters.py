"""Hostile text through letters: whatever a case accepts issues as a letter and goes out by
mail, or is refused in one line, quickly, and the database still verifies."""

from __future__ import annotations

import email
import time
from email import policy

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casemanager.errors import DomainError
from casemanager.services.admin import integrity
from casemanager.services.letters import issuing, letter_mail
from casemanager.store.models import Letter
from tests.fuzz.strategies import hostile_text
from tests.letters.helpers import rejected

LETTER_FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text the limits accept but a letter might not lay out: scripts, marks, symbols, long words.
printable = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
odd_valid_text = st.one_of(
    st.text(printable, min_size=1, max_size=200),
    st.text(printable, min_size=1, max_size=3).map(lambda s: (s * 200)[:200]),
)
some_text = st.one_of(hostile_text, odd_valid_text, odd_valid_text)
SLOW_S = 10.0  # a letter is rendered in well under a second; a stall shows as this


def _one_line(error: DomainError) -> None:
    text = str(error)
    assert text and "\n" not in text and len(text) < 600, text


@LETTER_FUZZ
@given(
    name=some_text,
    product=some_text,
    explanation=st.one_of(some_text, st.text(printable, min_size=1).map(lambda s: s * 2000)),
    kind=st.sampled_from(("acknowledgement", "rejection")),
)
def test_a_letter_is_issued_or_refused_in_one_line(ctx, name, product, explanation, kind):
    """A case or decision with odd text would crash the letter, stall it, or break its mail."""
    started = time.monotonic()
    try:
        case = rejected(
            ctx,
            explanation=explanation,
            customer_name=name,
            product_name=product or "x",
        )
    except DomainError as exc:
        _one_line(exc)
        event("case or decision refused")
        return
    letters = Letter.select().count()
    try:
        issued = issuing.issue(ctx, case.number, kind)
    except DomainError as exc:
        _one_line(exc)
        assert Letter.select().count() == letters  # nothing half-stored
        event("letter refused")
        return
    assert time.monotonic() - started < SLOW_S
    pdf = issuing.letter_pdf(ctx, issued.id)
    assert pdf.startswith(b"%PDF-")
    raw = letter_mail.letter_draft(ctx, case.number, kind)
    mail = email.message_from_bytes(raw, policy=policy.default)
    (attached,) = list(mail.iter_attachments())
    assert attached.get_content() == pdf
    assert "\n" not in str(mail["Subject"]) and "\n" not in str(mail["To"])
    report = integrity.verify(ctx)
    assert report.ok, report.problems
    event("issued")
