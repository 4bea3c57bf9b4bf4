"""One database shared by several seats, on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casemanager.clock import FixedClock
from casemanager.services.context import AppContext
from tests.binding import bind_for_test
from tests.conftest import NOW, _complete_shop_profile
from tests.seats.server import Server

_names = itertools.count(1)


@dataclass
class Shared:
    """A database the seats open by ``spec``; ``ctx`` is the test's own context on it."""

    engine: str
    spec: str
    ctx: AppContext


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    server = Server()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def shared(request, tmp_path: Path, template_db: Path) -> Iterator[Shared]:
    if request.param == "sqlite":
        spec = str(tmp_path / "shared.sqlite3")
        shutil.copyfile(template_db, spec)
        ctx = AppContext.open(spec, clock=FixedClock(NOW), actor="tester", backups=tmp_path)
    else:
        server = request.getfixturevalue("pg_server")
        spec = server.create_database(f"seats_{next(_names)}")
        ctx = AppContext.open(spec, clock=FixedClock(NOW), actor="tester")
        _complete_shop_profile(ctx)
    with bind_for_test(ctx):
        yield Shared(request.param, spec, ctx)
    ctx.close()
