"""An index of every one- and two-character piece of customers' names and e-mails.

A search word shorter than a trigram (张伟, 伟, "zh") matches customer names and
e-mail addresses only (see ``casemanager/store/search.py``). Until now that was a
scan of the whole customer table with ``LIKE``: 150 ms at a million cases, and
growing with the file. On SQLite, the FTS5 table ``customer_grams`` holds, for
each customer (its rowid), the one- and two-character substrings of its name and
e-mail as tokens: the hex of their UTF-8 bytes, so that a space, "@" or "." is a
token like any other and the tokenizer never splits one. They are taken from
``lower()`` of each field, which folds ASCII letters only, as ``LIKE`` does; so
the index finds exactly the customers ``LIKE '%word%'`` finds. ``detail=none``
and no stored content keep it small (about 60 bytes a customer).

``gram_position`` numbers the characters (1 to 1,024, beyond the longest name and
e-mail the field limits allow), because a trigger cannot use a recursive query.
Triggers keep the index in step with every insert, edit and delete of a customer,
bulk inserts included.

On PostgreSQL, ``ILIKE`` scanned the customers instead: 115–206 ms for a short
word over the 155,366 customers of 300,000 cases. There, the immutable function
``customer_pieces(name, email)`` gives the one- and two-character substrings of
``lower()`` of each field (``ILIKE`` compares ``lower()`` of both sides), and a GIN
index on it (``customer_pieces_gin``, 15 MB there) answers ``@> ARRAY[lower(word)]``
in 2–6 ms. The index follows every write by itself: no trigger.
"""

from peewee import SqliteDatabase

POSITIONS = 1024

_SERVER_PIECES = """
CREATE FUNCTION customer_pieces(name text, email text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(v, i, k)), '{}')
    FROM unnest(ARRAY[lower(name), lower(coalesce(email, ''))]) AS v,
         generate_series(1, length(v)) AS i, (VALUES (1), (2)) AS s(k)
    WHERE i + k - 1 <= length(v)
$$
"""


def _grams(value: str) -> str:
    # Each character's hex, and the next pair's where there is a next character.
    return f"""(SELECT group_concat(hex(substr({value}, n, 1))
        || iif(n < length({value}), ' ' || hex(substr({value}, n, 2)), ''), ' ')
        FROM gram_position WHERE n <= length({value}))"""


def _document(row: str) -> str:
    name, email = f"lower({row}.name)", f"lower({row}.email)"
    return f"coalesce({_grams(name)}, '') || ' ' || coalesce({_grams(email)}, '')"


_TRIGGERS = (
    f"""CREATE TRIGGER customer_grams_ai AFTER INSERT ON customer BEGIN
        INSERT INTO customer_grams(rowid, grams) VALUES (new.id, {_document("new")}); END""",
    # A contentless table forgets a row by being told its old tokens again.
    f"""CREATE TRIGGER customer_grams_au AFTER UPDATE OF name, email ON customer BEGIN
        INSERT INTO customer_grams(customer_grams, rowid, grams)
            VALUES ('delete', old.id, {_document("old")});
        INSERT INTO customer_grams(rowid, grams) VALUES (new.id, {_document("new")}); END""",
    f"""CREATE TRIGGER customer_grams_ad AFTER DELETE ON customer BEGIN
        INSERT INTO customer_grams(customer_grams, rowid, grams)
            VALUES ('delete', old.id, {_document("old")}); END""",
)


def up(migrator, db):
    if not isinstance(db, SqliteDatabase):
        db.execute_sql(_SERVER_PIECES)
        db.execute_sql(
            "CREATE INDEX customer_pieces_gin ON customer USING gin (customer_pieces(name, email))"
        )
        return
    db.execute_sql("CREATE TABLE gram_position (n INTEGER PRIMARY KEY)")
    db.execute_sql(
        "WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < ?)"
        " INSERT INTO gram_position (n) SELECT n FROM p",
        (POSITIONS,),
    )
    db.execute_sql(
        "CREATE VIRTUAL TABLE customer_grams USING fts5"
        "(grams, content = '', detail = none, columnsize = 0)"
    )
    db.execute_sql(
        f"INSERT INTO customer_grams(rowid, grams) SELECT id, {_document('customer')} FROM customer"
    )
    for sql in _TRIGGERS:
        db.execute_sql(sql)


def down(migrator, db):
    if not isinstance(db, SqliteDatabase):
        db.execute_sql("DROP INDEX IF EXISTS customer_pieces_gin")
        db.execute_sql("DROP FUNCTION IF EXISTS customer_pieces(text, text)")
        return
    for name in ("customer_grams_ai", "customer_grams_au", "customer_grams_ad"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    db.execute_sql("DROP TABLE IF EXISTS customer_grams")
    db.execute_sql("DROP TABLE IF EXISTS gram_position")
