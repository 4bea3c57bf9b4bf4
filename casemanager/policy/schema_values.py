"""Readers of one JSON value of a pack file: each checks its type and range, or raises
``Invalid`` with the key path (``reasons.invalid_code.evidence[1]``) and the problem.

``schema`` builds a PolicyPack from them and turns ``Invalid`` into a PackError.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_TIME = re.compile(r"^(\d\d):(\d\d)$")


class _Invalid(Exception):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key, self.problem = key, problem


def _at(key: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{key}[{name}]"
    return f"{key}.{name}" if key else name


def _obj(v: Any, key: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(v, dict):
        raise _Invalid(key, "must be an object")
    for name in required:
        if name not in v:
            raise _Invalid(_at(key, name), "missing")
    for name in v:
        if name not in required and name not in optional and not str(name).startswith("_"):
            raise _Invalid(_at(key, name), "unknown key")
    return v


def _str(v: Any, key: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise _Invalid(key, "must be a non-empty string")
    return v


def _opt_str(v: Any, key: str) -> str | None:
    return None if v is None else _str(v, key)


def _bool(v: Any, key: str) -> bool:
    if not isinstance(v, bool):
        raise _Invalid(key, "must be true or false")
    return v


def _int(v: Any, key: str, lo: int, hi: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise _Invalid(key, f"must be a whole number from {lo} to {hi}")
    return v


def _list(v: Any, key: str) -> list:
    if not isinstance(v, list):
        raise _Invalid(key, "must be a list")
    return v


def _choice(v: Any, key: str, choices: tuple[str, ...] | list[str]) -> str:
    if v not in choices:
        raise _Invalid(key, f"{v!r} is not one of {', '.join(choices)}")
    return v


def _codes(v: Any, key: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    items = [_choice(x, _at(key, i), choices) for i, x in enumerate(_list(v, key))]
    for i, x in enumerate(items):
        if x in items[:i]:
            raise _Invalid(_at(key, i), f"{x!r} listed twice")
    return tuple(items)


def _date(v: Any, key: str) -> date:
    try:
        return date.fromisoformat(_str(v, key))
    except ValueError:
        raise _Invalid(key, f"not an ISO 8601 date (YYYY-MM-DD): {v!r}") from None


def _clause_ref(v: Any, key: str, clause_ids: set[str]) -> str:
    if v not in clause_ids:
        raise _Invalid(key, f"{v!r} is not a clause of this pack")
    return v


def _minute(v: Any, key: str) -> int:
    m = _TIME.match(v) if isinstance(v, str) else None
    minute = int(m[1]) * 60 + int(m[2]) if m else -1
    if not m or int(m[2]) > 59 or not 0 <= minute <= 1440:
        raise _Invalid(key, f"not a time HH:MM from 00:00 to 24:00: {v!r}")
    return minute
