"""The append-only audit trail and its hash chain.

Each event's hash covers its content and the previous event's hash, so an
edited, inserted or deleted row breaks the chain at that point.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import AuditEvent, Case

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(
    prev_hash: str, at: dt.datetime, actor: str, case_id: int | None, kind: str, data: Any
) -> str:
    body = canonical_json(
        {
            "prev": prev_hash,
            "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": actor,
            "case": case_id,
            "kind": kind,
            "data": data,
        }
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
) -> dict:
    """The column values of the event that follows ``prev_hash``."""
    # Store exactly what was hashed: a JSON round trip turns Decimals and dates into text.
    clean = json.loads(canonical_json(data or {}))
    return {
        "at": at,
        "actor": actor,
        "case": case_id,
        "kind": kind,
        "data": clean,
        "prev_hash": prev_hash,
        "hash": event_hash(prev_hash, at, actor, case_id, kind, clean),
    }


@uses_database
def record(
    ctx: AppContext, kind: str, case: Case | int | None = None, data: dict | None = None
) -> AuditEvent:
    """Append one event; call inside the transaction of the change it describes."""
    case_id = case.id if isinstance(case, Case) else case
    row = chained_row(last_hash(), ctx.clock.now(), ctx.actor, kind, case_id, data)
    return AuditEvent.create(**row)


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    case_id: int | None
    problem: str


@uses_database
def verify_chain(ctx: AppContext) -> list[ChainBreak]:
    """Walk the whole trail in order and report every event that does not chain."""
    breaks: list[ChainBreak] = []
    prev = GENESIS
    query = AuditEvent.select().order_by(AuditEvent.id)
    for event in query.iterator():
        case_id = event.case_id
        if event.prev_hash != prev:
            breaks.append(ChainBreak(event.id, case_id, "does not follow the previous event"))
        expected = event_hash(
            event.prev_hash, event.at, event.actor, case_id, event.kind, event.data
        )
        if expected != event.hash:
            breaks.append(ChainBreak(event.id, case_id, "content differs from what was recorded"))
        prev = event.hash
    return breaks
