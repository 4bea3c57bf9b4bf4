"""The dashboard's running totals, changed in the same transaction as the cases they count.

Every change to a case writes an audit event naming it; ``audit`` then calls
``cases_changed`` with the case ids, which reads those cases as they are now,
takes away what each added before (``CaseTally``) and adds what it adds now, so the
totals (``DashboardTally``) always match the cases without ever reading them all.
Months are calendar months in the shop's zone; the zone the totals were made in is
kept, and totals made in another zone (or never made) are rebuilt from the cases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from casemanager.services.admin import settings
from casemanager.services.context import AppContext, uses_database
from casemanager.store import locking
from casemanager.store.bulk import bulk_insert
from casemanager.store.models import Case, CaseTally, DashboardTally, Decision, Setting

ZONE_KEY = "dashboard.tally_zone"
CHUNK = 500  # ids per IN list: well inside every engine's limit on parameters

# (kind, key, currency) -> (count, cents)
Totals = dict[tuple[str, str, str], list[int]]


def month_of(at: dt.datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m")


def _contribution(status: str, reason: str, decisions: Iterable[Sequence]) -> Counter:
    parts: Counter = Counter()
    parts[("status", status, "", "n")] += 1
    parts[("reason", reason, "", "n")] += 1
    for month, outcome, currency, cents in decisions:
        key = ("decided", f"{month}|{outcome}", currency or "")
        parts[(*key, "n")] += 1
        parts[(*key, "cents")] += cents or 0
    return parts


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _zone_kept() -> str | None:
    row = Setting.get_or_none(Setting.key == ZONE_KEY)
    return row.value if row else None


@uses_database
def cases_changed(ctx: AppContext, case_ids: Iterable[int | None]) -> None:
    """Bring the totals up to date for these cases; call inside the change's transaction."""
    ids = sorted({i for i in case_ids if i is not None})
    if not ids:
        return
    kept = _zone_kept()
    if kept is None:
        return  # not made yet: the first read makes them from every case
    _apply(ids, ZoneInfo(kept))


def _apply(ids: Sequence[int], zone: ZoneInfo) -> None:
    delta: Counter = Counter()
    new_rows = []
    for chunk in _chunks(ids):
        now = {
            cid: (status, reason, [])
            for cid, status, reason in Case.select(Case.id, Case.status, Case.reason)
            .where(Case.id.in_(chunk))
            .tuples()
        }
        decided = (
            Decision.select(
                Decision.case,
                Decision.decided_at,
                Decision.outcome,
                Decision.currency,
                Decision.refund_amount,
            )
            .where(Decision.case.in_(chunk))
            .order_by(Decision.id)
            .tuples()
        )
        for cid, at, outcome, currency, amount in decided:
            approved = outcome == "approved" and amount and currency
            cents = int(amount * 100) if approved else 0
            now[cid][2].append([month_of(at, zone), outcome, currency or "", cents])
        before = CaseTally.select().where(CaseTally.case_id.in_(chunk))
        for row in before:
            delta.subtract(_contribution(row.status, row.reason, row.decisions))
        CaseTally.delete().where(CaseTally.case_id.in_(chunk)).execute()
        for cid, (status, reason, decisions) in now.items():
            delta.update(_contribution(status, reason, decisions))
            new_rows.append(
                {"case_id": cid, "status": status, "reason": reason, "decisions": decisions}
            )
    bulk_insert(CaseTally, new_rows)
    _add(delta)


def _add(delta: Counter) -> None:
    """Add the changes to the running totals: one UPDATE, or an INSERT for a new figure."""
    totals: Totals = {}
    for (kind, key, currency, what), value in delta.items():
        pair = totals.setdefault((kind, key, currency), [0, 0])
        pair[0 if what == "n" else 1] += value
    for (kind, key, currency), (n, cents) in sorted(totals.items()):
        if n == 0 and cents == 0:
            continue
        where = (
            (DashboardTally.kind == kind)
            & (DashboardTally.key == key)
            & (DashboardTally.currency == currency)
        )
        changed = (
            DashboardTally.update(
                count=DashboardTally.count + n, amount=DashboardTally.amount + cents
            )
            .where(where)
            .execute()
        )
        if not changed:
            DashboardTally.create(kind=kind, key=key, currency=currency, count=n, amount=cents)


@uses_database
def ensure_built(ctx: AppContext) -> ZoneInfo:
    """The totals in the shop's zone, rebuilt from every case first if they are not (a new
    database, or the zone changed): the one time they read all cases."""
    zone_name = settings.shop_profile(ctx).timezone
    if _zone_kept() == zone_name:
        return ZoneInfo(zone_name)
    with ctx.transaction():
        # Totals follow every audited change, so a rebuild waits for (and holds off) all
        # other seats' appends; then it looks again, as another seat may have built them.
        locking.lock_audit_chain(ctx.db)
        if _zone_kept() != zone_name:
            _rebuild(ZoneInfo(zone_name))
            Setting.insert(key=ZONE_KEY, value=zone_name).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: zone_name}
            ).execute()
    return ZoneInfo(zone_name)


def _instant(value) -> dt.datetime:
    """A stored instant as the plain cursor gives it (text on SQLite), aware UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _rebuild(zone: ZoneInfo) -> None:
    """Every total counted afresh: two plain reads of the cases and decisions, two inserts.

    The plain cursor, not model rows: at 300,000 cases Peewee's per-value conversion
    would cost more than the reads themselves.
    """
    CaseTally.delete().execute()
    DashboardTally.delete().execute()
    db = Case._meta.database
    cases = db.execute(Case.select(Case.id, Case.status, Case.reason)).fetchall()
    decisions: dict[int, list] = {}
    decided = Decision.select(
        Decision.case,
        Decision.decided_at,
        Decision.outcome,
        Decision.currency,
        Decision.refund_amount,  # cents, as stored
    ).order_by(Decision.id)
    months: dict[object, str] = {}
    parts: Counter = Counter()
    for cid, at, outcome, currency, cents in db.execute(decided).fetchall():
        # Zone offsets are whole quarter hours: one conversion per quarter hour will do.
        slot = _slot(at)
        month = months.get(slot)
        if month is None:
            month = months[slot] = month_of(_instant(at), zone)
        cents = int(cents) if outcome == "approved" and cents and currency else 0
        decisions.setdefault(cid, []).append([month, outcome, currency or "", cents])
        key = ("decided", f"{month}|{outcome}", currency or "")
        parts[(*key, "n")] += 1
        parts[(*key, "cents")] += cents
    parts.update(("status", status, "", "n") for _cid, status, _reason in cases)
    parts.update(("reason", reason, "", "n") for _cid, _status, reason in cases)
    rows = [
        {"case_id": cid, "status": status, "reason": reason, "decisions": decisions.get(cid, [])}
        for cid, status, reason in cases
    ]
    bulk_insert(CaseTally, rows)
    _add(parts)


def _slot(at) -> object:
    """The quarter hour of a stored instant, as a key (text or datetime alike)."""
    if isinstance(at, str):
        return at[:14] + str(int(at[14:16]) // 15)
    return (at.date(), at.hour, at.minute // 15)


@uses_database
def totals(ctx: AppContext, kind: str) -> list[tuple[str, str, int, int]]:
    """(key, currency, count, cents) of one kind of figure, with a count."""
    rows = (
        DashboardTally.select(
            DashboardTally.key, DashboardTally.currency, DashboardTally.count, DashboardTally.amount
        )
        .where((DashboardTally.kind == kind) & (DashboardTally.count != 0))
        .tuples()
    )
    return list(rows)
