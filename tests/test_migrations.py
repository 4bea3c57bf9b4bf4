"""Schema upgrades: numbered migrations, a backup first, nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from casemanager.services.cases import case_list, records
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.context import AppContext
from casemanager.store import database, schema
from casemanager.store.backup import integrity_problems

# The shipped migration files themselves, found here rather than through ``schema``.
MIGRATIONS = Path(__file__).resolve().parents[1] / "casemanager" / "store" / "migrations"
MIGRATION_NAMES = sorted(p.stem for p in MIGRATIONS.glob("0*.py"))


# Rows as the first release wrote them (today's models have more columns).
FIRST_RELEASE_ROWS = (
    "INSERT INTO customer (id, name, email, phone, address, notes, created_at) "
    "VALUES (1, 'Priya Sharma', 'priya@example.in', '', '', '', '2026-03-01 10:00:00')",
    "INSERT INTO product (id, name, kind, third_party, vendor) "
    "VALUES (1, 'Norton 360', 'license_key', TRUE, 'Gen')",
    'INSERT INTO "order" (id, order_ref, customer_id, product_id, purchased_at, amount_paid, '
    "currency, payment_method, license_code) VALUES (1, 'AM-1', 1, 1, "
    "'2026-03-01 04:30:00', 129900, 'INR', 'upi', '')",
    'INSERT INTO "case" (id, number, customer_id, order_id, policy_id, policy_version, reason, '
    "description, reported_at, status, created_at, updated_at) VALUES (1, 'RC-2026-00001', "
    "1, 1, 'antimart', '2026-02-17', 'invalid_code', '', '2026-03-02 04:30:00', 'received', "
    "'2026-03-02 04:30:00', '2026-03-02 04:30:00')",
)


def _index_names(path, table):
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute(f'PRAGMA index_list("{table}")')}
    finally:
        conn.close()


def test_first_version_database_upgrades_to_newest(db_path, tmp_path, clock):
    """A shop's database from the first release opens in this one with its cases intact."""
    target = database.resolve_target(str(db_path))
    db = database.connect(target)
    schema.upgrade(db, target=MIGRATION_NAMES[0])
    assert schema.current_version(db) == "0001_initial"
    assert "case_status_next_due_at" not in _index_names(db_path, "case")
    for sql in FIRST_RELEASE_ROWS:
        db.execute_sql(sql)
    number = "RC-2026-00001"
    db.close()

    backups = tmp_path / "backups"
    upgraded = AppContext.open(str(db_path), clock=clock, backups=backups)
    try:
        assert schema.current_version(upgraded.db) == schema.latest_version()
        assert schema.pending(upgraded.db) == []
        assert [r.number for r in records.list_cases(upgraded)] == [number]
    finally:
        upgraded.close()
    assert "case_status_next_due_at" in _index_names(db_path, "case")
    (backup,) = backups.glob("before-0002*.sqlite3")
    assert integrity_problems(backup) == []
    conn = sqlite3.connect(backup)
    assert conn.execute('SELECT number FROM "case"').fetchall() == [(number,)]
    conn.close()


def test_new_database_needs_no_backup(db_path, tmp_path, clock):
    """Creating a fresh database does not litter the backup folder."""
    AppContext.open(str(db_path), clock=clock, backups=tmp_path / "b").close()
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_schema_version_is_the_newest_migration_file(db_path):
    """A new database runs every migration file once, in order, and reports the newest."""
    numbers = [int(name.split("_", 1)[0]) for name in MIGRATION_NAMES]
    assert numbers == list(range(1, len(numbers) + 1)), "migration numbers must not skip or repeat"
    db = database.connect(database.resolve_target(str(db_path)))
    try:
        assert schema.upgrade(db) == MIGRATION_NAMES
        assert schema.current_version(db) == schema.latest_version() == MIGRATION_NAMES[-1]
        assert schema.pending(db) == [] and schema.upgrade(db) == []
    finally:
        db.close()


@pytest.mark.postgresql
def test_first_version_server_database_upgrades_to_newest(pg, tmp_path, clock):
    """A server database from the first release opens in this one with its cases intact,
    its old cases searchable."""
    url = pg.create_database("first_release")
    try:
        db = database.connect(database.resolve_target(url))
        schema.upgrade(db, target=MIGRATION_NAMES[0])
        assert schema.current_version(db) == "0001_initial"
        for sql in FIRST_RELEASE_ROWS:
            db.execute_sql(sql)
        db.close()
        with AppContext.open(url, clock=clock, backups=tmp_path / "b") as upgraded:
            assert schema.current_version(upgraded.db) == schema.latest_version()
            assert schema.pending(upgraded.db) == []
            assert [r.number for r in records.list_cases(upgraded)] == ["RC-2026-00001"]
            found = case_list.page(upgraded, CaseFilter(view="all", text="norton"), sort="due")
            assert [r.number for r in found] == ["RC-2026-00001"]
            assert "case_status_next_due_at" in {i.name for i in upgraded.db.get_indexes("case")}
    finally:
        pg.drop_database("first_release")


@pytest.mark.postgresql
def test_server_schema_runs_every_migration_once(pg):
    """A new server database runs every migration file once, in order, and reports the newest."""
    url = pg.create_database("every_migration")
    db = database.connect(database.resolve_target(url))
    try:
        assert schema.upgrade(db) == MIGRATION_NAMES
        assert schema.current_version(db) == MIGRATION_NAMES[-1]
        assert schema.pending(db) == [] and schema.upgrade(db) == []
    finally:
        db.close()
        pg.drop_database("every_migration")
