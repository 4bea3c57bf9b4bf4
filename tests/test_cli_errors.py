"""The command line reports a refusal from any service as one line and exit code 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from casemanager import cli


def test_a_service_refusal_is_one_line_naming_the_field(capsys, tmp_path):
    """Exporting a case that does not exist says so in one line, with no traceback."""
    db = tmp_path / "cases.sqlite3"
    code = cli.main(["export", "RC-2026-99999", "--out", str(tmp_path / "x.zip"), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == "casemanager export: case: no case numbered 'RC-2026-99999'\n"
    assert not (tmp_path / "x.zip").exists()


def test_a_pack_refusal_from_the_policy_service_is_one_line(capsys):
    """Copying a policy pack under a bad id names the problem in one line."""
    code = cli.main(["policy", "copy", "antimart", "Not An Id!"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("casemanager policy: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_ctrl_c_stops_a_command_in_one_line_and_leaves_no_half_file(tmp_path):
    """Ctrl-C printed a traceback; a stopped build must leave no half-made database."""
    db = tmp_path / "big.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).resolve().parents[1])}
    command = ["demo-data", "--db", str(db), "--cases", "50000"]
    running = subprocess.Popen(
        [sys.executable, "-m", "casemanager", *command], env=env, stderr=subprocess.PIPE, text=True
    )
    building = db.with_name(db.name + ".building")
    deadline = time.monotonic() + 60
    while not building.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert building.exists(), "the build never started"
    running.send_signal(signal.SIGINT)
    _out, err = running.communicate(timeout=60)
    assert running.returncode == 130
    assert err.strip().splitlines()[-1] == "casemanager demo-data: stopped (Ctrl-C)"
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
