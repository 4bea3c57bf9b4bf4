"""Screenshot of the case-file export progress dialog: docs/screenshots/export-progress.png.

xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/bundle_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QMainWindow

from casemanager.services.context import AppContext
from ui.export_dialog import ExportRun

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> None:
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(str(Path(tmp) / "s.sqlite3"), actor="shot", backups=Path(tmp))
        window = QMainWindow()
        window.resize(900, 600)
        window.show()
        run = ExportRun(window, ctx, ["RC-2026-00042", "RC-2026-00043"], Path(tmp) / "cases-2.zip")
        run.progress.setMinimumDuration(0)
        run.progress.setValue(420)
        run.progress.show()
        for _ in range(20):
            app.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        run.progress.grab().save(str(OUT / "export-progress.png"))
        ctx.close()


if __name__ == "__main__":
    main()
