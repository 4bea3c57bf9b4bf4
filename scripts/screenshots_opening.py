"""Take the README's screenshot of the notice over a long open (opening-upgrade.png) on Xvfb.

A demo shop whose deadlines predate their reminder flag (as after the upgrade that
added it) is opened as the application opens it; the notice is captured while it
names the fill.
"""

from __future__ import annotations

import sqlite3
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shots_home import OUT, fresh_home


def main() -> int:
    home = fresh_home()
    from casemanager.services.context import OPENING_STEPS, AppContext
    from casemanager.services.demo import generate
    from ui import opening_notice
    from ui.app import make_application

    make_application()
    path = str(home / "shop.sqlite3")
    with AppContext.open(path, actor="Anita") as ctx:
        generate.generate(ctx, 20_000, seed=2026)
    with sqlite3.connect(path) as raw:  # as the rows were before the upgrade added the flag
        raw.execute("UPDATE deadline SET reminds = NULL")
    OUT.mkdir(parents=True, exist_ok=True)
    taken: list[bool] = []

    def look() -> None:
        notices = [
            n
            for n in QApplication.topLevelWidgets()
            if isinstance(n, opening_notice.OpeningNotice) and n.isVisible()
        ]
        if notices and notices[0].step.text() == OPENING_STEPS["fill"] and not taken:
            notice = notices[0]
            frame = notice.frameGeometry()
            shot = notice.screen().grabWindow(
                0, frame.x(), frame.y(), frame.width(), frame.height()
            )
            shot.save(str(OUT / "opening-upgrade.png"))
            taken.append(True)
        elif not taken:
            QTimer.singleShot(10, look)

    def opening(on_step):
        ctx = AppContext.open(path, on_step=on_step)
        ctx.close()
        return ctx

    QTimer.singleShot(0, look)
    opening_notice.open_with_notice(opening, "shop.sqlite3", show_after_ms=0).close()
    return 0 if taken else 1


if __name__ == "__main__":
    sys.exit(main())
