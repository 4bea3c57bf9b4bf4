"""The command line: demo data, listing, verification, database selection."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casemanager.domain import REASONS, CaseStatus

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casemanager", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    out = cli("demo-data", "--cases", "400", "--seed", "3", "--db", str(path))
    assert out.returncode == 0, out.stderr
    assert "Added 400 cases" in out.stdout
    return path


def _copy(src: Path, dest: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    return dest


def test_demo_data_covers_every_status_reason_and_policy(demo_db):
    """The sample shop shows every situation the owner will meet."""
    rows = json.loads(cli("cases", "--json", "--db", str(demo_db)).stdout)
    assert len(rows) == 400
    assert {r["status"] for r in rows} == {s.value for s in CaseStatus}
    assert {r["reason"] for r in rows} == set(REASONS)
    assert {r["policy"] for r in rows} == {"antimart", "antnum"}
    assert {r["currency"] for r in rows} == {"INR", "CNY", "USD"}
    names = "".join(r["customer"] for r in rows)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names)  # Chinese
    assert any("\u0900" <= ch <= "\u097f" for ch in names)  # Devanagari
    assert any(r["next_due_at"] for r in rows)


def test_same_seed_gives_the_same_shop(tmp_path):
    """A reported problem with demo data can be reproduced from its seed."""
    outputs = []
    for name in ("a", "b"):
        db = str(tmp_path / f"{name}.sqlite3")
        assert cli("demo-data", "--cases", "30", "--seed", "9", "--db", db).returncode == 0
        rows = json.loads(cli("cases", "--json", "--db", db).stdout)
        outputs.append([(r["number"], r["customer"], r["amount_paid"]) for r in rows])
    assert outputs[0] == outputs[1]


def test_cases_filters_by_status(demo_db):
    """`cases --status` lists only that status."""
    rows = json.loads(cli("cases", "--status", "refunded", "--json", "--db", str(demo_db)).stdout)
    assert rows and {r["status"] for r in rows} == {"refunded"}


def test_unknown_status_is_a_usage_error(demo_db):
    """A typo in --status says what is allowed instead of listing nothing."""
    out = cli("cases", "--status", "refundd", "--db", str(demo_db))
    assert out.returncode == 2
    assert "refundd" in out.stderr and "refunded" in out.stderr


def test_verify_passes_on_a_sound_database(demo_db):
    """`verify` says OK and exits 0 when nothing was altered."""
    out = cli("verify", "--db", str(demo_db))
    assert out.returncode == 0, out.stderr
    assert "OK" in out.stdout


def test_verify_names_the_case_of_a_tampered_audit_event(demo_db, tmp_path):
    """An audit event edited by hand makes verify fail and name its case."""
    db = _copy(demo_db, tmp_path / "tampered.sqlite3")
    with sqlite3.connect(db) as conn:
        case_id, number = conn.execute('SELECT id, number FROM "case" LIMIT 1 OFFSET 17').fetchone()
        conn.execute("UPDATE audit_event SET actor = 'someone else' WHERE case_id = ?", (case_id,))
    out = cli("verify", "--db", str(db))
    assert out.returncode == 1
    assert number in out.stderr and "audit" in out.stderr


def test_verify_names_the_case_of_a_damaged_evidence_file(demo_db, tmp_path):
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
    out = cli("verify", "--db", str(db))
    assert out.returncode == 1
    assert number in out.stderr and "no longer matches its hash" in out.stderr


def test_database_is_chosen_by_environment_variable(tmp_path):
    """CASEMANAGER_DB selects the database when --db is not given."""
    db = tmp_path / "env.sqlite3"
    out = cli("demo-data", "--cases", "3", env={"CASEMANAGER_DB": str(db)})
    assert out.returncode == 0, out.stderr
    assert str(db) in out.stdout


def test_database_url_is_accepted(tmp_path):
    """A sqlite:/// URL works like a path (other URLs go through playhouse.db_url)."""
    db = tmp_path / "url.sqlite3"
    assert cli("demo-data", "--cases", "2", "--db", f"sqlite:///{db}").returncode == 0
    assert db.exists()


def test_unopenable_database_is_a_clear_error(tmp_path):
    """A database path that cannot be opened gives one line naming --db, no traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = cli("cases", "--db", str(blocker / "sub" / "db.sqlite3"))
    assert out.returncode == 2
    assert "--db" in out.stderr and "Traceback" not in out.stderr


def test_policy_copy_makes_an_editable_shop_pack(tmp_path):
    """The shop copies a built-in policy to edit as its own; a taken id is refused."""
    env = {"CASEMANAGER_HOME": str(tmp_path)}
    out = cli("policy", "copy", "antnum", "my-shop", "--name", "My Shop", env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "policies" / "my-shop.json").is_file()
    listed = cli("policy", "list", env=env).stdout
    assert "my-shop" in listed and "My Shop" in listed and "antimart" in listed
    again = cli("policy", "copy", "antnum", "my-shop", env=env)
    assert again.returncode == 2
    assert "already exists" in again.stderr and again.stderr.count("\n") == 1


def test_verify_and_cases_on_a_damaged_file(demo_db, tmp_path):
    """A damaged database makes verify exit 1 with the damage, and other commands say so."""
    db = _copy(demo_db, tmp_path / "broken.sqlite3")
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 4096] = b"\xff" * 4096
    db.write_bytes(bytes(raw))
    out = cli("verify", "--db", str(db))
    assert out.returncode == 1, out.stderr
    assert "damaged" in out.stdout and "Traceback" not in out.stderr
    listed = cli("cases", "--db", str(db))
    assert listed.returncode == 2
    assert "--db" in listed.stderr and "damaged" in listed.stderr
    assert listed.stderr.count("\n") == 1
