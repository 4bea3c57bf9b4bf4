"""Screenshots of a PayPal dispute case: its evidence-due counting down, then met.

Run under Xvfb (`xvfb-run -a -s "-screen 0 1280x800x24" python
scripts/screenshots_provider_disputes.py`): imports a PayPal activity download
in Los Angeles time (a payment and its chargeback, written as the tests write
it) into a fresh database on a fixed clock, records the chargeback as a case
and writes docs/screenshots/dispute-paypal-evidence-due.png and
dispute-evidence-sent.png.
"""

from __future__ import annotations

import datetime as dt
import sys

from shots_home import OUT, fresh_home

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def main() -> int:
    home = fresh_home()
    from casemanager.clock import FixedClock
    from casemanager.services.context import AppContext
    from casemanager.services.lifecycle import transitions
    from casemanager.services.orders import disputes, importing
    from tests.orders import dispute_samples
    from ui.app import make_application
    from ui.case_view import CaseView

    app = make_application()
    clock = FixedClock(NOW)
    ctx = AppContext.open(str(home / "shop.sqlite3"), clock=clock)
    importing.import_orders(ctx, dispute_samples.paypal_activity(home))
    (line_id,) = disputes.open_disputes(ctx)
    number = disputes.case_from_dispute(ctx, line_id)
    transitions.transition(ctx, number, "acknowledge")
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(view: CaseView, name: str) -> None:
        model = view.deadlines.model
        row = next(r for r in range(model.rowCount()) if model.row_at(r).provider)
        view.deadlines.table.selectRow(row)
        view.deadlines.explain_button.setChecked(True)
        for _ in range(5):
            app.processEvents()
        view.grab().save(str(OUT / name))

    view = CaseView(ctx, number)
    view.resize(1200, 760)
    view.show()
    shoot(view, "dispute-paypal-evidence-due.png")
    clock.advance(dt.timedelta(hours=3))
    disputes.evidence_sent(ctx, number, note="Download log and licence activation record")
    view.refresh()
    shoot(view, "dispute-evidence-sent.png")
    view.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
