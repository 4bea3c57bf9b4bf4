"""Shared fixtures: a real SQLite file per test, a fixed clock, offscreen Qt.

Each test's database is a copy of one migrated template, so the migrations run
once per session. The test's context is bound for the test's own reads of the
models; a service or widget that reaches the database without its context
still fails (see ``tests/binding.py``).
"""

from __future__ import annotations

import datetime as dt
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

# CI replays the same examples every run, so a red build is reproducible; local
# runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

from casemanager.clock import FixedClock  # noqa: E402
from casemanager.services.context import AppContext  # noqa: E402
from tests.binding import bind_for_test  # noqa: E402

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


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
    return tmp_path / "cases.sqlite3"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock, tmp_path: Path, template_db: Path):
    shutil.copyfile(template_db, db_path)
    context = AppContext.open(
        str(db_path), clock=clock, actor="tester", backups=tmp_path / "backups"
    )
    with bind_for_test(context):
        yield context
    context.close()


@pytest.fixture(autouse=True)
def no_background_job_left():
    """A test that leaves a background job running fails (it would race the next test)."""
    yield
    workers = sys.modules.get("ui.workers")  # only tests that started the GUI can have any
    if workers is None:
        return
    # A job finishing as the test ends is not left behind: give it a moment first.
    deadline = time.monotonic() + 2
    while workers.active_jobs() and time.monotonic() < deadline:
        time.sleep(0.01)
    if workers.active_jobs() == 0:
        return
    left, where = workers.active_jobs(), workers.pending_work()
    workers.wait_for_all(10000)
    pytest.fail(f"the test left {left} background job(s) running ({', '.join(where)}); wait")
