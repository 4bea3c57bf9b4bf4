"""Screenshots of the File menu's backup entries and the damaged-database prompt.

xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots_backups.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from casemanager.services.context import AppContext, DatabaseDamaged
from casemanager.services.demo import generate
from casemanager.services.files import backups
from ui import app as ui_app
from ui import backup_menu
from ui.main_window import MainWindow

OUT = ROOT / "docs" / "screenshots"


def grab_menu(app: QApplication, window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.popup(window.mapToGlobal(window.menuBar().geometry().bottomLeft()))
    for _ in range(20):
        app.processEvents()
    file_menu.grab().save(str(OUT / "backup-menu.png"))
    file_menu.close()


def grab_damaged_prompt(damaged: DatabaseDamaged, db: Path) -> None:
    def shoot() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, shoot)
            return
        box.grab().save(str(OUT / "damaged-database.png"))
        next(b for b in box.buttons() if b.text() == "Quit").click()

    QTimer.singleShot(300, shoot)
    ui_app.offer_restore(damaged, str(db))


def main() -> int:
    app = ui_app.make_application()
    temp = Path(tempfile.mkdtemp(prefix="cm-backups-"))
    db = temp / "cases.sqlite3"
    ctx = AppContext.open(str(db), backups=temp / "backups")
    generate.generate(ctx, 120, seed=5)
    window = MainWindow(ctx, welcome=False)
    window.resize(1200, 760)
    backup_menu.install(window)
    window.show()
    for _ in range(20):
        app.processEvents()
    grab_menu(app, window)
    backups.backup_now(ctx)
    window.close()
    ctx.close()
    with open(db, "r+b") as handle:  # a failing disk: zeros in the middle of the file
        handle.seek(5 * 4096)
        handle.write(b"\0" * 8192)
    try:
        AppContext.open(str(db), backups=temp / "backups", check="full")
    except DatabaseDamaged as damaged:
        grab_damaged_prompt(damaged, db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
