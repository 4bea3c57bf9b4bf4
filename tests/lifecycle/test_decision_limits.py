"""A decision's texts keep the field limits: refused by name before anything is stored."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
from casemanager.services.lifecycle.transitions import LifecycleError
from casemanager.store.models import Case, Decision
from tests.factories import IST
from tests.letters.helpers import under_review


def _reject(ctx, number: str, **changes) -> None:
    values = dict(
        outcome="rejected",
        clauses=["3.1"],
        explanation="Reported after the window.",
        decided_by="tester",
        at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST),
    )
    record_decision(ctx, number, DecisionInput(**(values | changes)))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"explanation": "x" * 1_000_000}, "explanation", "too long"),
        ({"explanation": "bad \ud800"}, "explanation", "lone surrogate"),
        ({"explanation": "a\x00b"}, "explanation", "NUL"),
        ({"decided_by": "Eve\nX-Injected: 1"}, "decided_by", "line break"),
        ({"note": "n" * 5000}, "note", "too long"),
    ],
)
def test_oversize_or_broken_decision_text_is_refused_by_field(ctx, changes, field, words):
    """A 1 MB explanation used to stall the letter inside the write; now it is refused at once."""
    case = under_review(ctx)
    started = time.monotonic()
    with pytest.raises(LifecycleError) as caught:
        _reject(ctx, case.number, **changes)
    assert time.monotonic() - started < 1
    assert caught.value.field == field and words in str(caught.value)
    assert str(caught.value).startswith(f"{field}: ")
    assert Decision.select().count() == 0
    assert Case.get(Case.number == case.number).status == "under_review"


def test_decision_text_is_stored_normalised(ctx):
    """A decomposed accent in the explanation is stored in its composed form (NFC)."""
    case = under_review(ctx)
    _reject(ctx, case.number, explanation="Refuse\u0301 apre\u0300s la fene\u0302tre.")
    assert Decision.get().explanation == "Refusé après la fenêtre."
