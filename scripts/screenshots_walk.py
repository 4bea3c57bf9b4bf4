"""A claim walked through the real window, from a new database to the appeal, as screenshots.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots_walk.py

New database, shop profile, a case typed with mistakes and then corrected, three
evidence files of different kinds, acknowledgement, rejection, the letter it
calls for, undo of the rejection, rejection again, the letter issued and printed
to PDF, then the customer's appeal. Each step is saved as a numbered PNG in
docs/screenshots/walk/; the clock is fixed so the pictures are the same each run.
Also saves the case view at 1280 × 760 and 1920 × 1080 (docs/screenshots/).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOME = Path(tempfile.mkdtemp(prefix="casemanager-walk-"))
os.environ["CASEMANAGER_HOME"] = str(HOME)
os.environ["XDG_CONFIG_HOME"] = str(HOME / "config")

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from casemanager.clock import FixedClock  # noqa: E402
from casemanager.services.context import AppContext  # noqa: E402
from ui.app import make_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.workers import wait_for_all  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "walk"
SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 10, 10, 30, tzinfo=SHANGHAI)


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        wait_for_all(5000)
        app.processEvents()


class Walk:
    def __init__(self) -> None:
        self.app = make_application()
        self.clock = FixedClock(START.astimezone(dt.UTC))
        self.ctx = AppContext.open(
            str(HOME / "shop.sqlite3"), clock=self.clock, backups=HOME, actor="Meera Iyer"
        )
        self.window = MainWindow(self.ctx, welcome=False)
        self.window.resize(1280, 760)
        self.window.move(0, 0)
        self.window.show()
        self.step = 0
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.png"):
            old.unlink()

    def later(self, **delta: float) -> None:
        self.clock.set(self.clock.now() + dt.timedelta(**delta))

    def shot(self, name: str, widget: QWidget | None = None) -> Path:
        """The screen as the user sees it (window and any dialog over it)."""
        settle(self.app)
        self.step += 1
        path = OUT / f"{self.step:02d}-{name}.png"
        screen = self.app.primaryScreen()
        image = screen.grabWindow(0, 0, 0, 1280, 800).toImage()
        if widget is not None and image.isNull():
            image = widget.grab().toImage()
        image.save(str(path))
        print(path.relative_to(ROOT))
        return path

    # -- the steps --------------------------------------------------------------------

    def profile(self) -> None:
        dialog = self.window.show_welcome()
        dialog.user_name.setText("Meera Iyer")
        dialog.shop_name.setText("Pixel Keys Store")
        dialog.shop_email.setText("help@pixelkeys.example")
        dialog.shop_address.setPlainText("12 Residency Road, Bengaluru 560025, India")
        self.shot("profile", dialog)
        dialog.start_empty()
        self.ctx.actor = "Meera Iyer"

    def new_case(self) -> str:
        form = self.window.new_case()
        f = form.fields
        f.email.setText("wei.zhang@example")
        f.name.setText("Zhang Wei")
        f.order_ref.setText("AN-20260301-0042")
        f.product.setText("Steam Wallet Code CNY 100")
        f.kind.setCurrentIndex(f.kind.findData("gift_card"))
        f.amount.setText("-50")
        f.policy.setCurrentIndex(f.policy.findData("antnum"))
        f.zone.setCurrentIndex(max(0, f.zone.findData("Asia/Shanghai")))
        f.reason.setCurrentIndex(f.reason.findData("invalid_code"))
        f.description.setPlainText("The code says it was already redeemed.")
        wall = START.replace(tzinfo=None)
        f.dates["purchased_at"].set_value(dt.datetime(2026, 3, 1, 10, 0), wall)
        f.dates["delivered_at"].set_value(dt.datetime(2026, 3, 1, 10, 1), wall)
        f.dates["reported_at"].set_value(dt.datetime(2026, 3, 10, 10, 0), wall)
        form.save()
        self.shot("case-form-invalid", form)
        f.email.setText("wei.zhang@example.cn")
        f.amount.setText("100.00")
        f.currency.setCurrentText("CNY")
        self.shot("case-form-corrected", form)
        assert form.save(), form.message.text()
        number = form.number
        form.close()
        return number

    def evidence(self, number: str) -> None:
        from tests.evidence import files  # the same sample files the tests use

        view = self.window.open_case(number)
        self.view = view
        view.tabs.setCurrentWidget(view.evidence)
        image = QImage(str(ROOT / "docs" / "screenshots" / "deadlines-panel.png"))
        shot = files.png(320, 200, (200, 60, 60)) if image.isNull() else _png(image)
        mail = (
            b"From: Zhang Wei <wei.zhang@example.cn>\r\n"
            b"To: help@pixelkeys.example\r\n"
            b"Subject: Steam code already redeemed\r\n"
            b"Date: Tue, 10 Mar 2026 10:00:00 +0800\r\n"
            b"\r\n"
            b"The Steam Wallet code from order AN-20260301-0042 says it was already redeemed.\r\n"
        )
        receipt = b"Payment receipt\nAlipay transaction 2026030122001\nCNY 100.00 paid\n"
        batch = [
            ("code already redeemed.png", shot),
            ("alipay receipt.txt", receipt),
            ("customer mail.eml", mail),
        ]
        view.evidence.add_data(batch)
        self.shot("evidence-one-row-per-file", view.evidence.dialog)
        view.evidence.dialog.accept()
        settle(self.app)
        self.shot("evidence-added")

    def act(self, name: str, fill=None) -> None:  # noqa: ANN001
        dialog = self.view.trigger(name)
        if fill:
            fill(dialog)
        dialog.accept()
        settle(self.app)

    def reject(self, label: str) -> None:
        dialog = self.view.trigger("decide")
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("rejected"))
        for cid, _title in dialog.proposal.rejection_choices:
            dialog.check_clause(cid, cid == "3.1")
        dialog.explanation.setPlainText(
            "Your claim reached us on 10 March, nine days after the purchase; the policy "
            "accepts claims within 7 days (clause 3.1)."
        )
        if dialog.finding.isEnabled():
            dialog.finding.setPlainText("The claim arrived after the report window.")
        self.shot(label, dialog)
        dialog.accept()
        settle(self.app)

    def run(self) -> None:
        self.profile()
        number = self.new_case()
        self.evidence(number)
        self.later(minutes=20)
        self.act("acknowledge")
        self.shot("acknowledged")
        self.later(minutes=30)
        self.act("start_review")
        self.later(hours=2)
        self.reject("rejection")
        self.shot("next-step-rejection-letter")
        letter = self.view.take_next_step()
        settle(self.app, 30)
        self.shot("letter-preview", letter)
        letter.reject()
        bar = self.window.menuBar()
        edit = bar.actions()[1]
        edit.menu().popup(bar.mapToGlobal(bar.actionGeometry(edit).bottomLeft()))
        self.shot("undo-offered")
        edit.menu().hide()
        self.window.undo_last()
        self.shot("rejection-undone")
        self.later(minutes=10)
        self.reject("rejected-again")
        letter = self.view.take_next_step()
        settle(self.app, 30)
        letter.confirm_issue = lambda: True
        letter.issue_letter()
        settle(self.app, 30)
        self.shot("letter-issued", letter)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        pdf = HOME / "printed-letter.pdf"  # the print path, as a PDF printer receives it
        printer.setOutputFileName(str(pdf))
        pages = letter.print_to(printer)
        print(f"printed {pages} page(s) to {pdf} ({pdf.stat().st_size:,} bytes)")
        letter.reject()
        settle(self.app)
        self.shot("customer-notified-appeal-window")
        self.later(days=1)

        def appeal(d) -> None:  # noqa: ANN001
            filed = self.clock.now().astimezone(SHANGHAI)
            d.filed_at.set_instant(filed)
            d.grounds.setPlainText("I found the code only on 9 March; I reported the next day.")
            d.evidence.setText("Screenshot of the gift message dated 9 March")
            self.shot("appeal-dialog", d)

        self.act("file_appeal", appeal)
        self.view.tabs.setCurrentWidget(self.view.appeal)
        self.shot("appeal-filed")
        self.sizes(number)
        self.help()

    def help(self) -> None:
        """Help ▸ Keyboard Shortcuts and Help ▸ User Guide, over the window."""
        self.window.resize(1280, 760)
        for name, show in (("help-shortcuts", self.window.show_shortcuts),
                           ("user-guide", self.window.show_guide)):  # fmt: skip
            dialog = show()
            settle(self.app)
            path = ROOT / "docs" / "screenshots" / f"{name}.png"
            dialog.grab().save(str(path))
            print(path.relative_to(ROOT))
            dialog.reject()

    def sizes(self, number: str) -> None:
        """The case view at a laptop's and a desktop's size."""
        self.view.tabs.setCurrentWidget(self.view.evidence)
        for width, height in ((1280, 760), (1920, 1080)):
            self.window.resize(width, height)
            settle(self.app)
            path = ROOT / "docs" / "screenshots" / f"case-view-{width}x{height}.png"
            self.window.grab().save(str(path))
            print(path.relative_to(ROOT))


def _png(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.scaledToWidth(480).save(buffer, "PNG")
    return bytes(data)


if __name__ == "__main__":
    walk = Walk()
    walk.run()
    walk.window.shut_down()
    walk.ctx.close()
