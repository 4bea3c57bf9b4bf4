"""Screenshots of the case view at 1280×760 and 1920×1080, and of the case form checking input.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots_desk_forms.py

A fresh demo database with a fixed clock; the case shown has a rejection, evidence
and an issued letter, so its deadlines, history and letters all show times.
Writes docs/screenshots/case-view-1280x760.png, case-view-1920x1080.png,
case-history.png and case-letters.png (1920×1080) and case-form-checks.png.
"""

from __future__ import annotations

import datetime as dt

from shots_home import OUT, fresh_home

DEMO_NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def _settle(app, rounds: int = 30) -> None:
    import time

    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.02)


def _grab(window, name: str) -> None:
    frame = window.frameGeometry()
    shot = window.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    shot.save(str(OUT / name))
    print(f"saved {OUT / name} ({shot.width()}×{shot.height()})")


def _titles(tabs) -> list[str]:
    return [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]


def _pick(case, decision, evidence, letter):
    """A rejected Anti Mart case with evidence and a letter (else any case with a letter)."""
    rejected = (
        case.select()
        .join(decision)
        .where((decision.outcome == "rejected") & (case.policy_id == "antimart"))
    )
    for row in rejected:
        if evidence.select().where(evidence.case == row).count():
            return row
    return rejected.first()


def main() -> int:
    home = fresh_home("casemanager-forms-shots-")
    from PySide6.QtWidgets import QTabWidget

    from casemanager.clock import FixedClock
    from casemanager.services.context import AppContext
    from casemanager.services.demo import generate
    from casemanager.services.letters import issuing
    from casemanager.store.models import Case, Decision, Evidence, Letter
    from ui.app import make_application
    from ui.main_window import MainWindow
    from ui.workers import wait_for_all

    app = make_application()
    ctx = AppContext.open(
        str(home / "demo.sqlite3"), clock=FixedClock(DEMO_NOW), actor="Asha Rao", backups=home
    )
    generate.generate(ctx, 300, seed=7)
    with ctx.reading():
        case = _pick(Case, Decision, Evidence, Letter)
    kinds = issuing.available_kinds(ctx, case.number)
    if kinds and not issuing.list_letters(ctx, case.number):
        issuing.issue(ctx, case.number, "rejection" if "rejection" in kinds else kinds[0])
    window = MainWindow(ctx, welcome=False)
    window.resize(1280, 760)
    window.move(0, 0)
    window.show()
    _settle(app)
    view = window.open_case(case.number)
    _settle(app, 60)
    wait_for_all()
    _settle(app)
    OUT.mkdir(parents=True, exist_ok=True)
    _grab(window, "case-view-1280x760.png")
    window.resize(1920, 1080)
    _settle(app, 60)
    _grab(window, "case-view-1920x1080.png")
    tabs = next(t for t in view.findChildren(QTabWidget) if "History" in _titles(t))
    tabs.setCurrentIndex(_titles(tabs).index("History"))
    _settle(app, 30)
    _grab(window, "case-history.png")
    tabs.setCurrentIndex(_titles(tabs).index("Letters"))
    _settle(app, 30)
    _grab(window, "case-letters.png")

    window.resize(1280, 760)
    form = window.new_case()
    form.resize(1280, 760)
    form.move(0, 0)
    _settle(app)
    f = form.fields
    f.name.setText("Priya Sharma")
    f.email.setText("priya.sharma@example")
    f.order_ref.setText("AM-20260310-004211")
    f.product.setText("Quick Heal Total Security 1 PC 1 Year")
    f.amount.setText("-50")
    f.reason.setCurrentIndex(f.reason.findData("invalid_code"))
    f.dates["purchased_at"].edit.setText("28/03/2026 10:00")  # after the demo's today
    f.dates["reported_at"].edit.setText("yesterday 18:40")
    f.dates["reported_at"]._tidy()
    form.touched |= {"customer_email", "amount", "purchased_at", "reported_at"}
    form._show_problems()
    form.refresh_assessment()
    f.amount.setFocus()
    _settle(app, 60)
    _grab(form, "case-form-checks.png")
    form._saved_draft = form.draft()  # a screenshot, not an edit: close without asking
    form.close()
    window.close()
    wait_for_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
