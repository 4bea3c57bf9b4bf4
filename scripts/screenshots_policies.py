"""Screenshots of the policy editor, its calendar preview and a case under the law's clocks.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots_policies.py

Works in a temporary data folder with a fixed clock; writes policy-editor.png,
calendar-preview.png, calendar-estimated.png (estimated holidays confirmed or
corrected), policy-rules.png (evidence kinds, refund rules, blanks) and
statutory-deadline.png into docs/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import sys

from shots_home import OUT, fresh_home

NOW = dt.datetime(2026, 3, 5, 6, 0, tzinfo=dt.UTC)
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))


def main() -> int:
    home = fresh_home("casemanager-policies-")
    from decimal import Decimal

    from PySide6.QtWidgets import QApplication

    from casemanager.clock import FixedClock
    from casemanager.services.cases.records import NewCase, create_case
    from casemanager.services.context import AppContext
    from ui.case_view import CaseView
    from ui.policy_editor.dialog import PolicyEditorDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("CaseManagerShots")
    ctx = AppContext.open(
        str(home / "shots.sqlite3"), clock=FixedClock(NOW), actor="Owner", backups=home
    )
    OUT.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    editor = PolicyEditorDialog(ctx)
    editor.resize(1240, 760)
    editor.show()
    editor.select("antimart")
    editor.copy_pack("mystore", "My store refund policy (from Anti Mart)")
    form = editor.form
    row = form.deadlines.find(0, "refund_by")
    form.deadlines.item(row, 2).setText("5")
    form.version.setText("2026-12-01")
    form.effective.setText("2026-12-01")
    form.week["sat"].setText("10:00-14:00")
    form.setCurrentIndex(3)  # Deadlines
    form.deadlines.resizeColumnsToContents()
    form.deadlines.selectRow(row)
    settle()
    editor.grab().save(str(OUT / "policy-editor.png"))

    editor.select("antnum")
    editor.copy_pack("cnshop", "My China shop")
    form.whole_breaks.setChecked(True)
    form.setCurrentIndex(form.count() - 1)  # Calendar preview
    editor.preview.year.setValue(2026)
    editor.preview.received.set_value(dt.datetime(2026, 2, 13, 20, 0))
    settle()
    editor.grab().save(str(OUT / "calendar-preview.png"))

    # The shop settles the holidays the data only estimates (IN 2027: Eid al-Fitr).
    editor.select("mystore")
    form.setCurrentIndex(form.count() - 1)
    preview = editor.preview
    preview.year.setValue(2027)
    preview.grid.setCurrentCell(2, 9)  # 10 March 2027
    preview.close_day.click()
    preview.grid.setCurrentCell(4, 16)  # 17 May 2027: the guess is a day early
    preview.open_day.click()
    preview.grid.setCurrentCell(4, 17)
    preview.close_day.click()
    settle()
    editor.grab().save(str(OUT / "calendar-estimated.png"))

    form.setCurrentIndex(4)  # Evidence and refunds
    settle()
    editor.grab().save(str(OUT / "policy-rules.png"))

    case = create_case(
        ctx,
        NewCase(
            customer_name="Priya Sharma",
            customer_email="priya@example.in",
            order_ref="AM-1001",
            product_name="Quick Heal Total Security 1 PC",
            product_kind="license_key",
            purchased_at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=IST),
            delivered_at=dt.datetime(2026, 3, 2, 10, 1, tzinfo=IST),
            reported_at=dt.datetime(2026, 3, 4, 11, 0, tzinfo=IST),
            amount_paid=Decimal("1299.00"),
            currency="INR",
            reason="invalid_code",
            policy_id="antimart",
            policy_version="2026-02-17",
            payment_method="upi",
            license_code="QH7K-2M9P-XX4D-81ZQ",
        ),
    )
    view = CaseView(ctx, case.number)
    view.resize(1000, 720)
    view.show()
    table = view.deadlines.model
    row = next(r for r in range(table.rowCount()) if table.row_at(r).statutory)
    view.deadlines.table.selectRow(row)
    view.deadlines.explain_button.setChecked(True)
    view.deadlines.explain.setMaximumHeight(220)
    settle()
    view.grab().save(str(OUT / "statutory-deadline.png"))
    print(
        f"saved {OUT}/policy-editor.png, calendar-preview.png, calendar-estimated.png, "
        "policy-rules.png, statutory-deadline.png"
    )
    view.close()
    editor.close()
    view.deleteLater()
    editor.deleteLater()
    settle()
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
