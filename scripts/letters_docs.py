"""Render page 1 of the letters a lawyer would look at first, from sample data, as issued.

Usage: .venv/bin/python scripts/letters_docs.py [OUT_DIR]   (default docs/letters)
Needs pdftoppm (poppler-utils). Writes rejection.png (a rejection on the policy's own
grounds), override-rejection.png (an eligible-looking claim rejected on a finding),
pro-rata-approval.png, appeal-decision.png and deadline-sheet.png (80 dpi). The letters
are issued in a temporary sample database, so they show their reference and footer.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from casemanager.clock import FixedClock
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.letters import issuing, letter_reports
from casemanager.store.models import Appeal, Case, Decision, Order

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def _first(query) -> Case:
    # Prefer a customer whose name is not ASCII: the letter shows the fonts at work.
    cases = list(query.order_by(Case.id))
    named = [c for c in cases if not c.customer.name.isascii()]
    return (named or cases)[0]


def _png(pdf: bytes, out: Path, name: str, tmp: Path) -> None:
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(path),
         str(out / name)],
        check=True,
    )  # fmt: skip


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ctx = AppContext.open(
            str(tmp / "demo.sqlite3"), clock=FixedClock(NOW), backups=tmp / "backups"
        )
        generate.generate(ctx, 300, seed=7)
        with ctx.reading():
            decided = Case.select().join(Decision)
            picks = {
                "rejection": _first(decided.where(
                    (Case.status == "rejected") & (Decision.override_finding == "")
                    & (Case.policy_id == "antnum")
                )),
                "override-rejection": _first(decided.where(
                    (Case.status == "rejected") & (Decision.override_finding != "")
                    & (Decision.override_evidence != "[]")
                )),
                "pro-rata-approval": _first(decided.switch(Case).join(Order).where(
                    (Decision.outcome == "approved") & Decision.refund_amount.is_null(False)
                    & Order.subscription_start.is_null(False)
                    & (Decision.refund_amount < Order.amount_paid)
                )),
                "appeal-decision": _first(
                    Case.select().join(Appeal).where(Appeal.outcome.is_null(False))
                ),
            }  # fmt: skip
        kinds = {
            "rejection": "rejection",
            "override-rejection": "rejection",
            "pro-rata-approval": "approval",
            "appeal-decision": "appeal_decision",
        }
        for name, case in picks.items():
            issued = issuing.issue(ctx, case.number, kinds[name])
            _png(issuing.letter_pdf(ctx, issued.id), out, name, tmp)
            print(f"{name}: {case.number} ({case.customer.name}) {issued.reference}")
        sheet = letter_reports.render_deadline_sheet(ctx, NOW.date()).pdf
        _png(sheet, out, "deadline-sheet", tmp)
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/letters")))
