"""Screenshot of a case's Deadlines panel, or the case view on its own for trying it out.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots_case_view.py
    .venv/bin/python scripts/screenshots_case_view.py --show [--db PATH] [--case NUMBER]

Without --db a fresh demo database is made in a temporary folder, with a fixed
clock; the case shown is the one whose open deadlines fall in the most
different colour bands at that moment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication

from casemanager.clock import FixedClock
from casemanager.policy import load_pack
from casemanager.services.cases import case_detail
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.lifecycle import (
    decisions,
    transitions,
)
from casemanager.store.models import Case
from ui.case_view import CaseView
from ui.reminders import RemindersView, TrayNotifier

OUT = ROOT / "docs" / "screenshots" / "deadlines-panel.png"
DEMO_NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def colourful_case(ctx: AppContext) -> str:
    """The open case with the most distinct bands among its running deadlines (then most rows)."""
    best, best_key = "", (-1, -1)
    now = ctx.clock.now()
    for case in Case.select(Case.number).where(Case.next_due_at.is_null(False)).iterator():
        view = case_detail.overview(ctx, case.number)
        thresholds = case_detail.band_thresholds(view, now)
        bands = {thresholds.band(d.due_at) for d in view.deadlines if d.is_running}
        key = (len(bands), len(view.deadlines))
        if key > best_key:
            best, best_key = case.number, key
    return best


def walked_case(ctx: AppContext, clock: FixedClock) -> str:
    """A demo ANTNUM claim acknowledged late, then approved, seen 3 hours before notify_by.

    Its panel shows a missed deadline, a met one, one under 4 hours and one with ample time.
    """
    query = Case.select().where(
        (Case.policy_id == "antnum")
        & (Case.status == "received")
        & (Case.next_due_name == "acknowledge_by")
        & (Case.next_due_at < clock.now())
        & Case.reason.in_([r.code for r in load_pack("antnum").reasons if r.result == "eligible"])
    )
    case = query.order_by(Case.reported_at.desc()).first()
    if case is None:
        return ""
    number = case.number
    transitions.transition(ctx, number, "acknowledge", note="Sorry for the delay")
    transitions.transition(ctx, number, "start_review")
    proposal = decisions.proposal(ctx, number)
    decisions.record_decision(
        ctx,
        number,
        decisions.DecisionInput(
            "approved",
            list(proposal.clauses[:1]) or ["2.2.1"],
            "Covered by clause 2.2.4; the unused period is refunded.",
            ctx.actor,
            remedy="refund",
        ),
    )
    notify_by = next(
        d for d in case_detail.overview(ctx, number).deadlines if d.name == "notify_by"
    )
    clock.set(notify_by.due_at - dt.timedelta(hours=3, minutes=12, seconds=25))
    return number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to open (default: a fresh demo database)")
    parser.add_argument("--case", help="case number to show")
    parser.add_argument("--show", action="store_true", help="open the view instead of saving")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("CaseManager")
    app.setApplicationName("Case Manager (case view demo)")
    if args.db:
        ctx = AppContext.open(args.db)
    else:
        folder = Path(tempfile.mkdtemp(prefix="casemanager-case-view-"))
        ctx = AppContext.open(
            str(folder / "demo.sqlite3"), clock=FixedClock(DEMO_NOW), actor="Owner", backups=folder
        )
        generate.generate(ctx, 300, seed=7)
    number = args.case or (walked_case(ctx, ctx.clock) if not args.db else "")
    number = number or colourful_case(ctx)
    view = CaseView(ctx, number)
    view.resize(1000, 720)
    if args.show:
        view.case_changed.connect(lambda n: print(f"case changed: {n}"))
        reminders = RemindersView(ctx)
        reminders.case_activated.connect(lambda n: print(f"open case {n}"))
        reminders.resize(760, 360)
        reminders.show()
        notifier = TrayNotifier(ctx)
        notifier.noticed.connect(lambda title, message: print(f"notice: {title}: {message}"))
        notifier.start()
        view.show()
        return app.exec()
    view.show()
    view.deadlines.table.selectRow(3)
    view.deadlines.explain_button.setChecked(True)
    for _ in range(5):
        app.processEvents()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    view.deadlines.grab().save(str(OUT))
    view.grab().save(str(OUT.with_name("case-view.png")))
    print(f"{number}: saved {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
