"""Large sample shops: drawn in a second process, built beside their name, the same shop."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from casemanager.services.demo import drawing
from casemanager.services.demo.generate import SampleShop
from casemanager.store import bulk_load
from tests.cli_helpers import run_cli
from tests.faults.helpers import run_child

CLI = "import sys; from casemanager.cli import main; sys.exit(main(sys.argv[1:]))"

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def test_cases_drawn_in_a_second_process_are_those_drawn_here(monkeypatch):
    """A large sample shop holds the same customers, claims and steps as a small run draws."""
    monkeypatch.setattr(drawing, "SECOND_PROCESS_FROM", 1)
    monkeypatch.setattr(drawing, "CHUNK", 7)  # several chunks and a short last one
    here = list(SampleShop(45, 11, NOW, "tester", known_customers=3).histories())
    there = list(drawing.histories(45, 11, NOW, "tester", 3))
    assert len(there) == 45
    assert there == here


def test_a_failure_in_the_drawing_process_stops_the_recording(monkeypatch):
    """A sample shop whose drawing fails ends with an error, not with fewer cases."""
    monkeypatch.setattr(drawing, "SECOND_PROCESS_FROM", 1)
    with pytest.raises(RuntimeError, match="ended early"):
        list(drawing.histories(10.5, 11, NOW, "tester", 0))  # type: ignore[arg-type]


def test_a_new_database_is_built_beside_its_name_and_renamed_when_whole(capsys, tmp_path):
    """`demo-data` into a new file leaves just that file, complete, and nothing half-made."""
    db = tmp_path / "new.sqlite3"
    leftover = tmp_path / "new.sqlite3.building"
    leftover.write_bytes(b"an interrupted build")
    code, out, err = run_cli(capsys, "demo-data", "--cases", "25", "--seed", "4", "--db", str(db))
    assert code == 0, err
    assert str(db) in out
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) == ["new.sqlite3"]
    with sqlite3.connect(db) as con:
        assert con.execute('SELECT COUNT(*) FROM "case"').fetchone() == (25,)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    code, out, err = run_cli(capsys, "verify", "--db", str(db))
    assert code == 0, out + err


def _indexes(path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'")
        return {tuple(r) for r in rows if r[2] is not None}


def test_a_new_database_built_with_its_indexes_made_last_has_every_index(capsys, tmp_path):
    """A new sample shop would sort, search and check its cases without some of its indexes."""
    db, reference = tmp_path / "built.sqlite3", tmp_path / "migrated.sqlite3"
    code, _out, err = run_cli(capsys, "demo-data", "--cases", "30", "--seed", "3", "--db", str(db))
    assert code == 0, err
    code, _out, err = run_cli(capsys, "cases", "--db", str(reference))
    assert code == 0, err
    expected = _indexes(reference)
    assert any("UNIQUE" not in sql for _n, _t, sql in expected)  # some were made last
    assert _indexes(db) == expected
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_new_database_on_a_full_disk_leaves_nothing_behind(tmp_path):
    """`demo-data` failing on a full disk would leave a half-made file for the next run."""
    db = tmp_path / "full.sqlite3"
    done = run_child(CLI, "demo-data", "--cases", "400", "--db", str(db), fsize=256 * 1024)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_more_cases_go_into_an_existing_database_in_place(capsys, tmp_path):
    """A second `demo-data` adds to the shop already there rather than replacing it."""
    db = tmp_path / "shop.sqlite3"
    for seed in ("5", "6"):
        code, _out, err = run_cli(
            capsys, "demo-data", "--cases", "10", "--seed", seed, "--db", str(db)
        )
        assert code == 0, err
    assert bulk_load.new_sqlite_file(str(db)) is None
    with sqlite3.connect(db) as con:
        assert con.execute('SELECT COUNT(*) FROM "case"').fetchone() == (20,)
