"""Screenshots of the mailbox picker, the letter mail wording and the waiting notice.

Run under Xvfb (`xvfb-run -a -s "-screen 0 1280x800x24" python scripts/screenshots_mailbox.py`):
a fresh database with one mail already taken in, an mbox of customer mails
listed in the picker, the wording dialog, and the notice shown while another
program holds the write lock. Writes docs/screenshots/mailbox-picker.png,
mail-template.png and waiting-notice.png.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import sys
from email import policy
from email.message import EmailMessage

from shots_home import OUT, fresh_home

CUSTOMERS = [
    ("Priya Sharma", "priya@example.in", "Order AM-1001: activation key says invalid", 10),
    ("李娜", "li.na@example.cn", "订单 AN-2026-0311 没有收到兑换码", 11),
    ("Rahul Verma", "rahul@example.in", "Re: RC-2026-00001 payment receipt attached", 11),
    ("Maria Lopez", "maria@example.com", "Gift card AM-1042 already redeemed", 12),
    ("Newsletter", "news@vendor.example", "Our spring offers", 12),
]


def mail(i: int, name: str, address: str, subject: str, day: int) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = f"{name} <{address}>"
    msg["To"] = "Anti Mart Support <support@antimart.example>"
    msg["Subject"] = subject
    msg["Date"] = f"{['Tue', 'Wed', 'Thu'][day - 10]}, {day} Mar 2026 1{i}:05:00 +0530"
    msg["Message-ID"] = f"<box-{i}@example.in>"
    msg.set_content(f"{subject}\n\nPlease help.\n{name}\n")
    return msg.as_bytes()


def main() -> int:
    home = fresh_home("casemanager-boxshots-")
    from casemanager.clock import FixedClock
    from casemanager.services.cases import mail_intake, records
    from casemanager.services.context import AppContext
    from tests.factories import new_case
    from ui.app import make_application
    from ui.mail.mailbox_dialog import MailboxDialog
    from ui.mail.template_dialog import MailTemplateDialog
    from ui.wait_notice import WaitDialog

    app = make_application()
    clock = FixedClock(dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC))
    ctx = AppContext.open(str(home / "shop.sqlite3"), clock=clock, backups=home)
    case = records.create_case(ctx, new_case(customer_email="rahul@example.in"))
    mails = [mail(i, *c) for i, c in enumerate(CUSTOMERS)]
    mail_intake.add_mail_to_case(ctx, case.number, mails[2])
    box = mailbox.mbox(str(home / "Inbox.mbox"), create=True)
    for raw in mails:
        box.add(raw)
    box.flush()
    box.close()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    picker = MailboxDialog(ctx, home / "Inbox.mbox")
    picker.resize(1000, 360)
    picker.show()
    picker.start()
    while not picker.listed:
        app.processEvents()
    for i in range(picker.tree.topLevelItemCount()):
        item = picker.tree.topLevelItem(i)
        if "Newsletter" not in item.text(2) and not item.isDisabled() and i % 2 == 0:
            item.setCheckState(0, item.checkState(0).Checked)
    settle()
    picker.grab().save(str(OUT / "mailbox-picker.png"))
    template = MailTemplateDialog(ctx, "Anti Mart")
    template.resize(900, 420)
    template.show()
    settle()
    template.grab().save(str(OUT / "mail-template.png"))
    notice = WaitDialog()
    notice.text.setText(
        "Waiting for another Case Manager to finish writing to this database…\n\n"
        "Waited 6 s. Cancel to stop this step without saving it."
    )
    notice.show()
    settle()
    notice.grab().save(str(OUT / "waiting-notice.png"))
    for widget in (picker, template, notice):
        widget.hide()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
