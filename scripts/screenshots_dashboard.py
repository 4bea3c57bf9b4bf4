"""The dashboard of a shop paid in three currencies, on a real (virtual) X display.

Run under Xvfb (``xvfb-run -a -s "-screen 0 1280x800x24" python scripts/screenshots_dashboard.py``):
builds a demo database in a temporary folder, opens the dashboard at 1280x760 and
saves docs/screenshots/dashboard-currencies.png, with the hover text of one refund bar
shown, and prints that text.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QToolTip
from shots_home import OUT, fresh_home


def main() -> int:
    home = fresh_home("casemanager-dash-")
    from casemanager.services.context import AppContext
    from casemanager.services.demo import generate
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    ctx = AppContext.open(str(home / "demo.sqlite3"))
    generate.generate(ctx, 3000, seed=2026)
    window = MainWindow(ctx, welcome=False)
    window.resize(1280, 760)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def capture() -> None:
        charts = window.dashboard.refund_charts.charts
        print("currencies:", ", ".join(charts))
        chart = next(iter(charts.values()))
        text = chart.hover_text(len(chart.categories) - 2)
        QToolTip.showText(chart.mapToGlobal(QPoint(chart.width() - 60, 60)), text, chart)
        print("hover:", text)
        QTimer.singleShot(600, grab)

    def grab() -> None:
        frame = window.frameGeometry()
        shot = window.screen().grabWindow(0, window.x(), window.y(), frame.width(), frame.height())
        shot.save(str(OUT / "dashboard-currencies.png"))
        QApplication.instance().quit()

    def show() -> None:
        window.dashboard.figures_shown.connect(lambda: QTimer.singleShot(800, capture))
        window.show_dashboard()

    QTimer.singleShot(1500, show)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
