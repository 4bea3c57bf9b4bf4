"""Screenshot of the letter preview dialog showing a rejection from demo data.

xvfb-run -a -s "-screen 0 1280x1000x24" .venv/bin/python scripts/screenshots_letters.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from casemanager.clock import FixedClock
from casemanager.services.admin import settings
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.store.models import Case, Decision
from ui.letters import LetterPreviewDialog

OUT = ROOT / "docs" / "screenshots" / "letter-preview.png"


def main() -> int:
    app = QApplication(sys.argv)  # noqa: F841 (kept alive for the dialog)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(
            str(Path(tmp) / "demo.sqlite3"), actor="Asha Rao", backups=Path(tmp),
            clock=FixedClock(dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)),
        )  # fmt: skip
        generate.generate(ctx, 150, seed=7)
        current = settings.load(ctx)
        shop = replace(
            current.shop, name="Pixel Keys Pvt. Ltd.", email="support@pixelkeys.in",
            address="12 MG Road\nBengaluru 560001, India", phone="+91 80 4123 5678",
        )  # fmt: skip
        settings.save(ctx, replace(current, shop=shop))
        case = (
            Case.select().join(Decision)
            .where((Case.status == "rejected") & (Decision.outcome == "rejected"))
            .order_by(Case.id).first()
        )  # fmt: skip
        dialog = LetterPreviewDialog(ctx, case.number, kind="rejection")
        dialog.resize(900, 980)
        dialog.show()
        loop = QEventLoop()
        dialog.preview_rendered.connect(loop.quit)
        dialog.render_failed.connect(loop.quit)
        loop.exec()
        QTimer.singleShot(300, loop.quit)  # let QPdfView paint the pages
        loop.exec()
        OUT.parent.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(OUT))
        print(f"saved {OUT}")
        dialog.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
