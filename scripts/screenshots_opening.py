"""Take the README's screenshots of the notice over a long open on Xvfb.

A demo shop whose deadlines predate their reminder flag (as after the upgrade that
added it) is opened as the application opens it; the notice is captured while it
names the fill (opening-upgrade.png). Then the shop is left as a killed window
leaves it, and the notice is captured while it checks the whole file, with the
button that stops the check (opening-check.png).
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shots_home import OUT, fresh_home


def main() -> int:
    home = fresh_home()
    from casemanager.services.context import OPENING_STEPS, AppContext
    from casemanager.services.demo import generate
    from casemanager.services.files.backups import CheckStop
    from ui import opening_notice
    from ui.app import make_application

    make_application()
    path = str(home / "shop.sqlite3")
    with AppContext.open(path, actor="Anita") as ctx:
        generate.generate(ctx, 20_000, seed=2026)
    with sqlite3.connect(path) as raw:  # as the rows were before the upgrade added the flag
        raw.execute("UPDATE deadline SET reminds = NULL")
    OUT.mkdir(parents=True, exist_ok=True)
    taken: list[str] = []

    def shoot(step: str, name: str) -> None:
        """Save the notice as ``name`` once it is painted naming ``step``."""
        notices = [
            n
            for n in QApplication.topLevelWidgets()
            if isinstance(n, opening_notice.OpeningNotice) and n.isVisible()
        ]
        if notices and notices[0].step.text() == step:
            notice = notices[0]
            frame = notice.frameGeometry()
            shot = notice.screen().grabWindow(
                0, frame.x(), frame.y(), frame.width(), frame.height()
            )
            shot.save(str(OUT / name))
            taken.append(name)
        else:
            QTimer.singleShot(10, lambda: shoot(step, name))

    def opening(on_step):
        ctx = AppContext.open(path, on_step=on_step)
        ctx.close()
        return ctx

    QTimer.singleShot(0, lambda: shoot(OPENING_STEPS["fill"], "opening-upgrade.png"))
    opening_notice.open_with_notice(opening, "shop.sqlite3", show_after_ms=0).close()

    Path(f"{path}.owner").write_text('{"pid": 999999, "host": "vm"}', encoding="utf-8")
    stop = CheckStop()

    def checking(on_step):
        def step(sentence: str) -> None:
            on_step(sentence)
            while sentence == OPENING_STEPS["check"] and len(taken) < 2:
                time.sleep(0.05)  # the check of 20,000 cases is too quick to catch

        ctx = AppContext.open(path, on_step=step, stop=stop)
        ctx.close()
        return ctx

    QTimer.singleShot(0, lambda: shoot(OPENING_STEPS["check"], "opening-check.png"))
    opening_notice.open_with_notice(checking, "shop.sqlite3", show_after_ms=0, stop=stop).close()
    return 0 if len(taken) == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
