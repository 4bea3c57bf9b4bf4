"""The backup, restore, csv and ics commands, and their one-line errors."""

from __future__ import annotations

import csv
import shutil

import pytest

from casemanager.cli import main
from casemanager.policy import load_pack
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.files import backups
from tests.cli_helpers import without_steps
from tests.factories import new_case


@pytest.fixture
def filled(ctx, db_path):
    """A database with two cases, closed so the commands open it themselves."""
    version = load_pack("antnum").version
    records.create_case(ctx, new_case(order_ref="=CMD()"))
    records.create_case(ctx, new_case(order_ref="N-2", policy_id="antnum", policy_version=version))
    ctx.close()
    return db_path


def _one_line_error(capsys, code: int, *words: str) -> None:
    # Before it, a check of the whole file may be announced (it takes minutes when large).
    err = without_steps(capsys.readouterr().err).strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    for word in words:
        assert word in err


def test_backup_then_restore_round_trip(filled, tmp_path, capsys):
    """`backup --to` writes a copy; `restore` of it brings back exactly that state."""
    assert main(["backup", "--db", str(filled), "--to", str(tmp_path / "usb")]) == 0
    copy = tmp_path / "usb" / capsys.readouterr().out.strip().rsplit("/", 1)[-1]
    assert copy.exists()
    with AppContext.open(str(filled), backups=tmp_path / "b") as later:
        records.create_case(later, new_case(order_ref="LATER"))
    assert main(["restore", "--db", str(filled), str(copy)]) == 0
    out = capsys.readouterr().out
    assert "kept as" in out and ".before-restore-" in out
    with AppContext.open(str(filled), backups=tmp_path / "b") as ctx:
        assert {r.order_ref for r in records.list_cases(ctx)} == {"=CMD()", "N-2"}


def test_restore_over_a_damaged_database(filled, tmp_path, capsys):
    """`restore` works when the database is too damaged to open, and keeps it aside."""
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(filled, copy)
    with open(filled, "r+b") as handle:
        handle.seek(4096 + 8)
        handle.write(b"\xff" * 2000)
    assert main(["restore", "--db", str(filled), str(copy)]) == 0
    assert ".damaged-" in capsys.readouterr().out
    with AppContext.open(str(filled), backups=tmp_path / "b") as fixed:
        assert backups.quick_check(fixed.target) == []
        assert {r.order_ref for r in records.list_cases(fixed)} == {"=CMD()", "N-2"}


def test_csv_and_ics_commands(filled, tmp_path, capsys):
    """`csv` and `ics` write the list and the open deadlines."""
    out_csv, out_ics = tmp_path / "l.csv", tmp_path / "d.ics"
    assert main(["csv", "--db", str(filled), "--out", str(out_csv), "--sort", "order"]) == 0
    with open(out_csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[3] for r in rows] == ["Order", "'=CMD()", "N-2"]
    assert main(["csv", "--db", str(filled), "--out", str(out_csv), "--policy", "antnum"]) == 0
    assert "1 case(s)" in capsys.readouterr().out
    assert main(["ics", "--db", str(filled), "--out", str(out_ics)]) == 0
    assert out_ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["restore", "{tmp}/nothing.sqlite3"], ["FILE", "no such backup"]),
        (["restore", "{tmp}/junk.txt"], ["junk.txt"]),
        (["csv", "--out", "{tmp}/no/such/dir/x.csv"], ["--out"]),
        (["csv", "--out", "{tmp}/x.csv", "--columns", "number,colour"], ["--columns", "colour"]),
        (["ics", "--out", "{tmp}"], ["--out"]),
        (["backup", "--to", "{tmp}/junk.txt"], ["--to", "not a folder"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(filled, tmp_path, capsys, argv, words):
    """A wrong path or name is reported in one line naming the option; nothing changes."""
    (tmp_path / "junk.txt").write_text("not a database" * 100)
    before = filled.read_bytes()
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--db", str(filled)])
    _one_line_error(capsys, code, *words)
    assert filled.read_bytes() == before
