"""Case Manager: refund and replacement cases for shops selling digital goods.

This package holds the domain (policy, store, services, letters, exchange) and
never imports Qt; the desktop interface lives in the top-level ``ui`` package.
"""

import sys as _sys

__version__ = "0.1.0"
APP_NAME = "Case Manager"


def _import_peewee_without_psycopg() -> None:
    """Import Peewee with the PostgreSQL driver hidden, so a SQLite shop never loads it.

    ``peewee`` (and ``playhouse.postgres_ext``, which ``playhouse.migrate`` loads)
    try ``import psycopg`` at module level whenever it is installed, which costs
    about a tenth of a second on every start, in every command, on SQLite too. A
    ``None`` entry in ``sys.modules`` makes that import fail, which both catch;
    the entry is removed at once, so ``import psycopg`` works again afterwards and
    ``casemanager.store.database`` hands the driver to Peewee when a server opens.
    """
    if "peewee" in _sys.modules or "psycopg" in _sys.modules:
        return  # imported already by the program that imports us: nothing to save
    _sys.modules["psycopg"] = None  # type: ignore[assignment]
    try:
        import peewee  # noqa: F401
        import playhouse.migrate  # noqa: F401
    finally:
        del _sys.modules["psycopg"]


_import_peewee_without_psycopg()
