"""What opening a database says as each long step begins (the window shows it)."""

from __future__ import annotations

import pytest

from casemanager.services.cases import records
from casemanager.services.context import OPENING_STEPS, AppContext
from casemanager.store import database, schema
from casemanager.store.models import Deadline
from tests.factories import new_case
from tests.test_migrations import MIGRATION_NAMES


def _open(spec: str, tmp_path, **kwargs) -> list[str]:
    steps: list[str] = []
    AppContext.open(spec, backups=tmp_path / "backups", on_step=steps.append, **kwargs).close()
    return steps


def test_a_sound_current_file_opens_with_no_long_step(ctx, db_spec, tmp_path):
    """Every start would flash a notice over a file that opens in milliseconds."""
    records.create_case(ctx, new_case())
    ctx.close()
    assert _open(db_spec, tmp_path) == []


@pytest.mark.sqlite_only(reason="a new database is a new SQLite file")
def test_a_new_database_is_made_without_an_upgrade_notice(tmp_path):
    """Making the tables of a new file is quick and upgrades nothing: a command that
    created its database said "Upgrading the database…" before its answer."""
    assert _open(str(tmp_path / "new.sqlite3"), tmp_path) == []


@pytest.mark.sqlite_only(reason="the backup before an upgrade is of the SQLite file")
def test_an_upgrade_says_backup_then_upgrade(db_path, tmp_path):
    """An upgrade of a large file ran for minutes with nothing on the screen."""
    db = database.connect(database.resolve_target(str(db_path)))
    schema.upgrade(db, target=MIGRATION_NAMES[-2])
    db.close()
    assert _open(str(db_path), tmp_path) == [OPENING_STEPS["backup"], OPENING_STEPS["migrate"]]
    assert list((tmp_path / "backups").glob("before-*")), "the backup the notice announced"


def test_deadlines_from_before_their_flag_say_they_are_being_filled(ctx, db_spec, tmp_path):
    """Filling the reminder flags of a million cases took five silent minutes."""
    records.create_case(ctx, new_case())
    with ctx.transaction():
        assert Deadline.update(reminds=None).execute() > 0
    ctx.close()
    assert _open(db_spec, tmp_path) == [OPENING_STEPS["fill"]]
    assert _open(db_spec, tmp_path) == []  # once


@pytest.mark.sqlite_only(reason="the whole-file check after an unclean end is SQLite's")
def test_an_unclean_end_says_the_whole_file_is_checked(ctx, db_spec, tmp_path):
    """The check after a crash is the slowest step of all on a large file."""
    ctx.close()
    assert _open(db_spec, tmp_path, unclean=True) == [OPENING_STEPS["check"]]
