"""Each stored deadline says whether Reminders list it, and Reminders read only those."""

from __future__ import annotations

import datetime as dt

from casemanager.policy.deadlines import is_shop_duty
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.files import bundles
from casemanager.services.lifecycle import reminders
from casemanager.store.models import Case, Deadline
from tests.binding import bind_for_test


def _expected() -> dict[int, bool]:
    """What each row should say: open, and the shop's own duty under the case's pack."""
    out = {}
    for row in Deadline.select(Deadline, Case).join(Case):
        out[row.id] = row.state == "open" and is_shop_duty(pack_for_case(row.case), row.name)
    return out


def _stored() -> dict[int, bool | None]:
    return dict(Deadline.select(Deadline.id, Deadline.reminds).tuples())


def test_every_recorded_deadline_says_whether_it_reminds(ctx):
    """A customer's appeal window listed in Reminders, or a shop duty missing from them."""
    generate.generate(ctx, 120, seed=7)
    expected = _expected()
    assert set(expected.values()) == {True, False}
    assert _stored() == expected


def test_rows_from_before_the_column_are_filled_when_opened(ctx, db_spec, clock, tmp_path):
    """After the upgrade that added the column, old deadlines were never reminded of."""
    generate.generate(ctx, 60, seed=8)
    expected = _expected()
    now = clock.now()
    before = reminders.page(ctx, now, limit=500)
    with ctx.transaction():
        Deadline.update(reminds=None).execute()
    ctx.close()
    again = AppContext.open(db_spec, clock=clock, actor="tester", backups=tmp_path / "b")
    try:
        with bind_for_test(again):
            assert _stored() == expected
            assert reminders.page(again, now, limit=500) == before
    finally:
        again.close()


def test_an_imported_case_reminds_under_its_own_pack(ctx, tmp_path):
    """A case moved in from a bundle would never show in Reminders."""
    generate.generate(ctx, 30, seed=9)
    numbers = [c.number for c in Case.select().where(Case.status == "received").limit(3)]
    assert numbers
    bundle = bundles.export_cases(ctx, numbers, tmp_path / "cases.zip")
    bundles.import_bundle(ctx, bundle, on_conflict="copy")
    copies = Case.select().where(Case.number.not_in([c.number for c in Case.select().limit(30)]))
    assert copies.count() == len(numbers)
    copied = Deadline.select().where(Deadline.case.in_(copies))
    assert any(d.reminds for d in copied)
    assert _stored() == _expected()


def test_reminders_read_one_range_of_their_index(ctx, db_path):
    """Reminders walked every open deadline from the oldest: seconds at a million cases."""
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    sql, params = reminders._due_query(now).order_by(Deadline.due_at, Deadline.id).limit(9).sql()
    plan = " ".join(str(r) for r in ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "deadline_reminds_due_at_id_case_id" in plan
    assert "TEMP B-TREE" not in plan  # read in order from the index, not sorted afterwards


def test_reminder_counts_read_no_deadline_row(ctx, db_path):
    """Counting walked the index and read each deadline's row for its case: one random
    read of the largest table per entry, 54 s at 300,000 cases on a file not yet cached."""
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    query = reminders._count_query(now, Deadline.id, Deadline.case).order_by(Deadline.due_at)
    sql, params = query.limit(501).sql()
    plan = " ".join(str(r) for r in ctx.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "COVERING INDEX deadline_reminds_due_at_id_case_id" in plan
