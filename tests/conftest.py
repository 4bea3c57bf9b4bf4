"""Shared fixtures: a real SQLite file per test, a fixed clock, offscreen Qt."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
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

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite3"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def ctx(db_path: Path, clock: FixedClock, tmp_path: Path):
    context = AppContext.open(
        str(db_path), clock=clock, actor="tester", backups=tmp_path / "backups"
    )
    yield context
    context.close()
