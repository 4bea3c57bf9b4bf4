"""Model rows as plain JSON values and back, field by field, for case bundles.

Every column is written (foreign keys as the referenced id), so a bundle holds
the whole record; reading back converts each value to its field's Python type
and names the field when a value does not fit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from peewee import DateField, ForeignKeyField, Model

from casemanager.errors import DomainError
from casemanager.store.fields import JsonField, MoneyField, UtcDateTimeField


class RowError(DomainError, ValueError):
    """A value in a bundle's case.json that does not fit its column."""


def to_json(row: Model) -> dict[str, Any]:
    """All columns of ``row``: instants and dates ISO 8601, money as exact text."""
    out: dict[str, Any] = {}
    for field in type(row)._meta.sorted_fields:
        value = row.__data__.get(field.name)
        if isinstance(field, ForeignKeyField):
            out[field.name] = value
        elif isinstance(value, dt.datetime | dt.date):
            out[field.name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[field.name] = str(value)
        else:
            out[field.name] = value
    return out


def from_json(model: type[Model], data: dict[str, Any], where: str) -> dict[str, Any]:
    """Column values for ``model`` from ``data`` (without the primary key and foreign keys)."""
    if not isinstance(data, dict):
        raise RowError(f"{where}: expected an object")
    values: dict[str, Any] = {}
    for field in model._meta.sorted_fields:
        if field.primary_key or isinstance(field, ForeignKeyField):
            continue
        if field.name not in data:
            if field.null or field.default is not None:
                continue
            raise RowError(f"{where}.{field.name}: missing")
        values[field.name] = _value(field, data[field.name], f"{where}.{field.name}")
    return values


def _value(field: Any, value: Any, where: str) -> Any:
    if value is None:
        if not field.null:
            raise RowError(f"{where}: must not be empty")
        return None
    try:
        if isinstance(field, UtcDateTimeField):
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError("no UTC offset")
            return parsed.astimezone(dt.UTC)
        if isinstance(field, DateField):
            return dt.date.fromisoformat(value)
        if isinstance(field, MoneyField):
            amount = Decimal(str(value))
            if not amount.is_finite():
                raise ValueError("not a finite amount")
            return amount
        if isinstance(field, JsonField):
            return value
        if field.field_type in ("INT", "BIGINT"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("not a whole number")
            return value
        if field.field_type == "BOOL":
            if not isinstance(value, bool):
                raise ValueError("not true or false")
            return value
        if not isinstance(value, str):
            raise ValueError("not text")
        return value
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise RowError(f"{where}: {exc}: {value!r}"[:200]) from None
