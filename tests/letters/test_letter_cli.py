"""``python -m casemanager letter``: render or issue a letter from the command line."""

from __future__ import annotations

from tests.cli_helpers import run_cli
from tests.letters import helpers, pdf


def test_letter_command_renders_and_issues(capsys, ctx, db_path, tmp_path):
    """The shop can write a rejection to a file, then issue it, from the command line."""
    number = helpers.rejected(ctx).number
    ctx.close()
    out = tmp_path / "rejection.pdf"
    args = ("letter", number, "--kind", "rejection", "--out", str(out), "--db", str(db_path))
    code, _stdout, err = run_cli(capsys, *args)
    assert code == 0, err
    assert "Clause 3.1" in pdf.text(out.read_bytes())
    code, stdout, err = run_cli(capsys, *args, "--issue")
    assert code == 0, err
    assert "customer notified" in stdout
    summary = tmp_path / "summary.pdf"
    code, _stdout, err = run_cli(
        capsys, "letter", number, "--kind", "summary", "--out", str(summary), "--db", str(db_path)
    )
    assert code == 0 and "Letters issued" in pdf.text(summary.read_bytes())


def test_letter_command_bad_input_names_the_field(capsys, ctx, db_path, tmp_path):
    """Wrong input gives exit 2 and one line saying what to correct; no file is written."""
    number = helpers.received(ctx).number
    ctx.close()
    out = tmp_path / "x.pdf"
    code, _stdout, err = run_cli(
        capsys, "letter", number, "--kind", "rejection", "--out", str(out), "--db", str(db_path)
    )
    assert code == 2 and err.startswith("casemanager letter: kind:")
    assert len(err.strip().splitlines()) == 1 and not out.exists()
    code, _stdout, err = run_cli(
        capsys, "letter", "RC-2000-00001", "--kind", "approval", "--out", str(out),
        "--db", str(db_path),
    )  # fmt: skip
    assert code == 2 and "case:" in err
    code, _stdout, err = run_cli(
        capsys, "letter", number, "--kind", "approval", "--out", str(tmp_path / "no" / "x.pdf")
    )
    assert code == 2 and "--out:" in err
