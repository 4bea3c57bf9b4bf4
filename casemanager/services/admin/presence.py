"""Which seat shows which case: so a second seat sees who already has a case open.

Each running window is a seat with a random id. It announces the case it shows
(or none) and refreshes that row while it runs; a row not refreshed for
``STALE_AFTER`` belongs to a window that was closed or killed and is ignored.
Presence is not part of any case's record, so it writes no audit event.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid

from casemanager.services.context import AppContext
from casemanager.store.models import SeatPresence

HEARTBEAT = dt.timedelta(seconds=5)
STALE_AFTER = dt.timedelta(seconds=45)


def new_seat_id() -> str:
    return uuid.uuid4().hex


def announce(ctx: AppContext, seat: str, case_number: str | None) -> None:
    """This seat now shows ``case_number`` (None: no case); also its heartbeat."""
    now = ctx.clock.now()
    with ctx.transaction():
        SeatPresence.insert(
            seat=seat,
            user_name=ctx.actor,
            host=socket.gethostname()[:255],
            case_number=case_number,
            seen_at=now,
        ).on_conflict(
            conflict_target=[SeatPresence.seat],
            update={
                SeatPresence.user_name: ctx.actor,
                SeatPresence.case_number: case_number,
                SeatPresence.seen_at: now,
            },
        ).execute()
        # Rows of windows that ended without leaving: nobody reads them any more.
        SeatPresence.delete().where(SeatPresence.seen_at < now - 20 * STALE_AFTER).execute()


def leave(ctx: AppContext, seat: str) -> None:
    with ctx.transaction():
        SeatPresence.delete().where(SeatPresence.seat == seat).execute()


def others_on_case(ctx: AppContext, seat: str, case_number: str) -> list[str]:
    """Who else has ``case_number`` open right now (their names, one per seat)."""
    since = ctx.clock.now() - STALE_AFTER
    with ctx.reading():
        rows = (
            SeatPresence.select(SeatPresence.user_name, SeatPresence.host)
            .where(
                (SeatPresence.case_number == case_number)
                & (SeatPresence.seat != seat)
                & (SeatPresence.seen_at >= since)
            )
            .order_by(SeatPresence.user_name)
        )
        return [f"{r.user_name} ({r.host})" if r.host else r.user_name for r in rows]
