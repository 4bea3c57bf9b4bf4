"""The one search adapter: which cases match a free-text query.

SQLite searches the FTS5 table ``case_search`` built by migration 0004
(trigram tokens, case-insensitive). PostgreSQL searches the table
``case_search_text`` (the same text per case, kept by triggers of the
server-search migration) with ``ILIKE``, which its ``pg_trgm`` GIN index
serves. A trigram needs three characters, so on both engines a shorter word (a
two-character Chinese name such as 张伟) is matched against customer names and
e-mail addresses only, the only fields where so short a word identifies
anything, through an index of their one- and two-character pieces (migration
0018: the FTS5 table ``customer_grams`` on SQLite, a GIN index of
``customer_pieces(name, email)`` on PostgreSQL). Every condition is a subquery on
case ids: it needs no joins.
Raw SQL lives here and in those migrations only.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import SQL, Database, Expression, NodeList, PostgresqlDatabase, SqliteDatabase, fn

from casemanager.store.models import Case, Customer, Order, Product

TRIGRAM = 3
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def sqlite_lower(text: str) -> str:
    """``text`` as SQLite's ``lower()`` and ``LIKE`` fold it: ASCII letters only."""
    return text.translate(_ASCII_LOWER)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    # A quoted phrase: the user's text is never parsed as FTS5 query syntax.
    return '"' + term.replace('"', '""') + '"'


def _gram_token(word: str) -> str:
    """A word of one or two characters as ``customer_grams`` holds it (hex of its UTF-8)."""
    return _fts_phrase(sqlite_lower(word).encode("utf-8", "surrogatepass").hex())


def customers_holding(db: Database, word: str) -> SQL:
    """The customers whose name or e-mail holds a word of one or two characters, as
    ``LIKE '%word%'`` (``ILIKE`` on PostgreSQL) finds them: a subquery of their ids."""
    if isinstance(db, SqliteDatabase):
        sql = "(SELECT rowid FROM customer_grams WHERE customer_grams MATCH ?)"
        return SQL(sql, [_gram_token(word)])
    # The index's own expression, so that PostgreSQL reads the index (psycopg's %s).
    sql = "(SELECT id FROM customer WHERE customer_pieces(name, email) @> ARRAY[lower(%s)])"
    return SQL(sql, [word])


# The searchable text of the cases from ``first_id`` on (as migration 0004 indexes them).
_INDEX_NEW_CASES = """
INSERT INTO case_search(rowid, body)
SELECT k.id,
       coalesce(c.name, '') || ' ' || coalesce(c.email, '') || ' ' || coalesce(o.order_ref, '')
       || ' ' || coalesce(p.name, '') || ' ' || coalesce(k.description, '')
       || ' ' || coalesce(c.notes, '')
FROM "case" k
JOIN customer c ON c.id = k.customer_id
JOIN "order" o ON o.id = k.order_id
JOIN product p ON p.id = o.product_id
WHERE k.id >= ?
"""


@contextmanager
def indexing_after_bulk_insert(db: Database) -> Iterator[None]:
    """Index cases inserted in the block with one statement, not one trigger run per row.

    Use inside the transaction that inserts them: the pause row is never visible to
    other connections, and a rollback takes the index rows with the cases.
    """
    if not isinstance(db, SqliteDatabase):  # PostgreSQL's statement trigger indexes them
        yield
        return
    first_id = (Case.select(fn.MAX(Case.id)).scalar() or 0) + 1
    db.execute_sql("INSERT INTO search_pause (id) VALUES (1)")
    yield
    db.execute_sql("DELETE FROM search_pause")
    db.execute_sql(_INDEX_NEW_CASES, (first_id,))


def terms(text: str) -> list[str]:
    return [t for t in text.split() if t]


def has_fts(db: Database) -> bool:
    """Whether the search condition stands alone (a subquery on case ids, no joins)."""
    return isinstance(db, SqliteDatabase | PostgresqlDatabase)


def matching(db: Database, text: str) -> Expression | None:
    """A WHERE condition on ``Case`` for cases matching every word of ``text``.

    On SQLite and PostgreSQL it is self-contained; on any other database the
    columns' conditions need ``Customer``, ``Order`` and ``Product`` joined, as the
    case list query does. None when ``text`` is blank.
    """
    words = terms(text)
    if not words:
        return None
    if isinstance(db, SqliteDatabase):
        return _fts_condition(db, words)
    if isinstance(db, PostgresqlDatabase):
        return _trigram_condition(db, words)
    return _like_condition(words)


def _trigram_condition(db: Database, words: list[str]) -> Expression:
    # psycopg's placeholder is %s (a raw SQL fragment is passed through as written).
    condition = None
    for word in words:
        if len(word) >= TRIGRAM:
            sub = SQL(
                "(SELECT case_id FROM case_search_text WHERE body ILIKE %s ESCAPE '\\')",
                [_like_pattern(word)],
            )
            one = Case.id.in_(sub)
        else:
            one = Case.customer.in_(customers_holding(db, word))
        condition = one if condition is None else condition & one
    return condition


def _fts_condition(db: Database, words: list[str]) -> Expression:
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    condition = None
    if long_words:
        phrase = " ".join(_fts_phrase(w) for w in long_words)
        sub = SQL("(SELECT rowid FROM case_search WHERE case_search MATCH ?)", [phrase])
        condition = Case.id.in_(sub)
    for word in short_words:
        # Too short for a trigram: the customers whose name or e-mail holds it (their
        # index of short pieces), then their cases by the case table's index.
        short = Case.customer.in_(customers_holding(db, word))
        condition = short if condition is None else condition & short
    return condition


def _like_condition(words: list[str]) -> Expression:
    condition = None
    for word in words:
        pattern = _like_pattern(word).lower()
        any_column = (
            (fn.LOWER(Customer.name) ** pattern)
            | (fn.LOWER(Customer.email) ** pattern)
            | (fn.LOWER(Customer.notes) ** pattern)
            | (fn.LOWER(Order.order_ref) ** pattern)
            | (fn.LOWER(Product.name) ** pattern)
            | (fn.LOWER(Case.description) ** pattern)
        )
        condition = any_column if condition is None else condition & any_column
    return condition


def row_condition(db: Database, text: str) -> Expression | None:
    """The same match as ``matching``, tested on one case's own row and its joins.

    For walking a stretch of the list in its order and keeping the rows that match:
    cheaper than ``matching`` when the words are common, since nothing is collected
    first. Needs ``Customer``, ``Order`` and ``Product`` joined, as the list's query has.
    """
    words = terms(text)
    if not words:
        return None
    if not isinstance(db, SqliteDatabase | PostgresqlDatabase):
        return _like_condition(words)
    # SQLite's LIKE ignores ASCII case, as its trigram index does for every script;
    # PostgreSQL's LIKE is case-sensitive, and its search indexes serve ILIKE.
    operator = SQL("LIKE" if isinstance(db, SqliteDatabase) else "ILIKE")
    condition = None
    for word in words:
        pattern = _like_pattern(word)
        # A short word matches customers only, as the index of their pieces does.
        columns = (Customer.name, Customer.email)
        if len(word) >= TRIGRAM:
            columns += (Customer.notes, Order.order_ref, Product.name, Case.description)
        any_column = None
        for column in columns:
            like = NodeList((column, operator, pattern, SQL("ESCAPE '\\'")))
            any_column = like if any_column is None else (any_column | like)
        condition = any_column if condition is None else condition & any_column
    return condition


@dataclass(frozen=True)
class Rare:
    """A search led by its rarest word's short list of matches.

    ``ids`` are case ids, or customer ids when ``by_customer`` (a word too short
    for a trigram matches customers); ``rest`` is the other words' condition.
    """

    ids: tuple[int, ...]
    by_customer: bool
    rest: Expression | None

    def source(self) -> SQL:
        """The list as a table ``lead(value)``: one parameter, however long the list."""
        return SQL("json_each(?) AS lead", [json.dumps(self.ids)])

    def joined(self) -> Expression:
        """How a case row joins the list (through the case's primary key or customer)."""
        column = Case.customer if self.by_customer else Case.id
        return column == SQL("lead.value")

    def condition(self) -> Expression:
        """The whole match as a condition on ``Case`` (the list, then the other words)."""
        found = listed(Case.customer if self.by_customer else Case.id, self.ids)
        return found if self.rest is None else found & self.rest


def listed(column, ids) -> Expression:  # noqa: ANN001 (a Peewee column)
    """``column IN ids`` with the ids as one parameter (SQLite's json_each), however many."""
    return column.in_(SQL("(SELECT value FROM json_each(?))", [json.dumps(list(ids))]))


def rare_matching(db: Database, text: str, most: int) -> Rare | None:
    """The search led by its rarest word, when some word matches at most ``most`` rows.

    Each word's matches are collected once, stopping after ``most + 1``; the
    rarest word's list leads, the others stay conditions. None when every word
    is common (walk the list in its order with ``row_condition`` instead), the
    text is blank, or the database is not SQLite (FTS5).
    """
    words = terms(text)
    if not words or not isinstance(db, SqliteDatabase):
        return None
    best: tuple[int, int, list, bool] | None = None  # (size, word index, ids, by customer)
    for index, word in enumerate(words):
        if len(word) >= TRIGRAM:
            sql = "SELECT rowid FROM case_search WHERE case_search MATCH ? LIMIT ?"
            found = db.execute_sql(sql, (_fts_phrase(word), most + 1)).fetchall()
            by_customer = False
        else:
            sql = "SELECT rowid FROM customer_grams WHERE customer_grams MATCH ? LIMIT ?"
            found = db.execute_sql(sql, (_gram_token(word), most + 1)).fetchall()
            by_customer = True
        if len(found) <= most and (best is None or len(found) < best[0]):
            best = (len(found), index, [row[0] for row in found], by_customer)
    if best is None:
        return None
    _size, index, ids, by_customer = best
    others = [w for i, w in enumerate(words) if i != index]
    rest = None
    for word in others:
        one = _fts_condition(db, [word])
        rest = one if rest is None else rest & one
    return Rare(tuple(ids), by_customer, rest)
