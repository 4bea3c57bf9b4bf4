"""Shared fixtures: a real database per test on each engine, a fixed clock, offscreen Qt.

A test that asks for ``ctx`` or ``db_spec`` runs twice: on a SQLite file and
on a PostgreSQL database of a throwaway server (``tests/pg_server.py``, started
once per run when a PostgreSQL test is collected). ``-m "not postgresql"``
runs the SQLite half alone. A test that asks for ``db_path`` or ``template_db``
(a SQLite file), is marked ``sqlite_only``, drives widgets (``qtbot``) or lives
in ``tests/ui/`` runs on SQLite only.

Each test's database is a copy of one migrated template, so the migrations run
once per session per engine. The test's context is bound for the test's own
reads of the models; a service or widget that reaches the database without its
context still fails (see ``tests/binding.py``).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Before anything imports Qt or reads the user's folders.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = tempfile.mkdtemp(prefix="casemanager-tests-")
os.environ["CASEMANAGER_HOME"] = _HOME
os.environ["XDG_CONFIG_HOME"] = str(Path(_HOME) / "config")
os.environ.pop("CASEMANAGER_DB", None)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from ui import none_guard  # noqa: E402

# As in the application: a run of many widget tests makes more void Qt calls (each
# dropping a reference to None) than None has references.
none_guard.install()

# CI replays the same examples every run, so a red build is reproducible; local
# runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

from casemanager.clock import FixedClock  # noqa: E402
from casemanager.services.context import AppContext  # noqa: E402
from tests import pg_server  # noqa: E402
from tests.binding import bind_for_test  # noqa: E402

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)
ENGINES = ("sqlite", "postgresql")
PG_TEMPLATE = "cases_template"
_UI_TESTS = str(Path(__file__).resolve().parent / "ui") + os.sep


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql: runs on the PostgreSQL test server (only there, if set by hand)"
    )
    config.addinivalue_line(
        "markers", "sqlite_only(reason): inherently about the SQLite file (say why)"
    )


def _sqlite_only(metafunc: pytest.Metafunc) -> bool:
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return True
    # The GUI's views sit on the same services; their tests run on SQLite only.
    if str(metafunc.definition.path).startswith(_UI_TESTS):
        return True
    return bool({"db_path", "template_db", "qtbot"} & set(metafunc.fixturenames))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses the database on both engines (see the module docstring)."""
    if "engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("postgresql") is not None:
        engines = ENGINES[1:]  # about the server itself
    elif _sqlite_only(metafunc):
        engines = ENGINES[:1]
    else:
        engines = ENGINES
    params = [
        pytest.param(e, marks=[pytest.mark.postgresql] if e == "postgresql" else [])
        for e in engines
    ]
    metafunc.parametrize("engine", params)


@pytest.fixture(scope="session")
def pg() -> pg_server.Server:
    """The run's PostgreSQL server; the run fails here if it cannot start (no skipping)."""
    server = pg_server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg: pg_server.Server) -> str:
    """Name of a PostgreSQL database migrated to the newest schema, copied by each test."""
    url = pg.create_database(PG_TEMPLATE)
    with AppContext.open(url, clock=FixedClock(NOW), actor="tester", backups=None) as c:
        _complete_shop_profile(c)
    return PG_TEMPLATE


@pytest.fixture(scope="session")
def pg_copies(pg: pg_server.Server, pg_template: str) -> pg_server.Copies:
    """Copies of the template made ahead of the tests that take them."""
    copies = pg_server.Copies(pg, pg_template, prefix=f"t_{os.getpid()}")
    yield copies
    copies.stop()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """One database migrated to the newest schema, copied by every test that needs one."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "cases.sqlite3"
    with AppContext.open(str(path), clock=FixedClock(NOW), actor="tester", backups=folder) as c:
        _complete_shop_profile(c)
    assert not Path(f"{path}-wal").exists()  # closed cleanly: the file alone is the database
    return path


def _complete_shop_profile(context: AppContext) -> None:
    """The shop every test works for: a letter may be issued only with a complete profile."""
    from casemanager.services.admin.settings import SHOP_KEY
    from casemanager.services.context import USER_NAME_KEY
    from casemanager.store.models import Setting

    profile = {
        "name": "Test Shop",
        "address": "1 Test Street, Bengaluru 560001",
        "email": "help@testshop.example",
    }
    with context.transaction():
        Setting.create(key=SHOP_KEY, value=profile)
        Setting.create(key=USER_NAME_KEY, value="tester")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite file's path (tests asking for it run on SQLite only)."""
    return tmp_path / "cases.sqlite3"


@pytest.fixture
def db_spec(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """This test's own database, migrated, on the engine: what ``--db`` is given."""
    if engine == "sqlite":
        path = tmp_path / "cases.sqlite3"
        shutil.copyfile(request.getfixturevalue("template_db"), path)
        return str(path)
    copies: pg_server.Copies = request.getfixturevalue("pg_copies")
    name = copies.take()
    request.addfinalizer(lambda: copies.give_back(name))
    return copies.server.url(name)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def ctx(db_spec: str, clock: FixedClock, tmp_path: Path):
    context = AppContext.open(db_spec, clock=clock, actor="tester", backups=tmp_path / "backups")
    with bind_for_test(context):
        yield context
    context.close()


@pytest.fixture(autouse=True)
def no_background_job_left():
    """A test that leaves a background job running fails (it would race the next test)."""
    # As in the application: the cycle collector never runs in a background job's thread,
    # where finalising a widget crashes Qt.
    from ui.main_thread_gc import collect_due  # what the application's timer does

    gc.disable()
    yield
    workers = sys.modules.get("ui.workers")  # only tests that started the GUI can have any
    if workers is None:
        collect_due()
        return
    # A job finishing as the test ends is not left behind: give it a moment first.
    deadline = time.monotonic() + 2
    while workers.active_jobs() and time.monotonic() < deadline:
        time.sleep(0.01)
    collect_due()
    if workers.active_jobs() == 0:
        return
    left, where = workers.active_jobs(), workers.pending_work()
    workers.wait_for_all(10000)
    pytest.fail(f"the test left {left} background job(s) running ({', '.join(where)}); wait")
