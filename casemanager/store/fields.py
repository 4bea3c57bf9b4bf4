"""Portable field types: exact money, UTC instants, JSON documents.

SQLite stores DECIMAL as a float and DATETIME as naive text, so these fields
pin down one exact representation that sorts correctly on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from peewee import BigIntegerField, DateTimeField, TextField

CENT = Decimal("0.01")


class MoneyField(BigIntegerField):
    """A Decimal amount with at most two places, stored as integer cents."""

    def db_value(self, value: Any) -> int | None:
        if value is None:
            return None
        amount = Decimal(value)
        if amount != amount.quantize(CENT):
            raise ValueError(f"{self.name}: more than two decimal places in {value}")
        return int(amount * 100)

    def python_value(self, value: Any) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(CENT)


class UtcDateTimeField(DateTimeField):
    """An aware instant, stored as naive UTC and read back as aware UTC."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: naive datetime {value!r}; an offset is required")
            # 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC: the text SQLite sorts and compares,
            # and a literal PostgreSQL casts to a timestamp. Written here rather than by
            # the driver's datetime adapter, which is slower and deprecated in sqlite3.
            if value.tzinfo is not dt.UTC:
                value = value.astimezone(dt.UTC)
            return value.isoformat(" ")[:-6]
        return super().db_value(value)

    def db_values(self, values: list) -> list:
        """``db_value`` of each value, in one pass (bulk inserts convert millions)."""
        utc, convert = dt.UTC, self.db_value
        return [
            v.isoformat(" ")[:-6] if type(v) is dt.datetime and v.tzinfo is utc
            else None if v is None else convert(v)
            for v in values
        ]  # fmt: skip

    def python_value(self, value: Any) -> dt.datetime | None:
        value = super().python_value(value)
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=dt.UTC)
        return value


# ``json.dumps`` with these options, without building an encoder per value.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode


class JsonField(TextField):
    """A JSON document in a text column (no database-specific JSON type)."""

    def db_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return _JSON(value)

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.loads(value)
