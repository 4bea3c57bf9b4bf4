"""The models describe exactly the schema the migrations build.

A model field added without a migration works in a test that creates tables
from the models, then fails on every shop's real database; this test catches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import Database, SqliteDatabase

from casemanager.store import database, schema
from casemanager.store.models import ALL_MODELS

# Tables the migrations make that no model maps: the runner's record of applied
# migrations, SQLite's full-text search (migration 0004) and customers' short pieces
# (0018) with their shadow tables, and the server's search text (kept by triggers).
NOT_MODELS = {
    "schema_migration",
    "search_pause",
    "case_search",
    "case_search_text",
    "customer_grams",
    "gram_position",
}
SERVER_SEARCH_INDEXES = {"customer_pieces_gin"}


def _tables(conn: sqlite3.Connection | Database) -> set[str]:
    if isinstance(conn, Database):
        names = set(conn.get_tables())
    else:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        names = {name for (name,) in rows if not name.startswith("sqlite_")}
    shadows = ("case_search_", "customer_grams_")
    return {n for n in names if n not in NOT_MODELS and not n.startswith(shadows)}


def _describe_server(db: Database, table: str) -> dict[str, object]:
    """The same description from PostgreSQL's catalogue (through peewee's introspection)."""
    columns = {
        c.name: (
            c.data_type.upper(),
            "NULL" if c.null else "NOT NULL",
            "PK" if c.primary_key else "",
        )
        for c in db.get_columns(table)
    }
    indexes = {
        (tuple(i.columns), "unique" if i.unique else "not unique")
        for i in db.get_indexes(table)
        # The primary key's own index, and the search's index of an expression (0018).
        if not i.name.endswith("_pkey") and i.name not in SERVER_SEARCH_INDEXES
    }
    foreign_keys = {
        (fk.column, fk.dest_table, fk.dest_column, _on_delete(db, table, fk.column))
        for fk in db.get_foreign_keys(table)
    }
    return {"columns": columns, "indexes": indexes, "foreign keys": foreign_keys}


def _on_delete(db: Database, table: str, column: str) -> str:
    (rule,) = db.execute_sql(
        "SELECT r.delete_rule FROM information_schema.referential_constraints r "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name "
        "WHERE k.table_name = %s AND k.column_name = %s",
        (table, column),
    ).fetchone()
    return rule


def _describe(conn: sqlite3.Connection | Database, table: str) -> dict[str, object]:
    if isinstance(conn, Database):
        return _describe_server(conn, table)
    """Columns (type, nullability, primary key), indexes and foreign keys of one table."""
    columns = {
        name: (kind.upper(), "NOT NULL" if notnull else "NULL", "PK" if pk else "")
        for _cid, name, kind, notnull, _default, pk in conn.execute(f'PRAGMA table_info("{table}")')
    }
    indexes = set()
    for _seq, name, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")'):
        if origin == "pk":  # the primary key's own index, already in the columns
            continue
        cols = tuple(col for _no, _cid, col in conn.execute(f'PRAGMA index_info("{name}")'))
        indexes.add((cols, "unique" if unique else "not unique"))
    foreign_keys = {
        (col, ref_table, ref_col, on_delete)
        for _id, _seq, ref_table, col, ref_col, _on_update, on_delete, _match in conn.execute(
            f'PRAGMA foreign_key_list("{table}")'
        )
    }
    return {"columns": columns, "indexes": indexes, "foreign keys": foreign_keys}


def _migrated(path: Path) -> sqlite3.Connection:
    db = SqliteDatabase(str(path))
    schema.upgrade(db)
    db.close()
    return sqlite3.connect(path)


def _from_models(path: Path) -> sqlite3.Connection:
    db = SqliteDatabase(str(path))
    with db.bind_ctx(ALL_MODELS):
        db.create_tables(ALL_MODELS)
    db.close()
    return sqlite3.connect(path)


def _server_schemas(pg) -> tuple[Database, Database]:
    made = []
    for name in ("schema_migrated", "schema_models"):
        pg.drop_database(name)
        made.append(database.connect(database.resolve_target(pg.create_database(name))))
    migrated, models = made
    schema.upgrade(migrated)
    with models.bind_ctx(ALL_MODELS):
        models.create_tables(ALL_MODELS)
    return migrated, models


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def schemas(request, tmp_path_factory) -> Iterator[tuple[object, object]]:
    """The schema the migrations build and the one the models declare, on each engine."""
    if request.param == "postgresql":
        migrated, models = _server_schemas(request.getfixturevalue("pg"))
    else:
        folder = tmp_path_factory.mktemp("schemas")
        migrated = _migrated(folder / "migrated.sqlite3")
        models = _from_models(folder / "m.sqlite3")
    yield migrated, models
    migrated.close()
    models.close()


def test_every_model_has_its_table_and_every_table_a_model(schemas):
    """A table the models do not know, or a model without a table, would break on upgrade."""
    migrated, models = schemas
    assert _tables(migrated) == _tables(models) == {m._meta.table_name for m in ALL_MODELS}


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_model_matches_its_migrated_table(schemas, model):
    """A field, a NOT NULL or an index added to a model without a migration fails here."""
    migrated, models = schemas
    table = model._meta.table_name
    want, got = _describe(models, table), _describe(migrated, table)
    for part in ("columns", "indexes", "foreign keys"):
        assert got[part] == want[part], (
            f"{table}: {part} differ between the models and the migrations; "
            "write a migration for the model change"
        )
