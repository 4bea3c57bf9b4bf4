"""Full-text search over cases, and indexes for sorting the case list at scale.

On SQLite: an FTS5 table ``case_search`` (trigram tokenizer, so any script,
Chinese included, matches by substring) holding one text per case: customer
name, email and notes, order id, product and case description. Triggers keep it
in step with every write, including bulk inserts. Other databases search with
LIKE (see ``casemanager/store/search.py``) and get only the indexes.
"""

from peewee import SqliteDatabase

# The searchable text of one case, from the case row aliased ``k``.
_BODY = """
SELECT k.id,
       coalesce(c.name, '') || ' ' || coalesce(c.email, '') || ' ' || coalesce(o.order_ref, '')
       || ' ' || coalesce(p.name, '') || ' ' || coalesce(k.description, '')
       || ' ' || coalesce(c.notes, '')
FROM "case" k
JOIN customer c ON c.id = k.customer_id
JOIN "order" o ON o.id = k.order_id
JOIN product p ON p.id = o.product_id
"""

_TRIGGERS = (
    # Bulk loads put a row in search_pause (inside their own transaction) and index
    # their new cases with one statement at the end instead of one trigger run per row.
    f"""CREATE TRIGGER case_search_ai AFTER INSERT ON "case"
        WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
        INSERT INTO case_search(rowid, body) {_BODY} WHERE k.id = new.id; END""",
    f"""CREATE TRIGGER case_search_au AFTER UPDATE OF customer_id, order_id, description
        ON "case" BEGIN
        DELETE FROM case_search WHERE rowid = old.id;
        INSERT INTO case_search(rowid, body) {_BODY} WHERE k.id = new.id; END""",
    """CREATE TRIGGER case_search_ad AFTER DELETE ON "case" BEGIN
        DELETE FROM case_search WHERE rowid = old.id; END""",
    f"""CREATE TRIGGER case_search_customer_au AFTER UPDATE OF name, email, notes
        ON customer BEGIN
        DELETE FROM case_search WHERE rowid IN (SELECT id FROM "case" WHERE customer_id = new.id);
        INSERT INTO case_search(rowid, body) {_BODY} WHERE k.customer_id = new.id; END""",
    f"""CREATE TRIGGER case_search_order_au AFTER UPDATE OF order_ref, product_id
        ON "order" BEGIN
        DELETE FROM case_search WHERE rowid IN (SELECT id FROM "case" WHERE order_id = new.id);
        INSERT INTO case_search(rowid, body) {_BODY} WHERE k.order_id = new.id; END""",
    f"""CREATE TRIGGER case_search_product_au AFTER UPDATE OF name ON product BEGIN
        DELETE FROM case_search WHERE rowid IN (SELECT k.id FROM "case" k
            JOIN "order" o ON o.id = k.order_id WHERE o.product_id = new.id);
        INSERT INTO case_search(rowid, body) {_BODY} WHERE o.product_id = new.id; END""",
)

_TRIGGER_NAMES = (
    "case_search_ai",
    "case_search_au",
    "case_search_ad",
    "case_search_customer_au",
    "case_search_order_au",
    "case_search_product_au",
)


def up(migrator, db):
    # Sorting the list by amount walks this index instead of sorting every row.
    migrator.migrate(migrator.add_index("order", ("amount_paid",), False))
    if not isinstance(db, SqliteDatabase):
        return
    db.execute_sql("CREATE VIRTUAL TABLE case_search USING fts5(body, tokenize = 'trigram')")
    db.execute_sql("CREATE TABLE search_pause (id INTEGER PRIMARY KEY)")
    db.execute_sql(f"INSERT INTO case_search(rowid, body) {_BODY}")
    for sql in _TRIGGERS:
        db.execute_sql(sql)


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for name in _TRIGGER_NAMES:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        db.execute_sql("DROP TABLE IF EXISTS case_search")
        db.execute_sql("DROP TABLE IF EXISTS search_pause")
    migrator.migrate(migrator.drop_index("order", "order_amount_paid"))
