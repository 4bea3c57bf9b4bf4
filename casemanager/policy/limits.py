"""The field limits of every record: one type, range and length per field, defined once.

Every edge that takes data in (the case form, the command line, ``assess``,
bundle import, mail intake, order import) checks it here, so nothing that is
accepted can later break a letter, an export or the interface, and every
refusal is a ``LimitError`` naming the field, never a raw exception.

How an intake adopts the limits:

- one value: ``text(value, "customer.name", NAME)``, ``amount(value, "amount",
  currency="INR")``, ``instant(value, "purchased_at")``, ``day(...)``,
  ``code(value, "reason", REASONS)``, ``case_number(value)``;
- one record as plain JSON-like data: ``check_record("order", data, "order")``
  checks every field listed in ``RECORDS["order"]`` (unknown keys are ignored,
  so a newer writer's extra columns do not refuse a file);
- JSON bytes from outside: ``load_json(raw, "claim")`` refuses duplicate keys at
  any level, non-finite numbers, oversize input and deep nesting.

Text comes back normalised to NFC; NUL, lone surrogates and (in one-line
fields) control characters are refused rather than silently dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from casemanager.display import currency_decimals
from casemanager.errors import DomainError
from casemanager.policy.vocabulary import (
    CASE_EVENTS,
    DECISIONS,
    EVIDENCE_KINDS,
    PRODUCT_KINDS,
    REASONS,
    REMEDIES,
)

# Instants: before 1970 or after 2199 is a typing mistake, and far years overflow
# date arithmetic once an offset or a deadline is added.
MIN_YEAR, MAX_YEAR = 1970, 2199

# Amounts: at least zero, below a trillion in the currency's major unit, with at
# most the currency's decimals (stored as integer minor units).
MAX_AMOUNT = Decimal(10) ** 12

# Lengths in characters (after NFC). Chosen so that every value fits a letter's
# and a summary's layout and a CSV cell; see tests/fuzz.
NAME = 200  # customer, product, vendor, counterpart, actor
EMAIL = 254  # RFC 5321 path limit
PHONE = 40
ORDER_REF = 100
LICENSE_CODE = 255  # the column is a VARCHAR(255) on PostgreSQL
REFERENCE = 200
CODE = 32  # status, kind, deadline name, ... (identifier codes)
# A long value is printed as paragraphs in a case summary, but an evidence description
# shares a narrow table column, whose cells cannot break across pages.
SHORT_TEXT = 1_000  # notes, an address, reasons for a change, an evidence description
LONG_TEXT = 20_000  # a case's description, an appeal's grounds
# A decision's explanation and an override's finding are printed in the letter itself:
# about two pages, so a letter stays a letter and a slip of the paste is caught.
DECISION_TEXT = 5_000
LIST_ITEMS = 100  # clauses, explanation lines

CASE_NUMBER = re.compile(r"RC-(\d{4})-(\d{5,6})")
CODE_SHAPE = re.compile(r"[a-z][a-z0-9_.]{0,31}")
CURRENCY_SHAPE = re.compile(r"[A-Z]{3}")

# JSON from outside: bounded in size and depth before anything reads it.
JSON_MAX_BYTES = 64 * 1024 * 1024
JSON_MAX_DEPTH = 32

CASE_STATUSES: tuple[str, ...] = (
    "received",
    "acknowledged",
    "under_review",
    "awaiting_customer",
    "extended",
    "approved",
    "rejected",
    "refund_pending",
    "refunded",
    "replacement_sent",
    "customer_notified",
    "appeal_filed",
    "appeal_under_review",
    "appeal_upheld",
    "appeal_rejected",
    "escalated",
    "closed",
    "withdrawn",
    "cancelled",
)
EVIDENCE_SOURCES: tuple[str, ...] = ("customer", "shop", "manufacturer", "third_party")
DECISION_OUTCOMES: tuple[str, ...] = ("approved", "rejected")
APPEAL_OUTCOMES: tuple[str, ...] = ("upheld", "rejected")
DEADLINE_STATES: tuple[str, ...] = ("open", "met", "missed")
ESCALATION_KINDS: tuple[str, ...] = ("negotiation", "mediation", "arbitration", "litigation")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class LimitError(DomainError, ValueError):
    """A value outside its field's limits; ``str()`` starts with the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


def shown(value: Any) -> str:
    """A short, safe rendering of a refused value for the message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}… ({len(str(value))} characters)"


# --- single values ---------------------------------------------------------------------


def text(
    value: Any,
    field: str,
    max_len: int,
    *,
    required: bool = False,
    multiline: bool = False,
    strip: bool = True,
) -> str:
    """Text of at most ``max_len`` characters, NFC, without NUL or lone surrogates."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LimitError(field, f"must be text, not {type(value).__name__}")
    # Check the length first: normalising or scanning a huge value is itself the attack.
    if len(value) > 4 * max_len + 16:
        raise LimitError(field, f"too long ({len(value)} characters; at most {max_len})")
    if value.isascii() and value.isprintable():
        # Printable ASCII: no control character, NUL or surrogate, already NFC, and its
        # only blank is the space; most values are such and skip the scans below.
        if strip:
            value = value.strip()
        if len(value) > max_len:
            raise LimitError(field, f"too long ({len(value)} characters; at most {max_len})")
        if required and not value:
            raise LimitError(field, "is required")
        return value
    if _SURROGATE.search(value):
        raise LimitError(field, "contains a broken character (a lone surrogate)")
    if "\x00" in value:
        raise LimitError(field, "contains a NUL character")
    if strip:  # surrounding blanks (tabs, line breaks) are dropped, not refused
        value = value.strip()
    if (_CONTROL if multiline else _LINE_CONTROL).search(value):
        where = "" if multiline else " or line break"
        raise LimitError(field, f"contains a control character{where}")
    value = unicodedata.normalize("NFC", value)
    if len(value) > max_len:
        raise LimitError(field, f"too long ({len(value)} characters; at most {max_len})")
    if required and not value:
        raise LimitError(field, "is required")
    return value


def code(value: Any, field: str, choices: tuple[str, ...], what: str = "value") -> str:
    """One code of a fixed vocabulary."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(choices) if len(choices) <= 20 else f"{len(choices)} codes"
        raise LimitError(field, f"unknown {what} {shown(value)} (one of: {listed})")
    return value


def identifier(value: Any, field: str) -> str:
    """A lower-case code such as a deadline name or a letter kind (``[a-z][a-z0-9_.]*``)."""
    if not isinstance(value, str) or not CODE_SHAPE.fullmatch(value):
        raise LimitError(field, f"not a code (lower-case letters, digits, _): {shown(value)}")
    return value


def case_number(value: Any, field: str = "number") -> str:
    """A case number as the shop writes it: ``RC-YYYY-NNNNN``."""
    found = CASE_NUMBER.fullmatch(value) if isinstance(value, str) and len(value) < 20 else None
    if not found or not MIN_YEAR <= int(found.group(1)) <= MAX_YEAR:
        raise LimitError(field, f"not a case number (RC-YYYY-NNNNN): {shown(value)}")
    return value


def currency(value: Any, field: str = "currency") -> str:
    """An ISO 4217 code of three capital letters."""
    if not isinstance(value, str) or not CURRENCY_SHAPE.fullmatch(value):
        raise LimitError(field, f"not a three-letter currency code such as INR: {shown(value)}")
    return value


def amount(value: Any, field: str, currency: str | None = None) -> Decimal:
    """A non-negative amount below ``MAX_AMOUNT`` with at most the currency's decimals.

    Given as text ('30.00'), an integer or a finite float; commas as thousands
    separators are not accepted here (the form strips them first).
    """
    if type(value) is Decimal and value.is_finite() and 0 <= value < MAX_AMOUNT:
        return _places(value, value, field, currency)  # the usual case, checked at once
    bad = f"not a decimal amount: {shown(value)}"
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise LimitError(field, bad)
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 40:  # '1e999999999' is short, but a 10 MB string of digits is not
            raise LimitError(field, f"too long to be an amount ({len(value)} characters)")
    if isinstance(value, int) and abs(value) >= MAX_AMOUNT:
        raise LimitError(field, f"too large (below {MAX_AMOUNT:,})")
    if isinstance(value, float) and not math.isfinite(value):
        raise LimitError(field, bad)
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (ValueError, InvalidOperation):
        raise LimitError(field, bad) from None
    if not number.is_finite():
        raise LimitError(field, bad)
    if number < 0:
        raise LimitError(field, f"must be 0 or more: {shown(value)}")
    if number >= MAX_AMOUNT:
        raise LimitError(field, f"too large (below {MAX_AMOUNT:,})")
    return _places(number, value, field, currency)


def _places(number: Decimal, value: Any, field: str, currency: str | None) -> Decimal:
    """``number`` (finite, in range) with no more decimals than the currency has."""
    decimals = currency_decimals(currency)
    # Safe: the range checks above bound the digits quantize has to produce.
    rounded = number.quantize(Decimal(1).scaleb(-decimals))
    if rounded != number:
        places = ("no decimal places", "at most one decimal place", "at most two decimal places")[
            decimals
        ]
        unit = f" in {currency}" if currency else ""
        raise LimitError(field, f"{places}{unit}: {shown(value)}")
    return rounded


def _in_range(year: int, field: str, value: Any) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        if isinstance(value, dt.date):
            value = value.isoformat()
        raise LimitError(field, f"year outside {MIN_YEAR}-{MAX_YEAR}: {shown(value)}")


def instant(value: Any, field: str) -> dt.datetime:
    """An aware instant (ISO 8601 text with offset, or a datetime) within 1970-2199."""
    given = value
    if isinstance(value, str):
        if len(value) > 64:
            raise LimitError(field, _not_instant(given))
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise LimitError(field, _not_instant(given)) from None
    if not isinstance(value, dt.datetime):
        raise LimitError(field, _not_instant(given))
    if value.tzinfo is None or value.utcoffset() is None:
        raise LimitError(field, f"{_not_instant(given)} (naive: the UTC offset is missing)")
    _in_range(value.year, field, value)
    _in_range(value.astimezone(dt.UTC).year, field, value)  # safe: the year is in range
    return value


def _not_instant(value: Any) -> str:
    return f"not an ISO 8601 date-time with UTC offset: {shown(value)}"


def day(value: Any, field: str) -> dt.date:
    """A calendar date (ISO 8601 text or a date) within 1970-2199."""
    if isinstance(value, str) and len(value) <= 16:
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise LimitError(field, f"not an ISO 8601 date (YYYY-MM-DD): {shown(value)}")
    _in_range(value.year, field, value)
    return value


def whole(value: Any, field: str, lo: int = 0, hi: int = 2**53) -> int:
    """A whole number in ``[lo, hi]`` (never a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise LimitError(field, f"not a whole number from {lo} to {hi}: {shown(value)}")
    return value


def flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise LimitError(field, f"must be true or false: {shown(value)}")
    return value


def text_list(value: Any, field: str, max_len: int = SHORT_TEXT) -> list[str]:
    """A list of at most ``LIST_ITEMS`` short texts (clauses, explanation lines)."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > LIST_ITEMS:
        raise LimitError(field, f"must be a list of at most {LIST_ITEMS} texts")
    return [text(item, f"{field}[{i}]", max_len) for i, item in enumerate(value)]


# --- whole records -----------------------------------------------------------------------

Check = Callable[[Any, str], Any]


def _text(max_len: int, required: bool = False, multiline: bool = False) -> Check:
    return lambda v, f: text(v, f, max_len, required=required, multiline=multiline)


def _code(choices: tuple[str, ...], what: str = "value", empty: bool = False) -> Check:
    return lambda v, f: "" if empty and v in ("", None) else code(v, f, choices, what)


def _optional(check: Check) -> Check:
    return lambda v, f: None if v is None else check(v, f)


_AMOUNT: Check = amount
_INSTANT: Check = instant
_DAY: Check = day
_FLAG: Check = flag
_CODE_ID: Check = identifier
_CURRENCY: Check = currency
_ACTOR = _text(NAME)

# Per record, per field: the check of its JSON value. Keys match the stored columns.
RECORDS: dict[str, dict[str, Check]] = {
    "customer": {
        "name": _text(NAME, required=True),
        "email": _text(EMAIL),
        "phone": _text(PHONE),
        "address": _text(SHORT_TEXT, multiline=True),
        "notes": _text(SHORT_TEXT, multiline=True),
        "created_at": _INSTANT,
    },
    "product": {
        "name": _text(NAME, required=True),
        "kind": _code(PRODUCT_KINDS, "product kind"),
        "third_party": _FLAG,
        "vendor": _text(NAME),
    },
    "order": {
        "order_ref": _text(ORDER_REF),
        "purchased_at": _INSTANT,
        "delivered_at": _optional(_INSTANT),
        "amount_paid": _AMOUNT,
        "currency": _CURRENCY,
        "payment_method": _text(CODE),
        "license_code": _text(LICENSE_CODE),
        "subscription_start": _optional(_DAY),
        "subscription_end": _optional(_DAY),
    },
    "case": {
        "number": case_number,
        "policy_id": _text(64, required=True),
        "policy_version": _text(CODE, required=True),
        "reason": _code(REASONS, "reason"),
        "description": _text(LONG_TEXT, multiline=True),
        "reported_at": _INSTANT,
        "status": _code(CASE_STATUSES, "status"),
        "next_due_at": _optional(_INSTANT),
        "next_due_name": _optional(_CODE_ID),
        "created_at": _INSTANT,
        "updated_at": _INSTANT,
        "closed_at": _optional(_INSTANT),
        **{name: _optional(_INSTANT) for name in ("discovered_at", *CASE_EVENTS)},
    },
    "deadline": {
        "name": _CODE_ID,
        "due_at": _INSTANT,
        "state": _code(DEADLINE_STATES, "deadline state"),
        "met_at": _optional(_INSTANT),
        "explanation": lambda v, f: text_list(v, f),
    },
    "decision": {
        "outcome": _code(DECISION_OUTCOMES, "outcome"),
        "remedy": _optional(_code(REMEDIES, "remedy")),
        "clauses": lambda v, f: text_list(v, f, CODE),
        "explanation": _text(DECISION_TEXT, multiline=True),
        "override_finding": _text(DECISION_TEXT, multiline=True),
        "refund_amount": _optional(_AMOUNT),
        "currency": _optional(_CURRENCY),
        "amount_reason": _text(SHORT_TEXT, multiline=True),
        "assessed_amount": _optional(_AMOUNT),
        "decided_by": _ACTOR,
        "decided_at": _INSTANT,
    },
    "appeal": {
        "filed_at": _INSTANT,
        "late": _FLAG,
        "grounds": _text(LONG_TEXT, multiline=True),
        "reviewer": _optional(_ACTOR),
        "outcome": _optional(_code(APPEAL_OUTCOMES, "appeal outcome")),
        "clauses": lambda v, f: text_list(v, f, CODE),
        "explanation": _text(DECISION_TEXT, multiline=True),
        "override_finding": _text(DECISION_TEXT, multiline=True),
        "decided_at": _optional(_INSTANT),
        "evidence_note": _text(SHORT_TEXT, multiline=True),
    },
    "escalation": {
        "kind": _code(ESCALATION_KINDS, "escalation kind"),
        "started_on": _DAY,
        "counterpart": _text(NAME),
        "reference": _text(REFERENCE),
        "outcome": _text(SHORT_TEXT, multiline=True),
    },
    "evidence": {
        "kind": _code(EVIDENCE_KINDS, "evidence kind"),
        "description": _text(SHORT_TEXT, multiline=True),
        "source": _code(EVIDENCE_SOURCES, "evidence source"),
        "original_name": _text(255),
        "received_at": _INSTANT,
        "added_at": _INSTANT,
        "added_by": _ACTOR,
        "verified_at": _optional(_INSTANT),
        "verified_by": _optional(_ACTOR),
        "verified_note": _optional(_text(SHORT_TEXT, multiline=True)),
        "removed_at": _optional(_INSTANT),
        "removed_by": _optional(_ACTOR),
        "removed_reason": _optional(_text(SHORT_TEXT, multiline=True)),
    },
    "letter": {
        "kind": _CODE_ID,
        "template_version": _text(CODE, required=True),
        "issued_at": _INSTANT,
        "issued_by": _ACTOR,
    },
}

# Decisions the policy engine gives; re-exported so intakes name one vocabulary.
ASSESSMENT_DECISIONS = DECISIONS


def check_record(record: str, data: Any, where: str) -> dict[str, Any]:
    """Every known field of ``data`` checked against ``RECORDS[record]``; the checked values.

    ``where`` prefixes the field in the message (``"case.json order.amount_paid"``).
    Amounts are checked with the record's own ``currency`` when it has one.
    """
    if not isinstance(data, Mapping):
        raise LimitError(where, f"expected an object, not {type(data).__name__}")
    checks = RECORDS[record]
    checked: dict[str, Any] = {}
    money = data.get("currency") if isinstance(data.get("currency"), str) else None
    for name, check in checks.items():
        if name not in data:
            continue
        value, field = data[name], f"{where}.{name}"
        if check is _AMOUNT or (name.endswith("amount") and value is not None):
            checked[name] = amount(value, field, money)
        else:
            checked[name] = check(value, field)
    return checked


def check_strings(value: Any, field: str, max_len: int = 4 * LONG_TEXT) -> None:
    """Every string anywhere in a JSON value: no NUL, no lone surrogate, bounded length.

    For the free-form parts of a document (an audit event's data) that no record
    lists; iterative, so a deep document cannot exhaust the stack.
    """
    todo: list[tuple[Any, str]] = [(value, field)]
    while todo:
        item, at = todo.pop()
        if isinstance(item, dict):
            todo.extend((k, f"{at} key") for k in item)
            todo.extend((v, f"{at}.{k}"[:200]) for k, v in item.items())
        elif isinstance(item, list):
            todo.extend((v, f"{at}[{i}]") for i, v in enumerate(item))
        elif isinstance(item, str):
            if len(item) > max_len:
                raise LimitError(at, f"too long ({len(item)} characters; at most {max_len})")
            if "\x00" in item or _SURROGATE.search(item):
                raise LimitError(at, "contains a NUL character or a broken character")


# --- JSON from outside -------------------------------------------------------------------


def _no_duplicates(field: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                # Named by the key itself: that is what the writer of the file must correct.
                raise LimitError(str(key)[:64], f"given twice in one object (in {field})")
            out[key] = value
        return out

    return build


def _refuse_constant(field: str) -> Callable[[str], Any]:
    def refuse(name: str) -> Any:
        raise LimitError(field, f"{name} is not a number")

    return refuse


def _depth(value: Any, limit: int) -> int:
    """Nesting depth, without recursion (a deep document must not exhaust the stack)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            todo.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def load_json(
    raw: bytes | str, field: str, max_bytes: int = JSON_MAX_BYTES, max_depth: int = JSON_MAX_DEPTH
) -> Any:
    """Decode JSON from outside, refusing what a plain ``json.loads`` lets through.

    Refused, naming ``field``: more than ``max_bytes``, text that is not UTF-8,
    the same key twice in one object (at any level), NaN and Infinity, integers
    of more than 100 digits, nesting deeper than ``max_depth``.
    """
    if len(raw) > max_bytes:
        raise LimitError(field, f"too large ({len(raw):,} bytes; at most {max_bytes:,})")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LimitError(field, "not UTF-8 text") from None
    # A quick bound before parsing: depth can only come from brackets.
    opening = raw.count("[") + raw.count("{")
    try:
        value = json.loads(
            raw,
            object_pairs_hook=_no_duplicates(field),
            parse_constant=_refuse_constant(field),
            parse_int=lambda s: _int(s, field),
            parse_float=lambda s: _float(s, field),
        )
    except RecursionError:
        raise LimitError(field, f"nested more than {max_depth} levels deep") from None
    except LimitError:
        raise
    except ValueError as exc:
        raise LimitError(field, f"not valid JSON: {' '.join(str(exc).split())[:200]}") from None
    if opening > max_depth and _depth(value, max_depth) > max_depth:
        raise LimitError(field, f"nested more than {max_depth} levels deep")
    return value


def _int(digits: str, field: str) -> int:
    if len(digits) > 100:
        raise LimitError(field, f"a number of {len(digits)} digits")
    return int(digits)


def _float(digits: str, field: str) -> float:
    value = float(digits)
    if not math.isfinite(value) or len(digits) > 100:
        raise LimitError(field, f"the number {shown(digits)} is out of range")
    return value
