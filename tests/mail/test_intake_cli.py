"""``intake`` on the command line: single mails, mboxes and Maildirs, never twice."""

from __future__ import annotations

import json

from casemanager.services.cases import records
from casemanager.store.models import Case, Evidence, MailImport
from tests.cli_helpers import run_cli, without_steps
from tests.factories import new_case
from tests.mail import corpus


def _seed(ctx, count: int) -> list[str]:
    """Cases on orders AM-5000... of customers c0@, c1@, ... (as numbered mails write them)."""
    cases = records.create_cases(
        ctx,
        [
            new_case(order_ref=f"AM-{5000 + i}", customer_email=f"c{i}@example.in")
            for i in range(count)
        ],
    )
    return [c.number for c in cases]


def test_mbox_is_taken_in_once(capsys, ctx, db_path, tmp_path):
    """An mbox's mails join their cases; running it again imports nothing new."""
    numbers = _seed(ctx, 25)
    box = corpus.write_mbox(tmp_path / "inbox.mbox", range(25))
    code, out, err = run_cli(capsys, "intake", str(box), "--db", str(db_path))
    assert (code, without_steps(err)) == (0, "")
    assert out.count("updated ") == 25 and numbers[0] in out
    assert MailImport.select().count() == 25
    files = Evidence.select().count()
    code, out, _ = run_cli(capsys, "intake", str(box), "--db", str(db_path))
    assert code == 0 and out.count("skipped (already in") == 25
    assert Evidence.select().count() == files and MailImport.select().count() == 25


def test_json_lists_created_updated_skipped_and_needs_review(capsys, ctx, db_path, tmp_path):
    """--json says for each mail what happened: a new case, an update, or what is missing."""
    (number,) = _seed(ctx, 1)
    records.create_case(ctx, new_case(order_ref="AM-7777", customer_email="first@example.in"))
    mails = [
        corpus.plain(
            subject="Order AM-7777 invalid key",
            sender="Gift <gift@example.in>",
            message_id="<g@example.in>",
        ),  # fmt: skip
        corpus.with_screenshot(subject=f"Re: {number}", message_id="<r@example.in>"),
        corpus.plain(subject="Order AM-9999 does not work", message_id="<u@example.in>"),
    ]
    box = corpus.write_mbox(tmp_path / "box.mbox", mails)
    code, out, _ = run_cli(capsys, "intake", str(box), "--json", "--db", str(db_path))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # one mail needs review
    assert [r["action"] for r in rows] == ["created", "updated", "needs_review"]
    assert rows[1]["case"] == number and rows[1]["evidence"] == 2
    assert {"purchased_at", "amount", "product_name"} <= set(rows[2]["missing"])
    created = Case.get(Case.number == rows[0]["case"])
    assert created.customer.email == "gift@example.in" and created.order.order_ref == "AM-7777"


def test_maildir_and_single_eml_with_case(capsys, ctx, db_path, tmp_path):
    """A Maildir folder is read like an mbox; --case puts a mail into the case named."""
    (number,) = _seed(ctx, 1)
    folder = corpus.write_maildir(tmp_path / "Maildir", [corpus.numbered(0)])
    code, out, _ = run_cli(capsys, "intake", str(folder), "--db", str(db_path))
    assert code == 0 and out.startswith(f"updated {number}")
    eml = tmp_path / "claim.eml"
    eml.write_bytes(corpus.with_attachments())
    code, out, _ = run_cli(capsys, "intake", str(eml), "--case", number, "--db", str(db_path))
    assert code == 0 and out.startswith(f"updated {number}: 5 file(s)")


def test_bad_input_is_one_line(capsys, ctx, db_path, tmp_path):
    """A missing file or a refused mail is named in one line, never a traceback."""
    code, _, err = run_cli(capsys, "intake", str(tmp_path / "nope.eml"), "--db", str(db_path))
    assert code == 2 and "no such file" in err
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"not a mail at all\n")
    code, out, _ = run_cli(capsys, "intake", str(junk), "--db", str(db_path))
    assert code == 1 and out.startswith("refused: ")
