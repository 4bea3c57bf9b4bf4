"""A version on every record a form edits, so a stale form never overwrites a newer change.

``version`` starts at 1 and goes up by one each time the row is saved
(``store.models.Versioned``). A form keeps the versions it was opened on; saving
on an older one is refused (``services.cases.records.StaleEdit``) instead of
silently undoing what another seat saved meanwhile. Existing rows start at 1.

A plain ``ADD COLUMN`` with a constant default, the same statement on SQLite and
PostgreSQL: peewee's SQLite migrator would rebuild these tables to make the column
NOT NULL, which the full-text search triggers on them (0004) do not survive.
"""

TABLES = ("case", "customer", "order", "product", "setting")


def up(migrator, db):
    for table in TABLES:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1')


def down(migrator, db):
    for table in TABLES:
        db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "version"')
