"""The command line reports a refusal from any service as one line and exit code 2."""

from __future__ import annotations

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
