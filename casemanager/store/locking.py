"""Row and chain locks that let several seats write one database without colliding.

On PostgreSQL two transactions run at once, so whatever reads a case and then
changes it must lock that case's row first, and the audit trail's head must be
read and extended by one transaction at a time. On SQLite every write
transaction starts with ``BEGIN IMMEDIATE``, which already holds the one write
lock of the file: the functions here only read there.
"""

from __future__ import annotations

from peewee import Database, Model, PostgresqlDatabase

from casemanager.store.models import Case

# Any constant shared by every seat; it names the audit chain's lock on the server.
AUDIT_CHAIN_LOCK = 0x43_4D_41_55  # "CMAU"

# SQLSTATEs a retry of the whole transaction can cure: serialisation failure,
# deadlock, lock not available (lock_timeout), query cancelled (statement_timeout).
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03", "57014"})


def is_server(db: Database) -> bool:
    """True for a PostgreSQL database (seen through the models' proxy too)."""
    return isinstance(getattr(db, "obj", db), PostgresqlDatabase)


def locked_case(db: Database, **where: object) -> Case | None:
    """The case matching ``where`` (one field, e.g. ``number=...`` or ``id=...``), read
    after its row is locked until the transaction ends, or None if there is none.

    ``FOR NO KEY UPDATE``: other seats' changes to this case wait, while inserts that
    merely refer to it (evidence, audit events of other cases' work) do not.
    """
    ((name, value),) = where.items()
    query = Case.select().where(getattr(Case, name) == value)
    if is_server(db):
        query = query.for_update("FOR NO KEY UPDATE")
    return query.first()


def lock_rows(db: Database, model: type[Model], *ids: int) -> None:
    """Lock rows of ``model`` (by primary key) until the transaction ends, as ``locked_case``
    does a case: for records several cases share (a customer, an order)."""
    if is_server(db) and ids:
        pk = model._meta.primary_key
        list(model.select(pk).where(pk.in_(ids)).order_by(pk).for_update("FOR NO KEY UPDATE"))


def lock_audit_chain(db: Database) -> None:
    """Order appends to the audit trail totally: on a server, the next appender waits
    here until this transaction ends (SQLite's write lock already does that)."""
    if is_server(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (AUDIT_CHAIN_LOCK,))


def lock_table(db: Database, model: type) -> None:
    """Keep other seats from inserting into ``model`` until this transaction ends, for
    writes that number their own rows (bulk loads)."""
    if is_server(db):
        db.execute_sql(f'LOCK TABLE "{model._meta.table_name}" IN EXCLUSIVE MODE')


def limit_lock_wait(db: Database, seconds: float) -> None:
    """On a server, let this transaction wait at most ``seconds`` for any one lock; then it
    fails with a lock timeout (retryable) instead of hanging behind a stuck seat."""
    if is_server(db):
        db.execute_sql(f"SET LOCAL lock_timeout = {max(1, int(seconds * 1000))}")


def sqlstate_of(exc: BaseException) -> str | None:
    """The server's SQLSTATE for ``exc`` or an exception it arose from, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        state = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(state, str):
            return state
        for arg in getattr(current, "args", ())[:1]:
            if isinstance(arg, BaseException) and id(arg) not in seen:
                state = sqlstate_of(arg)
                if state:
                    return state
        current = current.__cause__ or current.__context__
    return None


def is_retryable(exc: BaseException) -> bool:
    """True when another seat's concurrent work made this transaction fail."""
    return sqlstate_of(exc) in RETRYABLE_SQLSTATES
