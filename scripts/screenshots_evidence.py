"""Screenshot of a case's evidence tab, or the tab on its own for trying it out.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots_evidence.py
    .venv/bin/python scripts/screenshots_evidence.py --show [--db PATH] [--case NUMBER]

Without --db a fresh demo database is made in a temporary folder; the case
shown is one whose checklist is half ticked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QIODevice, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QMainWindow

from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.evidence import (
    checklist,
    intake,
)
from casemanager.services.evidence.intake import NewEvidence
from casemanager.store.models import Case
from ui.evidence import EvidenceTab

OUT = ROOT / "docs" / "screenshots" / "evidence-tab.png"


def fake_screenshot(title: str, heading: str, message: str, tint: QColor) -> bytes:
    """A plausible customer screenshot: an app window with a message box."""
    image = QImage(480, 300, QImage.Format.Format_RGB32)
    image.fill(QColor(236, 239, 244))
    p = QPainter(image)
    p.fillRect(0, 0, 480, 36, tint)
    p.setPen(Qt.GlobalColor.white)
    p.setFont(QFont("DejaVu Sans", 13, QFont.Weight.Bold))
    p.drawText(QRect(12, 0, 460, 36), Qt.AlignmentFlag.AlignVCenter, title)
    p.fillRect(60, 90, 360, 130, QColor(255, 255, 255))
    p.setPen(QColor(190, 30, 30))
    p.drawRect(60, 90, 360, 130)
    p.setFont(QFont("DejaVu Sans", 12, QFont.Weight.Bold))
    p.drawText(QRect(76, 100, 330, 30), Qt.AlignmentFlag.AlignLeft, heading)
    p.setPen(QColor(40, 40, 40))
    p.setFont(QFont("DejaVu Sans", 11))
    p.drawText(QRect(76, 136, 330, 80), Qt.TextFlag.TextWordWrap, message)
    p.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def half_ticked_case(ctx) -> str:
    """An ANTNUM defect case with order and payment proof but no defect proof yet."""
    reasons = ("technical_defect", "service_failure")
    query = Case.select().where(Case.policy_id == "antnum", Case.reason.in_(reasons))
    for case in query.order_by(Case.id):
        items = checklist.checklist(ctx, case.number)
        if [i.satisfied for i in items] == [True, True, False]:
            return case.number
    raise SystemExit("no half-ticked case in the demo data")


def prepare(ctx: AppContext, number: str) -> None:
    received = ctx.clock.now() - dt.timedelta(hours=3)
    order = Case.get(Case.number == number).order
    shots = [
        (
            "payment-confirmation.png",
            "payment_proof",
            "✔ Payment successful",
            f"Order {order.order_ref} — {order.currency} {order.amount_paid} paid",
            QColor(22, 119, 255),
        ),
        (
            "subscription-page.png",
            "other",
            "⚠ Service unavailable",
            "Premium features are locked although the subscription is active.",
            QColor(190, 60, 40),
        ),
    ]
    items = [
        NewEvidence(
            fake_screenshot("Account — Subscription", heading, text, tint),
            name,
            kind,
            received,
            description="sent by the customer with the claim",
        )
        for name, kind, heading, text, tint in shots
    ]
    items.append(
        NewEvidence(
            b"From: customer@example.cn\nTo: support@antnum.example\nSubject: code not working\n"
            b"Date: Wed, 11 Mar 2026 09:12:00 +0800\n\nThe code I bought does not work.\n",
            "customer-mail.eml",
            "other",
            received,
        )
    )
    intake.add_evidence(ctx, number, items)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database (default: a fresh demo database)")
    parser.add_argument("--case", help="case number to show")
    parser.add_argument("--show", action="store_true", help="open the tab instead of capturing")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    temp = None
    if args.db:
        ctx = AppContext.open(args.db)
    else:
        temp = tempfile.TemporaryDirectory()
        ctx = AppContext.open(str(Path(temp.name) / "demo.sqlite3"), backups=Path(temp.name))
        generate.generate(ctx, 60, seed=7)
    number = args.case or half_ticked_case(ctx)
    if not args.db:
        prepare(ctx, number)
    window = QMainWindow()
    window.setWindowTitle(f"Evidence — {number}")
    tab = EvidenceTab(ctx, number, window)
    window.setCentralWidget(tab)
    window.resize(1180, 720)
    window.show()
    images = [i for i in tab.model.items() if i.category == "image"]
    if images:
        tab.select_evidence(images[0].id)
    if args.show:
        return app.exec()

    def capture() -> None:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT))
        print(f"{OUT} ({number})")
        app.quit()

    QTimer.singleShot(1500, capture)
    app.exec()
    ctx.close()
    if temp:
        temp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
