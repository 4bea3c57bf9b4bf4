"""Screenshots of a claim arriving by e-mail: the review dialog and the case it makes.

Run under Xvfb (``xvfb-run -a -s "-screen 0 1280x800x24" python scripts/screenshots_mail.py``):
a demo database with a fixed clock, a customer's mail with a screenshot dropped
on the case list, the review completed as the owner would, then the case view.
Writes docs/screenshots/mail-review.png and docs/screenshots/mail-case.png.
"""

from __future__ import annotations

import datetime as dt
import sys
from email import policy
from email.message import EmailMessage

from shots_home import OUT, ROOT, fresh_home


def customer_mail(screenshot: bytes) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = "Priya Sharma <priya.sharma@example.in>"
    msg["To"] = "Anti Mart Support <support@antimart.example>"
    msg["Subject"] = "Order AM-20260309-004711: activation key says invalid"
    msg["Date"] = "Tue, 10 Mar 2026 14:35:00 +0530"
    msg["Message-ID"] = "<CAF1x9-priya-0310@mail.example.in>"
    msg.set_content(
        "Hello Anti Mart team,\n\n"
        "I bought a Quick Heal Total Security key yesterday (Order ID AM-20260309-004711).\n"
        "When I enter it, the activation window says the key is invalid.\n"
        "The screenshot of the error message is attached.\n\n"
        "Please replace the key or refund me.\n\nRegards,\nPriya Sharma\n"
    )
    msg.add_attachment(screenshot, maintype="image", subtype="png", filename="activation-error.png")
    return msg.as_bytes()


def main() -> int:
    home = fresh_home("casemanager-mailshots-")
    sys.path.insert(0, str(ROOT / "scripts"))
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication
    from screenshots_evidence import fake_screenshot

    from casemanager.clock import FixedClock
    from casemanager.services.context import AppContext
    from casemanager.services.demo import generate
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application()
    clock = FixedClock(dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC))
    ctx = AppContext.open(str(home / "demo.sqlite3"), clock=clock, backups=home)
    generate.generate(ctx, 300, seed=2026)
    shot = fake_screenshot(
        "Quick Heal Activation", "✖ Activation failed",
        "The product key you entered is invalid or has already been used. (Error 0x8007)",
        QColor(190, 40, 40),
    )  # fmt: skip
    eml = home / "claim.eml"
    eml.write_bytes(customer_mail(shot))
    window = MainWindow(ctx, welcome=False)
    window.resize(1280, 780)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    (dialog,) = window.import_mail([str(eml)])
    dialog.resize(1280, 780)
    dialog.move(0, 0)
    fields = dialog.fields
    fields.product.setText("Quick Heal Total Security 1 PC")
    fields.amount.setText("1299.00")
    fields.dates["purchased_at"].set_value(dt.datetime(2026, 3, 9, 18, 20), dt.datetime(2026, 3, 9))
    dialog.refresh_assessment()
    for _ in range(20):
        app.processEvents()
    dialog.grab().save(str(OUT / "mail-review.png"))
    number = dialog.save()
    if number is None:
        print(dialog.message.text(), file=sys.stderr)
        return 1
    view = window.open_case(number)
    for _ in range(40):
        app.processEvents()
    view.evidence.select_evidence(view.evidence.model.items()[-1].id)
    for _ in range(40):
        app.processEvents()
    window.grab().save(str(OUT / "mail-case.png"))
    print(f"case {number}: {OUT / 'mail-review.png'}, {OUT / 'mail-case.png'}")
    QApplication.processEvents()
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
