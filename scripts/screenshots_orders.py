"""Screenshot of the case form offering an imported order and filled from it.

Run under Xvfb (``xvfb-run -a -s "-screen 0 1280x800x24" python scripts/screenshots_orders.py``):
imports the sample exports into a fresh database, types an e-mail in the
form's order search, captures the offered orders, chooses the first and
captures the filled form (fields marked as taken from the order) into
docs/screenshots/order-suggestion.png.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from shots_home import OUT, ROOT, fresh_home

SAMPLES = ROOT / "tests" / "orders" / "samples"


def main() -> int:
    home = fresh_home()
    from casemanager.services.context import AppContext
    from casemanager.services.orders import importing
    from ui.app import make_application
    from ui.case_form.dialog import CaseFormDialog

    app = make_application()
    ctx = AppContext.open(str(home / "shop.sqlite3"))
    for path in sorted(SAMPLES.glob("*.csv")):
        if "license" not in path.name:
            importing.import_orders(ctx, path)
    form = CaseFormDialog(ctx)
    form.resize(1280, 780)
    form.move(0, 0)
    form.show()
    OUT.mkdir(parents=True, exist_ok=True)
    search = form.fields.order_search
    suggester = search.completer().parent()

    def grab(name: str) -> None:
        shot = form.screen().grabWindow(0, 0, 0, 1280, 800)
        shot.save(str(OUT / name))

    def offer() -> None:
        search.setFocus()
        search.setText("asha")
        suggester.suggest("asha")

    def choose() -> None:
        grab("order-suggestion-offered.png")
        suggester.completer.popup().hide()
        suggester.completer.activated.emit(suggester.model.stringList()[0])

    def finish() -> None:
        grab("order-suggestion.png")
        form._saved_draft = form.draft()  # closing must not ask about unsaved changes
        form.close()
        app.quit()

    QTimer.singleShot(600, offer)
    QTimer.singleShot(1400, choose)
    QTimer.singleShot(2400, finish)
    app.exec()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
