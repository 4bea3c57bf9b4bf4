"""Take the README's screenshots on a real (virtual) X display.

Run through `make screenshots`, which starts Xvfb; builds a demo database in a
temporary folder and captures each view into docs/screenshots/: the main
window (main-window.png, main-list.png), a case form with its live assessment
(case-form.png) and the dashboard (dashboard.png).
"""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from shots_home import OUT, fresh_home


def _grab_frame(window: QWidget, name: str) -> None:
    screen = window.screen()
    frame = window.frameGeometry()
    shot = screen.grabWindow(0, window.x(), window.y(), frame.width(), frame.height())
    shot.save(str(OUT / name))


def main() -> int:
    home = fresh_home()
    from casemanager.services.cases.drafts import CaseDraft
    from casemanager.services.context import AppContext
    from casemanager.services.demo import generate
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    ctx = AppContext.open(str(home / "demo.sqlite3"))
    generate.generate(ctx, 1500, seed=2026)
    window = MainWindow(ctx, welcome=False)
    window.resize(1280, 760)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def capture_list() -> None:
        _grab_frame(window, "main-window.png")
        _grab_frame(window, "main-list.png")
        form = window.new_case()
        form.resize(1280, 760)
        form.move(0, 0)
        form.fields.load(
            CaseDraft(
                customer_name="Priya Sharma",
                customer_email="priya.sharma@example.in",
                customer_phone="+91 98450 12345",
                order_ref="AM-20260310-004211",
                product_name="Quick Heal Total Security 1 PC 1 Year",
                product_kind="license_key",
                third_party=True,
                purchased_at=dt.datetime(2026, 3, 10, 10, 5),
                delivered_at=dt.datetime(2026, 3, 10, 10, 6),
                reported_at=dt.datetime(2026, 3, 11, 18, 40),
                zone="Asia/Kolkata",
                amount="1299.00",
                currency="INR",
                payment_method="upi",
                license_code="QH7K-2M9P-XX4D-81ZQ",
                reason="invalid_code",
                description="The key is rejected as already used on activation.",
                policy_id="antimart",
            ),
            dt.datetime(2026, 3, 12, 9, 0),
        )
        form.refresh_assessment()
        QTimer.singleShot(800, lambda: capture_form(form))

    def capture_form(form) -> None:
        _grab_frame(form, "case-form.png")
        form._saved_draft = form.draft()  # a screenshot, not an edit: close without asking
        form.close()
        window.show_dashboard()
        QTimer.singleShot(2000, capture_dashboard)

    def capture_dashboard() -> None:
        _grab_frame(window, "dashboard.png")
        QApplication.instance().quit()

    QTimer.singleShot(2500, capture_list)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
