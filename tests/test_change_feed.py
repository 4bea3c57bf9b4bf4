"""Seats notice each other's changes and see who has a case open."""

from __future__ import annotations

import datetime as dt
import time

from casemanager.services.admin import presence, users
from casemanager.services.admin.change_feed import ChangeFeed
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.lifecycle import notice_memory
from tests.factories import new_case


def _second_seat(ctx: AppContext, clock, tmp_path, actor: str = "Bo Li") -> AppContext:
    return AppContext.open(ctx.target.spec, clock=clock, actor=actor, backups=tmp_path / "b")


def _within(seconds: float, check) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_change_at_another_seat_is_noticed_once(ctx, clock, tmp_path):
    """A case saved at the other seat is noticed at the next look, and only once."""
    other = _second_seat(ctx, clock, tmp_path)
    try:
        feed = ChangeFeed(ctx)
        assert not feed.changed()
        records.create_case(other, new_case())
        assert _within(2.0, feed.changed)  # a server's notification takes a moment to arrive
        assert not feed.changed()
        feed.close()
    finally:
        other.close()


def test_presence_is_not_a_change_but_shows_who_has_the_case(ctx, clock, tmp_path):
    """Opening a case at another seat names that person here, without a refresh storm."""
    other = _second_seat(ctx, clock, tmp_path)
    try:
        feed = ChangeFeed(ctx)
        presence.announce(other, "seat-b", "RC-2026-00001")
        assert not feed.changed()
        names = presence.others_on_case(ctx, "seat-a", "RC-2026-00001")
        assert len(names) == 1 and names[0].startswith("Bo Li")
        assert presence.others_on_case(other, "seat-b", "RC-2026-00001") == []
        clock.advance(presence.STALE_AFTER + dt.timedelta(seconds=1))
        assert presence.others_on_case(ctx, "seat-a", "RC-2026-00001") == []
        feed.close()
    finally:
        other.close()


def test_notices_are_remembered_per_person_not_per_machine(ctx, clock, tmp_path):
    """A notice Asha has had is not shown to her again at another seat, but Bo still gets it."""
    users.add_user(ctx, "Asha Rao")
    users.add_user(ctx, "Bo Li")
    users.sign_in(ctx, "Asha Rao")
    notice_memory.remember(ctx, ["RC-1:acknowledge_by:missed"], clock.now())
    elsewhere = _second_seat(ctx, clock, tmp_path, actor="Asha Rao")
    try:
        assert notice_memory.notified(elsewhere) == {"RC-1:acknowledge_by:missed"}
        assert notice_memory.last_check(elsewhere) == clock.now()
        users.sign_in(elsewhere, "Bo Li")
        assert notice_memory.notified(elsewhere) == set()
        assert notice_memory.last_check(elsewhere) is None
    finally:
        elsewhere.close()
