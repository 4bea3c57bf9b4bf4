"""Reading one cell as what it means: text, an exact amount, an instant with its zone.

Every failure names the file line and the column, so the owner can find the
cell in a spreadsheet. Cells that look like formulas (``=…``, ``+…``) are
kept as text: nothing here ever evaluates them, and as an amount they are an
error, not a number.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casemanager.exchange.orders.model import OrderFileError

CENT = Decimal("0.01")
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_SLASHED = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_MONEY = re.compile(r"-?\d[\d.,]*")
# A currency code or symbol before or after the number.
_MONEY_DECOR = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹])\s*|\s*(?:[A-Z]{3}|[$€£¥₹])$")
# Abbreviations PayPal and others print in a "Time zone" column: the offset they stand for.
ZONE_ABBREVIATIONS = {
    "UTC": 0.0, "GMT": 0.0, "Z": 0.0, "WET": 0.0, "BST": 1.0, "CET": 1.0, "CEST": 2.0,
    "EET": 2.0, "EEST": 3.0, "MSK": 3.0, "IST": 5.5, "PKT": 5.0, "ICT": 7.0, "SGT": 8.0,
    "HKT": 8.0, "CST CHINA": 8.0, "JST": 9.0, "KST": 9.0, "AEST": 10.0, "AEDT": 11.0,
    "NZST": 12.0, "NZDT": 13.0, "HST": -10.0, "AKST": -9.0, "AKDT": -8.0, "PST": -8.0,
    "PDT": -7.0, "MST": -7.0, "MDT": -6.0, "CST": -6.0, "CDT": -5.0, "EST": -5.0,
    "EDT": -4.0, "BRT": -3.0, "ART": -3.0,
}  # fmt: skip


def zone_named(text: str, line: int = 0, column: str | None = None) -> dt.tzinfo:
    """'PDT', 'Europe/Berlin', '+05:30' or 'GMT+01:00' as a tzinfo."""
    name = text.strip()
    upper = name.upper()
    if upper in ZONE_ABBREVIATIONS:
        return _fixed(ZONE_ABBREVIATIONS[upper], upper)
    offset = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?", upper)
    if offset:
        sign = -1 if offset[1] == "-" else 1
        return _fixed(sign * (int(offset[2]) + int(offset[3] or 0) / 60), upper)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise OrderFileError(f"unknown time zone {name!r}", line, column) from None


def _fixed(hours: float, name: str) -> dt.tzinfo:
    return dt.UTC if hours == 0 else dt.timezone(dt.timedelta(hours=hours), name)


class Cells:
    """One row of an export, read cell by cell with errors that say where."""

    def __init__(self, line: int, row: dict[str, str]) -> None:
        self.line = line
        self.row = row

    def text(self, *columns: str) -> str:
        """The first of ``columns`` the file has that is not empty, stripped."""
        for column in columns:
            value = self.row.get(column)
            if value is not None and value.strip():
                return value.strip()
        return ""

    def has(self, column: str) -> bool:
        return column in self.row

    def need(self, column: str, what: str = "") -> str:
        value = self.text(column)
        if not value:
            raise OrderFileError(f"{what or 'a value'} is required here", self.line, column)
        return value

    def error(self, message: str, column: str | None = None) -> OrderFileError:
        return OrderFileError(message, self.line, column)

    def amount(self, column: str, minor_units: bool = False, default: str | None = None) -> Decimal:
        """The cell as an exact amount in main units; ``minor_units`` for paise or cents."""
        raw = self.text(column)
        if not raw:
            if default is not None:
                return Decimal(default)
            raise self.error("an amount is required here", column)
        value = parse_amount(raw)
        if value is None:
            raise self.error(f"not an amount: {raw!r}", column)
        if minor_units:
            if value != value.to_integral_value():
                raise self.error(f"an amount in the smallest unit has no decimals: {raw!r}", column)
            return (value / 100).quantize(CENT)
        if value != value.quantize(CENT):
            raise self.error(f"more than two decimal places: {raw!r}", column)
        return value

    def instant(
        self,
        column: str,
        zone: dt.tzinfo | None,
        day_first: bool = False,
        required: bool = True,
    ) -> dt.datetime | None:
        """The cell as an aware instant; naive times are in ``zone`` (asked once per file)."""
        raw = self.text(column)
        if not raw:
            if required:
                raise self.error("a date is required here", column)
            return None
        value = parse_instant(raw, day_first)
        if value is None:
            raise self.error(f"not a date and time: {raw!r}", column)
        if value.tzinfo is None:
            if zone is None:
                raise self.error(
                    "the file does not say the time zone: choose the zone its times are in",
                    column,
                )
            value = value.replace(tzinfo=zone)
        return value.astimezone(dt.UTC)


def parse_amount(text: str) -> Decimal | None:
    """'1,234.50', '1.234,50', '₹ 499', 'USD 10.00', '(5.00)' as a Decimal; None if not one."""
    raw = _MONEY_DECOR.sub("", text.strip()).strip()
    negative = raw.startswith("(") and raw.endswith(")")
    cleaned = raw.strip("()").replace(" ", "").replace("\u00a0", "")
    if not _MONEY.fullmatch(cleaned):  # a formula, a word, two numbers: not an amount
        return None
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _, tail = cleaned.rpartition(",")
        decimal_comma = cleaned.count(",") == 1 and len(tail) in (1, 2)
        cleaned = f"{head}.{tail}" if decimal_comma else cleaned.replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return -value if negative else value


def parse_instant(text: str, day_first: bool = False) -> dt.datetime | None:
    """ISO, 'M/D/YYYY h:mm[:ss] [AM]' (or day first) or Unix seconds; aware when stated."""
    raw = text.strip()
    if raw.isdigit() and 9 <= len(raw) <= 10:
        return dt.datetime.fromtimestamp(int(raw), dt.UTC)
    match = _ISO.match(raw)
    try:
        if match:
            y, mo, d, h, mi, s, zone = match.groups()
            value = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
            return value.replace(tzinfo=_offset(zone)) if zone else value
        match = _SLASHED.match(raw)
        if match:
            a, b, y, h, mi, s, half = match.groups()
            month, day = (int(b), int(a)) if day_first else (int(a), int(b))
            hour = int(h or 0)
            if half:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if half.lower() == "pm" else 0)
            return dt.datetime(int(y), month, day, hour, int(mi or 0), int(s or 0))
    except ValueError:
        return None
    return None


def _offset(text: str) -> dt.tzinfo:
    if text in ("Z", "UTC", "GMT"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_date(text: str) -> dt.date | None:
    value = parse_instant(text)
    return value.date() if value else None


_KINDS = (
    ("gift_card", ("gift card", "giftcard", "gift-card", "voucher")),
    ("subscription", ("subscription", "membership", "monthly", "yearly", "annual", "/month")),
    ("game_code", ("game code", "steam", "psn", "xbox", "nintendo", "game key")),
    ("in_game_item", ("in-game", "in game", "skin", "coins", "gems")),
    ("license_key", ("licence", "license", "key", "serial", "activation")),
)


def guess_kind(*texts: str, recurring: bool = False) -> str:
    """The product kind a name or SKU suggests; a recurring charge is a subscription."""
    if recurring:
        return "subscription"
    joined = " ".join(t.lower() for t in texts if t)
    for kind, words in _KINDS:
        if any(w in joined for w in words):
            return kind
    return "digital_content"


_METHODS = (
    ("paypal", ("paypal",)),
    ("upi", ("upi", "vpa")),
    ("net_banking", ("netbanking", "net banking", "net_banking")),
    ("debit_card", ("debit",)),
    ("alipay", ("alipay",)),
    ("wechat_pay", ("wechat",)),
    ("bank_transfer", ("bank transfer", "bacs", "wire", "sepa", "ach", "bank")),
    ("credit_card", ("card", "credit", "stripe", "shopify payments", "visa", "mastercard", "amex")),
)


def payment_method(label: str) -> str:
    """The vocabulary's payment method for a platform's label ('' when none fits)."""
    lowered = label.lower()
    for method, words in _METHODS:
        if any(w in lowered for w in words):
            return method
    return ""


def full_name(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
