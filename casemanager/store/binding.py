"""Which database the models use: the one bound by the caller's context.

Models are declared once, against ``database_proxy``. The proxy forwards to
the database bound in the current execution context (``bound(db)``), so two
application contexts on two files in one process, or on two threads, each
reach only their own database. Outside any binding the models refuse to run
instead of guessing, which is how an unbound service call shows up in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from peewee import Database, DatabaseProxy

# The bound database and an optional check run on each use (tests use it to tell
# their own reads apart from a service that forgot its context).
_Binding = tuple[Database, Callable[[], None] | None]
_current: ContextVar[_Binding | None] = ContextVar("casemanager_database", default=None)


class NotBound(RuntimeError):
    """A model was used with no database bound: a service was called without a context."""


class _ContextDatabase(DatabaseProxy):
    """A ``DatabaseProxy`` whose target is read from a context variable, never a global."""

    __slots__ = ()

    def __init__(self) -> None:
        object.__setattr__(self, "_callbacks", [])

    def initialize(self, obj: Database | None) -> None:
        raise TypeError("bind a database with store.binding.bound(db), not initialize()")

    @property
    def obj(self) -> Database | None:  # type: ignore[override]
        # None when unbound: peewee asks this while declaring models.
        entry = _current.get()
        return entry[0] if entry else None

    def __getattr__(self, attr: str):  # noqa: ANN204 (forwards any attribute)
        entry = _current.get()
        if entry is None:
            raise NotBound(
                "no database is bound here: reach the database through a service "
                "with the AppContext (ctx.reading() / ctx.transaction())"
            )
        db, check = entry
        if check is not None:
            check()
        return getattr(db, attr)


database_proxy = _ContextDatabase()


@contextmanager
def bound(db: Database, check: Callable[[], None] | None = None) -> Iterator[Database]:
    """Bind the models to ``db`` for the calling thread or task until the block ends.

    ``check`` (tests only) runs before each use and may raise NotBound.
    """
    token = _current.set((db, check))
    try:
        yield db
    finally:
        _current.reset(token)


def current() -> Database | None:
    """The database bound here, if any."""
    entry = _current.get()
    return entry[0] if entry else None
