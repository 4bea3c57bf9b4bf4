"""Two seats on one database, side by side: the left window shows the right one's change.

Run under Xvfb with a wide screen, on a server database (or, without an
argument, a SQLite file of its own):

    xvfb-run -a -s "-screen 0 1920x800x24" .venv/bin/python scripts/screenshots_seats.py \
        postgresql://user@localhost/shop

Both windows watch for the other seat as the application does. Bo, at the right,
opens a case that Asha has open and acknowledges it; Asha's case view and list
follow without a refresh. Writes docs/screenshots/two-seats.png.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shots_home import OUT, fresh_home


def main() -> int:
    home = fresh_home("casemanager-seats-")
    from casemanager.services.admin import users
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext
    from casemanager.services.demo import generate
    from casemanager.services.lifecycle import transitions
    from ui.app import make_application
    from ui.main_window import MainWindow

    spec = sys.argv[1] if len(sys.argv) > 1 else str(home / "shop.sqlite3")
    app = make_application()
    asha = AppContext.open(spec)
    if not records.list_cases(asha, limit=1):
        generate.generate(asha, 300, seed=7)
    for name in ("Asha Rao", "Bo Li"):
        if name not in {u.name for u in users.list_users(asha)}:
            users.add_user(asha, name)
    users.sign_in(asha, "Asha Rao")
    bo = AppContext.open(spec)
    users.sign_in(bo, "Bo Li")
    number = records.list_cases(asha, status="received", limit=1)[0].number
    left, right = MainWindow(asha, welcome=False), MainWindow(bo, welcome=False)
    for window, x in ((left, 0), (right, 960)):
        window.resize(960, 780)
        window.move(x, 0)
        window.show()
        window.watch_other_seats()
    left_view = left.open_case(number)
    right.open_case(number)

    def act_at_bo_seat() -> None:
        transitions.perform(bo, number, "acknowledge")
        right.refresh()
        for i in range(right.tabs.count()):
            widget = right.tabs.widget(i)
            if widget.property("case_number") == number:
                widget.refresh()
        QTimer.singleShot(6500, capture)

    def capture() -> None:
        left_view.tabs.setCurrentWidget(left_view.history)
        QTimer.singleShot(300, grab)

    def grab() -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        screen = left.screen()
        screen.grabWindow(0, 0, 0, 1920, 800).save(str(OUT / "two-seats.png"))
        print("left shows:", left_view.header.text()[:200])
        print("presence:", left_view.presence.text())
        for window in (left, right):
            window.seat_watch.stop()
        QApplication.instance().quit()

    QTimer.singleShot(3000, act_at_bo_seat)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
