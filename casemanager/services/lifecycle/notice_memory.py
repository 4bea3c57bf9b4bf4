"""Which desktop notices a person has had, kept in the database (not per machine).

A person who moves to another seat, or a shop whose seats share a server, is
not told twice about the same deadline; a different person is told too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from casemanager.services.context import AppContext
from casemanager.store.models import ReminderNotice, ReminderState

KEEP_FOR = dt.timedelta(days=60)  # older notices belong to long-settled deadlines


def last_check(ctx: AppContext) -> dt.datetime | None:
    with ctx.reading():
        row = ReminderState.get_or_none(ReminderState.user_name == ctx.actor)
        return row.checked_at if row else None


def notified(ctx: AppContext) -> set[str]:
    with ctx.reading():
        query = ReminderNotice.select(ReminderNotice.notice_key).where(
            ReminderNotice.user_name == ctx.actor
        )
        return {r.notice_key for r in query}


def remember(ctx: AppContext, keys: Iterable[str], checked_at: dt.datetime) -> None:
    """Record the notices just shown and the time of this look, in one write."""
    now = ctx.clock.now()
    with ctx.transaction():
        known = notified(ctx)
        rows = [
            {"user_name": ctx.actor, "notice_key": k, "notified_at": now}
            for k in dict.fromkeys(keys)
            if k not in known
        ]
        if rows:
            ReminderNotice.insert_many(rows).execute()
        ReminderNotice.delete().where(
            (ReminderNotice.user_name == ctx.actor) & (ReminderNotice.notified_at < now - KEEP_FOR)
        ).execute()
        updated = (
            ReminderState.update(checked_at=checked_at)
            .where(ReminderState.user_name == ctx.actor)
            .execute()
        )
        if not updated:
            ReminderState.create(user_name=ctx.actor, checked_at=checked_at)
