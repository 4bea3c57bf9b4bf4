"""The one set of field limits: what each check accepts, refuses and names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from casemanager import domain
from casemanager.policy import limits
from casemanager.policy.limits import LimitError


def test_vocabularies_match_the_domain():
    """A status the application uses would be refused on import (or a foreign one let in)."""
    assert tuple(s.value for s in domain.CaseStatus) == limits.CASE_STATUSES
    assert limits.EVIDENCE_SOURCES == domain.EVIDENCE_SOURCES
    assert limits.ESCALATION_KINDS == domain.ESCALATION_KINDS


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [("30", "INR", Decimal("30.00")), ("1,0", None, None), ("12.5", "JPY", None),
     ("1200", "JPY", Decimal("1200")), ("0.10", None, Decimal("0.10")), (12, None, Decimal(12))],
)  # fmt: skip
def test_amounts_follow_the_currency(value, currency, expected):
    """Half a yen or a decimal comma would be stored and refunded as something else."""
    if expected is None:
        with pytest.raises(LimitError):
            limits.amount(value, "amount", currency)
    else:
        assert limits.amount(value, "amount", currency) == expected


def test_text_is_normalised_and_refused_by_field():
    """Two spellings of one name would make two customers; a NUL would break exports."""
    assert limits.text(" Jose\u0301 ", "name", 10) == "José"
    for bad in ("a\x00b", "\ud800", "two\nlines"):
        with pytest.raises(LimitError) as caught:
            limits.text(bad, "customer.name", 100)
        assert str(caught.value).startswith("customer.name: ")
    assert limits.text("two\nlines", "notes", 100, multiline=True) == "two\nlines"


def test_plain_ascii_text_is_checked_as_any_other_text():
    """A plain-letter name would be stored unstripped, too long or empty where others are not."""
    assert limits.text("  Asha Verma  ", "name", 10) == "Asha Verma"
    assert limits.text("  ", "name", 10) == ""
    for value, kwargs in (("x" * 11, {}), (" ", {"required": True}), ("a\x7fb", {})):
        with pytest.raises(LimitError):
            limits.text(value, "name", 10, **kwargs)
    assert limits.text("  kept  ", "note", 10, strip=False) == "  kept  "


def test_decimal_amounts_are_checked_as_text_amounts_are():
    """An exact amount would pass with more decimals than its currency has, or below zero."""
    assert limits.amount(Decimal("12.5"), "amount", "INR") == Decimal("12.50")
    assert str(limits.amount(Decimal("-0"), "amount", "INR")) == str(
        limits.amount("-0", "a", "INR")
    )
    for bad in (Decimal("12.345"), Decimal("-1"), Decimal("NaN"), Decimal(limits.MAX_AMOUNT)):
        with pytest.raises(LimitError):
            limits.amount(bad, "amount", "INR")


def test_instants_are_bounded_in_every_offset():
    """A far date would overflow when an offset or a deadline is added."""
    assert limits.instant("2199-12-31T10:00:00-12:00", "at").year == 2199
    for bad in ("2199-12-31T23:00:00-12:00", "1970-01-01T00:00:00+14:00", "2026-03-01T10:00"):
        with pytest.raises(LimitError):
            limits.instant(bad, "at")
    with pytest.raises(LimitError):
        limits.instant(dt.datetime(2026, 3, 1), "at")


def test_json_from_outside():
    """Duplicate keys, NaN or deep nesting would be read as something the writer did not mean."""
    assert limits.load_json(b'{"a": [1, 2.5, "x"]}', "doc") == {"a": [1, 2.5, "x"]}
    for raw, field in (
        (b'{"a": 1, "b": {"c": 1, "c": 2}}', "c"),
        (b'{"a": NaN}', "doc"),
        (b'{"a": 1e999}', "doc"),
        (b"[" * 50 + b"]" * 50, "doc"),
        (b"\xff", "doc"),
    ):
        with pytest.raises(LimitError) as caught:
            limits.load_json(raw, "doc")
        assert caught.value.field == field


def test_case_numbers_follow_their_grammar():
    """A path or a huge string as a case number would reach file names and exports."""
    assert limits.case_number("RC-2026-00042") == "RC-2026-00042"
    for bad in ("../../../tmp/x", "RC-2026-42", "RC-9999-00001", "R" * 10_000, 42):
        with pytest.raises(LimitError):
            limits.case_number(bad)


@pytest.mark.parametrize("record", ["decision", "appeal"])
@pytest.mark.parametrize("column", ["explanation", "override_finding"])
def test_a_decision_explanation_is_bounded_at_import(record, column):
    """An imported decision whose explanation fills pages would be printed in its letter."""
    long = "x" * (limits.DECISION_TEXT + 1)
    with pytest.raises(LimitError) as caught:
        limits.check_record(record, {column: long}, "case.json decisions[0]")
    assert f"{column}: too long" in str(caught.value)
    assert limits.check_record(record, {column: long[:-1]}, "d")[column] == long[:-1]
