"""Take the README's screenshots on a real (virtual) X display.

Run through `make screenshots`, which starts Xvfb; builds a demo database in a
temporary folder and captures each view into docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="casemanager-shots-"))
    os.environ["CASEMANAGER_HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    sys.path.insert(0, str(ROOT))
    from casemanager.services import demo_data
    from casemanager.services.context import AppContext
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    ctx = AppContext.open(str(home / "demo.sqlite3"))
    demo_data.generate(ctx, 1500, seed=2026)
    window = MainWindow(ctx)
    window.resize(1100, 700)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def capture() -> None:
        screen = window.screen()
        shot = screen.grabWindow(
            0,
            window.x(),
            window.y(),
            window.frameGeometry().width(),
            window.frameGeometry().height(),
        )
        shot.save(str(OUT / "main-window.png"))
        QApplication.instance().quit()

    QTimer.singleShot(1500, capture)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
