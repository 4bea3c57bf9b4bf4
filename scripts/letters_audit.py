"""Measure the letters and decisions of a sample shop: what the product promises, counted.

Usage: .venv/bin/python scripts/letters_audit.py [CASES]   (default 600)
Needs pdffonts (poppler-utils). Generates a sample shop in a temporary database, then
counts: rejections of a claim the policy finds eligible without a recorded finding,
approvals with a remedy the reason does not offer, letter kinds offered that fail to
render, and documents (letters, case summaries, the deadline sheet) with a font that is
not embedded or without a structure tree (pdfinfo's "Tagged: no").
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from casemanager.clock import FixedClock
from casemanager.policy.decision_rules import remedies_for
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.letters import issuing, letter_reports
from casemanager.services.lifecycle import decisions
from casemanager.store.models import Case, Decision

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def unembedded(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines()[2:] if line.split()[-5] != "yes"]


def untagged(pdf: bytes, tmp: Path) -> bool:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return "Tagged:          yes" not in out.stdout


def main(count: int) -> int:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ctx = AppContext.open(
            str(tmp / "demo.sqlite3"), clock=FixedClock(NOW), backups=tmp / "backups"
        )
        generate.generate(ctx, count, seed=12)
        counts: Counter[str] = Counter()
        for key in (
            "  ... without a recorded finding",
            "approvals with a remedy the reason does not offer",
            "letters with an unembedded font",
            "summaries with an unembedded font",
            "letters untagged",
            "summaries untagged",
        ):
            counts[key] = 0
        failures: list[str] = []
        with ctx.reading():
            numbers = [c.number for c in Case.select().order_by(Case.id)]
            for d in Decision.select():
                case = d.case
                snapshot = d.assessment_snapshot or {}
                counts["decisions"] += 1
                if d.outcome == "rejected":
                    counts["rejections"] += 1
                    if snapshot.get("decision") == "eligible":
                        counts["rejections of eligible claims"] += 1
                        if not d.override_finding:
                            counts["  ... without a recorded finding"] += 1
                    if d.override_finding:
                        counts["rejections with a finding (overrides)"] += 1
                else:
                    counts["approvals"] += 1
                    pack = decisions.pack_for_case(case)
                    if d.remedy not in remedies_for(pack, case.reason):
                        counts["approvals with a remedy the reason does not offer"] += 1
        for number in numbers:
            proposal = decisions.proposal(ctx, number)
            if proposal.assessment == "eligible":
                counts["cases the policy finds eligible now"] += 1
            for kind in issuing.available_kinds(ctx, number):
                counts["letters offered"] += 1
                try:
                    result = issuing.preview(ctx, number, kind)
                except Exception as exc:  # noqa: BLE001 (counted and shown)
                    failures.append(f"{number} {kind}: {exc}")
                    continue
                counts["letters rendered"] += 1
                if unembedded(result.pdf, tmp):
                    counts["letters with an unembedded font"] += 1
                if untagged(result.pdf, tmp):
                    counts["letters untagged"] += 1
            summary = letter_reports.render_case_summary(ctx, number)
            counts["case summaries rendered"] += 1
            if unembedded(summary.pdf, tmp):
                counts["summaries with an unembedded font"] += 1
            if untagged(summary.pdf, tmp):
                counts["summaries untagged"] += 1
        sheet = letter_reports.render_deadline_sheet(ctx, NOW.date())
        counts["deadline sheet pages"] = sheet.pages
        counts["deadline sheets with an unembedded font"] = int(bool(unembedded(sheet.pdf, tmp)))
        counts["deadline sheets untagged"] = int(untagged(sheet.pdf, tmp))
        ctx.close()
    counts["letters that failed to render"] = len(failures)
    print(f"Sample shop of {count} cases:")
    for key, value in counts.items():
        print(f"  {key}: {value}")
    for line in failures[:20]:
        print("  FAILED", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 600))
