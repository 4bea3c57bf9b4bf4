"""The append-only audit trail and its hash chain.

Each event's hash covers its content and the previous event's hash, so an
edited, inserted or deleted row breaks the chain at that point.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from casemanager.services.context import AppContext, uses_database
from casemanager.store import locking
from casemanager.store.bulk import Encoded, bulk_insert
from casemanager.store.models import AuditEvent, Case

GENESIS = "0" * 64


# One encoder for every canonical text: building one per call costs more than encoding.
_CANONICAL = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
).encode


_name = functools.lru_cache(maxsize=512)(_CANONICAL)  # actors and kinds recur


def _case_text(case_id: int | None) -> str:
    return str(case_id) if type(case_id) is int else _CANONICAL(case_id)


def canonical_json(value: Any) -> str:
    return _CANONICAL(value)


def event_hash(
    prev_hash: str, at: dt.datetime, actor: str, case_id: int | None, kind: str, data: Any
) -> str:
    return _digest(prev_hash, at, actor, case_id, kind, canonical_json(data))


def _digest(
    prev_hash: str, at: dt.datetime, actor: str, case_id: int | None, kind: str, data_json: str
) -> str:
    """SHA-256 of the canonical JSON of the event, its keys in sorted order (actor, at, case,
    data, kind, prev), written out so that the data's text is encoded only once."""
    at_text = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    body = (
        f'{{"actor":{_name(actor)},"at":"{at_text}","case":{_case_text(case_id)},'
        f'"data":{data_json},"kind":{_name(kind)},"prev":{_CANONICAL(prev_hash)}}}'
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def last_hash() -> str:
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    return last.hash if last else GENESIS


def chained_row(
    prev_hash: str,
    at: dt.datetime,
    actor: str,
    kind: str,
    case_id: int | None = None,
    data: dict | None = None,
    *,
    as_text: bool = False,
) -> dict:
    """The column values of the event that follows ``prev_hash``.

    Its data is stored exactly as hashed (a JSON round trip turns Decimals and dates into
    text): as the parsed value, or with ``as_text`` as the JSON text itself, for bulk inserts.
    """
    text = _hashed_text(data or {})
    return {
        "at": at,
        "actor": actor,
        "case": case_id,
        "kind": kind,
        "data": Encoded(text) if as_text else json.loads(text),
        "prev_hash": prev_hash,
        "hash": _digest(prev_hash, at, actor, case_id, kind, text),
    }


def _hashed_text(data: dict) -> str:
    """The canonical JSON of ``data`` as it will be read back: keys turn into strings, which
    may sort differently, so data with other keys is encoded again after a round trip."""
    text = canonical_json(data)
    return text if _string_keys(data) else canonical_json(json.loads(text))


_CONTAINERS = (dict, list, tuple)


def _string_keys(value: dict) -> bool:
    """True when every mapping in ``value`` has only string keys (JSON's own)."""
    for key, item in value.items():
        if type(key) is not str:
            return False
        if isinstance(item, _CONTAINERS) and not _nested_string_keys(item):
            return False
    return True


def _nested_string_keys(item: dict | list | tuple) -> bool:
    if isinstance(item, dict):
        return _string_keys(item)
    return all(_nested_string_keys(x) for x in item if isinstance(x, _CONTAINERS))


class Event(NamedTuple):
    """One event to append: what happened, to which case, with which data, and when."""

    kind: str
    case_id: int | None = None
    data: dict | None = None
    at: dt.datetime | None = None  # None: now, by the context's clock


@uses_database
def record(
    ctx: AppContext, kind: str, case: Case | int | None = None, data: dict | None = None
) -> AuditEvent:
    """Append one event; call inside the transaction of the change it describes."""
    case_id = case.id if isinstance(case, Case) else case
    with ctx.transaction():
        locking.lock_audit_chain(ctx.db)
        row = chained_row(last_hash(), ctx.clock.now(), ctx.actor, kind, case_id, data)
        event = AuditEvent.create(**row)
        _tally(ctx, [case_id])
        return event


@uses_database
def record_many(ctx: AppContext, events: Sequence[Event]) -> int:
    """Append events in their order, each chained to the one before, with one insert.

    Call inside the transaction of the changes they describe; returns how many.
    """
    with ctx.transaction():
        rows = _chained(ctx, events)
        bulk_insert(AuditEvent, rows)
        _tally(ctx, [e.case_id for e in events])
    return len(rows)


def _tally(ctx: AppContext, case_ids: Sequence[int | None]) -> None:
    """Every change to a case is recorded here, so here the dashboard's totals follow it."""
    from casemanager.services.cases import tallies  # it reads settings, which audit

    tallies.cases_changed(ctx, case_ids)


def _chained(ctx: AppContext, events: Sequence[Event]) -> list[dict]:
    """The rows of ``events`` chained after the last recorded one, data as stored text."""
    locking.lock_audit_chain(ctx.db)
    prev = last_hash()
    now = ctx.clock.now()
    rows = []
    for e in events:
        row = chained_row(prev, e.at or now, ctx.actor, e.kind, e.case_id, e.data, as_text=True)
        prev = row["hash"]
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    case_id: int | None
    problem: str


# Events read per query while the chain is walked: key ranges of the primary key, so
# memory stays flat on both engines (a server's cursor would hold every row at once).
CHAIN_CHUNK = 10_000


@uses_database
def verify_chain(
    ctx: AppContext, progress: Callable[[int, int], None] | None = None
) -> list[ChainBreak]:
    """Walk the whole trail in order and report every event that does not chain.

    The columns are read as the database holds them, without a row object per event
    (a third of the time at a million cases' five million events); ``progress(done,
    total)`` hears after each chunk.
    """
    breaks: list[ChainBreak] = []
    prev = GENESIS
    total = AuditEvent.select().count() if progress else 0
    columns = (
        AuditEvent.id,
        AuditEvent.at,
        AuditEvent.actor,
        AuditEvent.case,
        AuditEvent.kind,
        AuditEvent.data,
        AuditEvent.prev_hash,
        AuditEvent.hash,
    )
    instant, document = AuditEvent.at.python_value, AuditEvent.data.python_value
    after, done = 0, 0
    while True:
        query = AuditEvent.select(*columns).where(AuditEvent.id > after)
        rows = ctx.db.execute(query.order_by(AuditEvent.id).limit(CHAIN_CHUNK)).fetchall()
        if not rows:
            return breaks
        for event_id, at, actor, case_id, kind, data, prev_hash, hash_ in rows:
            if prev_hash != prev:
                breaks.append(ChainBreak(event_id, case_id, "does not follow the previous event"))
            expected = event_hash(prev_hash, instant(at), actor, case_id, kind, document(data))
            if expected != hash_:
                breaks.append(
                    ChainBreak(event_id, case_id, "content differs from what was recorded")
                )
            prev = hash_
        after, done = rows[-1][0], done + len(rows)
        if progress:
            progress(done, total)
