"""Indexed case search on a PostgreSQL server (SQLite already has its FTS5 table).

On PostgreSQL: a table ``case_search_text`` holding one text per case, the same
text SQLite's ``case_search`` indexes (customer name, e-mail and notes, order
id, product, case description), with a ``pg_trgm`` GIN index so a substring
``ILIKE`` walks the index instead of every case. Triggers keep it in step with
every write: inserted cases by one statement-level trigger (bulk loads index in
one go), edits of a case, customer, order or product by row triggers. Deleting
a case deletes its text (foreign key). Nothing changes on SQLite.
"""

from peewee import SqliteDatabase

# The searchable text of the cases whose ids are in the array argument.
_REFRESH = """
CREATE FUNCTION case_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO case_search_text (case_id, body)
    SELECT k.id, concat_ws(' ', c.name, c.email, o.order_ref, p.name, k.description, c.notes)
    FROM "case" k
    JOIN customer c ON c.id = k.customer_id
    JOIN "order" o ON o.id = k.order_id
    JOIN product p ON p.id = o.product_id
    WHERE k.id = ANY(ids)
    ON CONFLICT (case_id) DO UPDATE SET body = excluded.body
$$
"""

# (trigger function, its body, the CREATE TRIGGER statement)
_TRIGGERS = (
    (
        "case_search_cases_added",
        "PERFORM case_search_refresh(ARRAY(SELECT id FROM added)); RETURN NULL;",
        'AFTER INSERT ON "case" REFERENCING NEW TABLE AS added FOR EACH STATEMENT',
    ),
    (
        "case_search_case_edited",
        "PERFORM case_search_refresh(ARRAY[NEW.id]); RETURN NULL;",
        'AFTER UPDATE OF customer_id, order_id, description ON "case" FOR EACH ROW',
    ),
    (
        "case_search_customer_edited",
        'PERFORM case_search_refresh(ARRAY(SELECT id FROM "case" WHERE customer_id = NEW.id));'
        " RETURN NULL;",
        "AFTER UPDATE OF name, email, notes ON customer FOR EACH ROW",
    ),
    (
        "case_search_order_edited",
        'PERFORM case_search_refresh(ARRAY(SELECT id FROM "case" WHERE order_id = NEW.id));'
        " RETURN NULL;",
        'AFTER UPDATE OF order_ref, product_id ON "order" FOR EACH ROW',
    ),
    (
        "case_search_product_edited",
        'PERFORM case_search_refresh(ARRAY(SELECT k.id FROM "case" k JOIN "order" o'
        " ON o.id = k.order_id WHERE o.product_id = NEW.id)); RETURN NULL;",
        "AFTER UPDATE OF name ON product FOR EACH ROW",
    ),
)


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    # pg_trgm is a trusted extension: the database's owner may create it.
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    db.execute_sql(
        'CREATE TABLE case_search_text (case_id integer PRIMARY KEY REFERENCES "case" (id)'
        " ON DELETE CASCADE, body text NOT NULL)"
    )
    db.execute_sql(_REFRESH)
    db.execute_sql('SELECT case_search_refresh(ARRAY(SELECT id FROM "case"))')
    db.execute_sql(
        "CREATE INDEX case_search_text_trgm ON case_search_text USING gin (body gin_trgm_ops)"
    )
    for name, body, when in _TRIGGERS:
        db.execute_sql(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
        )
        db.execute_sql(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION {name}()")


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    for name, _body, when in _TRIGGERS:
        table = when.split(" ON ", 1)[1].split()[0]
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        db.execute_sql(f"DROP FUNCTION IF EXISTS {name}()")
    db.execute_sql("DROP TABLE IF EXISTS case_search_text")
    db.execute_sql("DROP FUNCTION IF EXISTS case_search_refresh(integer[])")
