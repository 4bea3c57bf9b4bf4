"""The command line: demo data, listing, verification, database selection."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from casemanager.cli import main
from casemanager.domain import REASONS, CaseStatus
from casemanager.services.admin.integrity import VERIFY_STEPS
from casemanager.services.context import OPENING_STEPS
from tests.cli_helpers import run_cli
from tests.factories import left_unclean


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["demo-data", "--cases", "400", "--seed", "3", "--db", str(path)]) == 0
    assert "Added 400 cases" in out.getvalue()
    return path


def _json(capsys, *args: str) -> list[dict]:
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def _copy(src: Path, dest: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    return dest


def test_demo_data_covers_every_status_reason_and_policy(capsys, demo_db):
    """The sample shop shows every situation the owner will meet."""
    rows = _json(capsys, "cases", "--db", str(demo_db))
    assert len(rows) == 400
    assert {r["status"] for r in rows} == {s.value for s in CaseStatus}
    assert {r["reason"] for r in rows} == set(REASONS)
    assert {r["policy"] for r in rows} == {"antimart", "antnum"}
    assert {r["currency"] for r in rows} == {"INR", "CNY", "USD"}
    names = "".join(r["customer"] for r in rows)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names)  # Chinese
    assert any("\u0900" <= ch <= "\u097f" for ch in names)  # Devanagari
    assert any(r["next_due_at"] for r in rows)


def test_same_seed_gives_the_same_shop(capsys, tmp_path):
    """A reported problem with demo data can be reproduced from its seed."""
    outputs = []
    for name in ("a", "b"):
        db = str(tmp_path / f"{name}.sqlite3")
        assert run_cli(capsys, "demo-data", "--cases", "30", "--seed", "9", "--db", db)[0] == 0
        rows = _json(capsys, "cases", "--db", db)
        outputs.append([(r["number"], r["customer"], r["amount_paid"]) for r in rows])
    assert outputs[0] == outputs[1]


def test_cases_filters_by_status(capsys, demo_db):
    """`cases --status` lists only that status."""
    rows = _json(capsys, "cases", "--status", "refunded", "--db", str(demo_db))
    assert rows and {r["status"] for r in rows} == {"refunded"}


def test_unknown_status_is_a_usage_error(capsys, demo_db):
    """A typo in --status says what is allowed instead of listing nothing."""
    code, _out, err = run_cli(capsys, "cases", "--status", "refundd", "--db", str(demo_db))
    assert code == 2
    assert "refundd" in err and "refunded" in err


def test_verify_passes_on_a_sound_database(capsys, demo_db):
    """`verify` says OK and exits 0 when nothing was altered."""
    code, out, err = run_cli(capsys, "verify", "--db", str(demo_db))
    assert code == 0, err
    assert "OK" in out
    # Each part as it begins: at a million cases verify runs for many minutes.
    sentences = [OPENING_STEPS["full"], *VERIFY_STEPS.values()]
    assert err.splitlines() == [f"casemanager: {sentence}" for sentence in sentences]


def test_verify_names_the_case_of_a_tampered_audit_event(capsys, demo_db, tmp_path):
    """An audit event edited by hand makes verify fail and name its case."""
    db = _copy(demo_db, tmp_path / "tampered.sqlite3")
    with sqlite3.connect(db) as conn:
        case_id, number = conn.execute('SELECT id, number FROM "case" LIMIT 1 OFFSET 17').fetchone()
        conn.execute("UPDATE audit_event SET actor = 'someone else' WHERE case_id = ?", (case_id,))
    code, _out, err = run_cli(capsys, "verify", "--db", str(db))
    assert code == 1
    assert number in err and "audit" in err


def test_verify_names_the_case_of_a_damaged_evidence_file(capsys, demo_db, tmp_path):
    """Evidence bytes that no longer match their hash make verify fail and name the case."""
    db = _copy(demo_db, tmp_path / "damaged.sqlite3")
    with sqlite3.connect(db) as conn:
        sha, number = conn.execute(
            'SELECT e.blob_id, c.number FROM evidence e JOIN "case" c ON c.id = e.case_id '
            "ORDER BY e.id LIMIT 1"
        ).fetchone()
        data = bytearray(
            conn.execute("SELECT data FROM blob WHERE sha256 = ?", (sha,)).fetchone()[0]
        )
        data[len(data) // 2] ^= 0x01
        conn.execute("UPDATE blob SET data = ? WHERE sha256 = ?", (bytes(data), sha))
    code, _out, err = run_cli(capsys, "verify", "--db", str(db))
    assert code == 1
    assert number in err and "no longer matches its hash" in err


def test_database_is_chosen_by_environment_variable(capsys, tmp_path, monkeypatch):
    """CASEMANAGER_DB selects the database when --db is not given."""
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("CASEMANAGER_DB", str(db))
    code, out, err = run_cli(capsys, "demo-data", "--cases", "3")
    assert code == 0, err
    assert str(db) in out


def test_database_url_is_accepted(capsys, tmp_path):
    """A sqlite:/// URL works like a path (other URLs go through playhouse.db_url)."""
    db = tmp_path / "url.sqlite3"
    assert run_cli(capsys, "demo-data", "--cases", "2", "--db", f"sqlite:///{db}")[0] == 0
    assert db.exists()


def test_unopenable_database_is_a_clear_error(capsys, tmp_path):
    """A database path that cannot be opened gives one line naming --db, no traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _out, err = run_cli(capsys, "cases", "--db", str(blocker / "sub" / "db.sqlite3"))
    assert code == 2
    assert "--db" in err and err.count("\n") == 1


def test_policy_copy_makes_an_editable_shop_pack(capsys, tmp_path, monkeypatch):
    """The shop copies a built-in policy to edit as its own; a taken id is refused."""
    monkeypatch.setenv("CASEMANAGER_HOME", str(tmp_path))
    code, _out, err = run_cli(capsys, "policy", "copy", "antnum", "my-shop", "--name", "My Shop")
    assert code == 0, err
    assert (tmp_path / "policies" / "my-shop.json").is_file()
    listed = run_cli(capsys, "policy", "list")[1]
    assert "my-shop" in listed and "My Shop" in listed and "antimart" in listed
    code, _out, err = run_cli(capsys, "policy", "copy", "antnum", "my-shop")
    assert code == 2
    assert "already exists" in err and err.count("\n") == 1


def test_verify_and_cases_on_a_damaged_file(capsys, demo_db, tmp_path):
    """A damaged database makes verify exit 1 with the damage, and after a crash other
    commands say so."""
    db = _copy(demo_db, tmp_path / "broken.sqlite3")
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 4096] = b"\xff" * 4096
    db.write_bytes(bytes(raw))
    code, out, err = run_cli(capsys, "verify", "--db", str(db))
    assert code == 1, err
    assert "damaged" in out
    left_unclean(db)  # after a crash every command checks the file before using it
    code, _out, err = run_cli(capsys, "cases", "--db", str(db))
    assert code == 2
    checking, refused = err.splitlines()
    assert checking == f"casemanager: {OPENING_STEPS['check']}"
    assert "--db" in refused and "damaged" in refused


def test_a_command_after_a_crash_says_it_checks_the_file_once(capsys, demo_db, tmp_path):
    """The check after a crash reads every page: on a large file a command sat silent for
    minutes, and then every later command checked again."""
    db = _copy(demo_db, tmp_path / "crashed.sqlite3")
    left_unclean(db)
    code, out, err = run_cli(capsys, "cases", "--db", str(db))
    assert code == 0, err
    assert err == f"casemanager: {OPENING_STEPS['check']}\n"
    assert out
    code, again, err = run_cli(capsys, "cases", "--db", str(db))
    assert (code, again, err) == (0, out, "")
