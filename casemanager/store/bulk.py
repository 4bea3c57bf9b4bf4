"""Fast multi-row inserts for large imports and generated data.

Peewee's ``insert_many`` builds one SQL expression tree per value; for
hundreds of thousands of rows that costs more than the database work. Here
each field converts its values (exact money, UTC instants, JSON) and the
driver's ``executemany`` does the rest, with the same SQL on every database.
"""

from __future__ import annotations

from collections.abc import Sequence

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    TextField,
    fn,
)


def _quote(db, name: str) -> str:
    open_q, close_q = db.quote
    return f"{open_q}{name}{close_q}"


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """The next ``count`` primary keys; call inside the write transaction that uses them."""
    last = model.select(fn.MAX(model._meta.primary_key)).scalar() or 0
    return list(range(last + 1, last + 1 + count))


def bulk_insert(model: type[Model], rows: Sequence[dict]) -> None:
    """Insert rows (dicts with the same keys: field names) in one ``executemany``.

    Fields a row leaves out take their model default, as ``Model.create`` would.
    """
    if not rows:
        return
    db = model._meta.database
    given = set(rows[0])
    fields = [f for name, f in model._meta.fields.items() if name in given or f.default is not None]
    defaults = {f.name: f.default for f in fields if f.name not in given}
    columns = ", ".join(_quote(db, f.column_name) for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f"INSERT INTO {_quote(db, model._meta.table_name)} ({columns}) VALUES ({marks})"
    # Column by column: one conversion decision per field, not per value.
    columns_values = [_column(f, rows, given, defaults) for f in fields]
    values = list(zip(*columns_values, strict=True))
    db.cursor().executemany(sql, values)
    pk = model._meta.primary_key
    if isinstance(db.obj if hasattr(db, "obj") else db, PostgresqlDatabase) and pk.name in rows[0]:
        # Explicit ids leave the serial sequence behind; move it past them.
        table = model._meta.table_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{_quote(db, table)}', %s), "
            f"(SELECT MAX({_quote(db, pk.column_name)}) FROM {_quote(db, table)}))",
            (pk.column_name,),
        )


# Fields whose database value is the Python value itself when that is a str, int or bool;
# skipping their conversion matters at millions of values (subclasses such as
# MoneyField or JsonField are not in this set and always convert).
_PLAIN_FIELDS = {
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    TextField,
}
_PLAIN_VALUES = (str, int, bool, type(None))


def _column(field, rows: Sequence[dict], given: set[str], defaults: dict) -> list:
    if field.name in given:
        raw = [row[field.name] for row in rows]
    else:
        raw = [_default(defaults[field.name]) for _ in rows]
    if type(field) in _PLAIN_FIELDS:
        return [v if type(v) in _PLAIN_VALUES else field.db_value(v) for v in raw]
    convert = field.db_value
    return [convert(v) for v in raw]


def _default(value):
    return value() if callable(value) else value
