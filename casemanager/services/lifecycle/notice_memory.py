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
    rows = [{"user_name": ctx.actor, "notice_key": k, "notified_at": now} for k in set(keys)]
    with ctx.transaction():
        if rows:  # a notice had already: its row stays as it was
            ReminderNotice.insert_many(rows).on_conflict_ignore().execute()
        ReminderNotice.delete().where(
            (ReminderNotice.user_name == ctx.actor) & (ReminderNotice.notified_at < now - KEEP_FOR)
        ).execute()
        ReminderState.insert(user_name=ctx.actor, checked_at=checked_at).on_conflict(
            conflict_target=[ReminderState.user_name],
            update={ReminderState.checked_at: checked_at},
        ).execute()
