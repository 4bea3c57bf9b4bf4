"""Take the README's screenshot of a stale case form (case-form-stale.png) on Xvfb.

Two seats on one demo database: the first opens a case in the form, the second
corrects the case's description, the first then changes the customer's phone and
saves; the form refuses, says who changed what, and offers Reload or Keep my values.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from shots_home import OUT, fresh_home


def main() -> int:
    home = fresh_home()
    from casemanager.services.cases import drafts, records
    from casemanager.services.context import AppContext
    from casemanager.services.demo import generate
    from ui.app import make_application
    from ui.case_form.dialog import CaseFormDialog

    app = make_application()
    path = str(home / "shop.sqlite3")
    ctx = AppContext.open(path, actor="Anita")
    generate.generate(ctx, 40, seed=2026)
    number = records.list_cases(ctx, status="under_review", limit=1)[0].number
    form = CaseFormDialog(ctx, number)
    form.resize(1280, 760)
    form.move(0, 0)
    form.show()
    with AppContext.open(path, actor="Meera") as other:  # the second seat saves first
        draft, opened = drafts.open_draft(other, number)
        draft.description = "Customer called back: the key is refused on a second PC too."
        drafts.save_draft(other, draft, number, "phone call", opened)
    form.fields.phone.setText("+91 80 4567 1234")
    QInputDialog.getText = staticmethod(lambda *a, **k: ("new phone number", True))
    OUT.mkdir(parents=True, exist_ok=True)

    def capture() -> None:
        form.save()
        app.processEvents()
        QTimer.singleShot(300, finish)

    def finish() -> None:
        screen = form.screen()
        frame = form.frameGeometry()
        shot = screen.grabWindow(0, form.x(), form.y(), frame.width(), frame.height())
        shot.save(str(OUT / "case-form-stale.png"))
        form.done(0)
        ctx.close()
        QApplication.quit()

    QTimer.singleShot(800, capture)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
