"""Fast multi-row inserts for large imports and generated data.

Peewee's ``insert_many`` builds one SQL expression tree per value; for
hundreds of thousands of rows that costs more than the database work. Here
each field converts its values (exact money, UTC instants, JSON) and the
driver's ``executemany`` does the rest, with the same SQL on every database.
``NewRows`` lets row builders shared with the one-row-at-a-time services
(which ``save_now``) write their rows this way.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    fn,
)

from casemanager.store import locking
from casemanager.store.models import ALL_MODELS


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk load builds its rows.

    Tens of thousands of new row objects would make it walk every live object
    again and again (a quarter of the time of a large load); they are freed by
    reference counting anyway, and the collector runs again when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _quote(db, name: str) -> str:
    open_q, close_q = db.quote
    return f"{open_q}{name}{close_q}"


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """The next ``count`` primary keys; call inside the write transaction that uses them.

    On a server the table is locked against other seats' inserts first, until the
    transaction ends, so that nobody else takes these numbers meanwhile."""
    locking.lock_table(model._meta.database, model)
    last = model.select(fn.MAX(model._meta.primary_key)).scalar() or 0
    return list(range(last + 1, last + 1 + count))


class Encoded(str):
    """A value already in its database form (such as JSON text): written as it is."""


# How a row builder stores what it built: ``save_now`` or ``NewRows.save``.
Save = Callable[[Model], Model]


def save_now(row: Model) -> Model:
    """Insert (or update) the row at once; the database numbers a new one."""
    row.save()
    return row


class NewRows:
    """New rows of several models, saved by row builders shared with the one-by-one services.

    With ``bulk`` a saved row only gets the next free id of its table and is kept (later
    changes to the same instance are still written); ``write`` then inserts everything
    with one ``executemany`` per model, parents first. Without it each ``save`` goes
    straight to the database. Use inside one write transaction.
    """

    def __init__(self, bulk: bool = True) -> None:
        self.bulk = bulk
        self._next_id: dict[type[Model], int] = {}
        self._rows: dict[type[Model], list[Model | dict]] = {}  # dict: from ``add``
        self._kept: set[int] = set()
        self._written: dict[type[Model], int] = {}

    def save(self, row: Model) -> Model:
        if id(row) in self._kept:
            if not self.bulk:
                row.save()
            return row
        model = type(row)
        pk = model._meta.primary_key.name
        if row.__data__.get(pk) is not None:
            raise ValueError(f"{model.__name__} {row._pk}: not a new row")
        if not self.bulk:
            row.save()
        else:
            if model not in self._next_id:
                self._next_id[model] = reserve_ids(model, 1)[0]
            row.__data__[pk] = self._next_id[model]
            self._next_id[model] += 1
        self._rows.setdefault(model, []).append(row)
        self._kept.add(id(row))
        return row

    def add(self, model: type[Model], values: dict) -> None:
        """A new row given by its field values, for a row nothing changes once it is built.

        In bulk no model instance is made: the row is kept as the values an instance would
        hold (its defaults, then ``values``, a related row as its key). Otherwise it is
        saved at once, as ``save`` saves it.
        """
        if not self.bulk:
            self.save(model(**values))
            return
        data = model._meta.get_default_dict()
        for name, value in values.items():
            data[name] = value._pk if isinstance(value, Model) else value
        if model not in self._next_id:
            self._next_id[model] = reserve_ids(model, 1)[0]
        data[model._meta.primary_key.name] = self._next_id[model]
        self._next_id[model] += 1
        self._rows.setdefault(model, []).append(data)

    def count(self, model: type[Model]) -> int:
        """How many new rows of ``model`` were saved (written or still to write)."""
        return self._written.get(model, 0) + len(self._rows.get(model, ()))

    def write(self) -> None:
        for model in sorted(self._rows, key=ALL_MODELS.index):
            rows = self._rows[model]
            if self.bulk:
                datas = [row if type(row) is dict else row.__data__ for row in rows]
                fields = model._meta.sorted_fields
                names = [f.name for f in fields]
                _insert(model, fields, [[d.get(name) for d in datas] for name in names])
            self._written[model] = self._written.get(model, 0) + len(rows)
        self._rows.clear()
        self._kept.clear()


def bulk_insert(model: type[Model], rows: Sequence[dict]) -> None:
    """Insert rows (dicts with the same keys: field names) in one ``executemany``.

    Fields a row leaves out take their model default, as ``Model.create`` would.
    """
    if not rows:
        return
    given = set(rows[0])
    fields = [f for name, f in model._meta.fields.items() if name in given or f.default is not None]
    raw = [
        [row[f.name] for row in rows] if f.name in given else [_default(f.default) for _ in rows]
        for f in fields
    ]
    _insert(model, fields, raw)


def insert_if_new(model: type[Model], row: dict) -> bool:
    """Insert one row (a dict of every column's field name) unless its key is taken;
    True when it was inserted.

    One statement made once per model, without building a query per row: a large load
    stores thousands of files this way, each only if no earlier row holds its content.
    """
    db = model._meta.database
    fields = model._meta.sorted_fields
    server = locking.is_server(db)
    sql = _insert_if_new_sql.get((model, server))
    if sql is None:
        columns = ", ".join(_quote(db, f.column_name) for f in fields)
        marks = ", ".join([db.param] * len(fields))
        table = _quote(db, model._meta.table_name)
        # Engine-specific: the form of "skip a duplicate key" each engine has.
        if server:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"
        else:
            sql = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})"
        _insert_if_new_sql[model, server] = sql
    values = [f.db_value(row[f.name]) for f in fields]
    return db.execute_sql(sql, values).rowcount > 0


_insert_if_new_sql: dict[tuple[type[Model], bool], str] = {}


def _insert(model: type[Model], fields: Sequence, raw_columns: list[list]) -> None:
    """One ``executemany`` of the given Python values, column by column."""
    if not raw_columns or not raw_columns[0]:
        return
    db = model._meta.database
    columns = ", ".join(_quote(db, f.column_name) for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f"INSERT INTO {_quote(db, model._meta.table_name)} ({columns}) VALUES ({marks})"
    # Column by column: one conversion decision per field, not per value.
    converted = [_converted(f, raw) for f, raw in zip(fields, raw_columns, strict=True)]
    db.cursor().executemany(sql, list(zip(*converted, strict=True)))
    pk = model._meta.primary_key
    if locking.is_server(db) and pk in fields:
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


def _converted(field, raw: list) -> list:
    if type(field) in _PLAIN_FIELDS:
        return [v if type(v) in _PLAIN_VALUES else field.db_value(v) for v in raw]
    if hasattr(field, "db_values") and not any(type(v) is Encoded for v in raw):
        return field.db_values(raw)  # the field converts a whole column faster itself
    convert = field.db_value
    return [
        v if v is None else str(v) if type(v) is Encoded else convert(v) for v in raw
    ]  # fmt: skip


def _default(value):
    return value() if callable(value) else value
