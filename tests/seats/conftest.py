"""One database shared by several seats, on each engine (``db_spec`` of tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casemanager.clock import FixedClock
from casemanager.services.context import AppContext
from tests.binding import bind_for_test
from tests.conftest import NOW


@dataclass
class Shared:
    """A database the seats open by ``spec``; ``ctx`` is the test's own context on it."""

    engine: str
    spec: str
    ctx: AppContext


@pytest.fixture
def shared(engine: str, db_spec: str, tmp_path: Path) -> Iterator[Shared]:
    ctx = AppContext.open(db_spec, clock=FixedClock(NOW), actor="tester", backups=tmp_path)
    with bind_for_test(ctx):
        yield Shared(engine, db_spec, ctx)
    ctx.close()
