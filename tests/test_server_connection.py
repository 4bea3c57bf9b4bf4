"""A PostgreSQL server that cannot be reached, refuses us or drops us: one line, then recovery."""

from __future__ import annotations

import pytest

from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.store.database import CannotConnect, DatabaseTarget
from casemanager.store.models import Case
from tests.cli_helpers import run_cli
from tests.factories import new_case
from tests.pg_server import Server


@pytest.fixture
def clerk(pg: Server) -> str:
    """A role that must give its password (the test server trusts only its superuser)."""
    return pg.role("clerk", "right-horse")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://shop:p@ss@db:5432/cases", "postgresql://shop@db:5432/cases"),
        ("postgresql://shop@db/cases?sslmode=require&password=x",
         "postgresql://shop@db/cases?sslmode=require"),
        ("postgres://u:pw@h/d", "postgres://u@h/d"),
        ("postgresql://db/cases", "postgresql://db/cases"),
    ],
)  # fmt: skip
def test_a_url_is_never_shown_with_its_password(url, shown):
    """Messages, titles and logs name the server database without the password in it."""
    assert DatabaseTarget(url, None).describe() == shown


def _closed_port() -> int:
    from tests.pg_server import _free_port

    return _free_port()  # nothing listens there once the probe is closed


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://clerk:wrong-horse@127.0.0.1:{port}/postgres", "password authentication"),
        ("postgresql://casemanager:secret@127.0.0.1:{port}/no_such_shop", '"no_such_shop"'),
        ("postgresql://casemanager:secret@127.0.0.1:{closed}/shop", "refused"),
        ("postgresql://casemanager:secret@no-such-host.invalid/shop", "no-such-host.invalid"),
    ],
    ids=["wrong password", "missing database", "no server", "unknown host"],
)
def test_cannot_connect_is_one_line_naming_the_url_without_its_password(
    capsys, pg, clerk, url, said
):
    """A seat pointed at a wrong server, database or password says which, not a traceback."""
    url = url.format(port=pg.port, closed=_closed_port())
    shown = url.replace(":wrong-horse@", "@").replace(":secret@", "@")
    with pytest.raises(CannotConnect) as info:
        AppContext.open(url)
    assert str(info.value).startswith(f"cannot connect to {shown}: ")
    assert said in str(info.value) and "\n" not in str(info.value)
    code, out, err = run_cli(capsys, "cases", "--db", url)
    assert code == 2 and out == ""
    assert err == f"casemanager cases: {info.value}\n"
    assert "horse" not in err and "secret" not in err


@pytest.mark.postgresql
def test_a_shop_role_sets_up_its_own_database(pg, clerk):
    """The README's set-up works: an ordinary role owning an empty database migrates it
    (pg_trgm included) with its password in the URL."""
    name = "clerk_shop"
    pg.execute(f"CREATE DATABASE {name} OWNER clerk")
    try:
        with AppContext.open(pg.url(name, user="clerk", password="right-horse")) as c:
            assert c.target.describe() == pg.url(name, user="clerk")
            with c.reading():
                assert Case.select().count() == 0
    finally:
        pg.drop_database(name)


def _drop_connections(pg: Server, ctx: AppContext) -> None:
    name = ctx.db.database
    pg.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


@pytest.mark.postgresql
def test_dropped_connection_reconnects_for_the_next_read_and_write(pg, ctx):
    """After the server restarts or an administrator ends the session, the seat keeps working."""
    first = records.create_case(ctx, new_case())
    _drop_connections(pg, ctx)
    with ctx.reading():
        assert Case.select().count() == 1
    _drop_connections(pg, ctx)
    second = records.create_case(ctx, new_case())
    assert second.number != first.number
    with ctx.reading():
        assert Case.select().count() == 2


@pytest.mark.postgresql
def test_connection_dropped_inside_a_write_saves_nothing_and_says_so(pg, ctx):
    """A write cut short by a lost connection is one line; the next write works."""
    from casemanager.errors import DomainError

    with pytest.raises(DomainError) as info, ctx.transaction():
        Case.select().count()  # the transaction has begun on the server
        _drop_connections(pg, ctx)
        records.create_case(ctx, new_case())
    assert "connection" in str(info.value) and "nothing was saved" in str(info.value)
    records.create_case(ctx, new_case())
    with ctx.reading():
        assert Case.select().count() == 1
