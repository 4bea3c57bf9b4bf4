"""Screenshots of the orders view, the column-mapping dialog and a dispute's deadline.

Run under Xvfb (`xvfb-run -a -s "-screen 0 1280x800x24" python scripts/screenshots_orders_view.py`)
imports the sample exports into a fresh database and writes
docs/screenshots/orders-view.png, column-mapping.png and dispute-deadline.png.
"""

from __future__ import annotations

import sys

from shots_home import OUT, ROOT, fresh_home

SAMPLES = ROOT / "tests" / "orders" / "samples"
UNKNOWN = (
    "Ref;Buyer;Mail;Item;Paid;When\n"
    "A-1;Kim Lee;kim@example.com;Theme key;12,50;01/02/2026 09:00\n"
    "A-2;Ola Berg;ola@example.com;Icon pack;5,00;02/02/2026 10:30\n"
)


def main() -> int:
    home = fresh_home()
    from casemanager.services.context import AppContext
    from casemanager.services.orders import disputes, importing
    from ui.app import make_application
    from ui.case_view import CaseView
    from ui.orders.mapping_dialog import ColumnMappingDialog
    from ui.orders.orders_view import OrdersDialog

    app = make_application()
    ctx = AppContext.open(str(home / "shop.sqlite3"))
    for path in sorted(SAMPLES.glob("*.csv")):
        if "license" not in path.name:
            importing.import_orders(ctx, path)
    OUT.mkdir(parents=True, exist_ok=True)

    def shoot(widget, name: str, size: tuple[int, int]) -> None:
        widget.resize(*size)
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(OUT / name))

    view = OrdersDialog(ctx)
    view.search.setText("WEB-700")
    shoot(view, "orders-view.png", (1100, 420))
    unknown = home / "shop-export.csv"
    unknown.write_text(UNKNOWN)
    mapping = ColumnMappingDialog(ctx, unknown)
    mapping.currency_default.setText("EUR")
    mapping.day_first.setChecked(True)
    shoot(mapping, "column-mapping.png", (640, 760))
    view.search.setText("WEB-7001")
    number = disputes.case_from_dispute(ctx, view.current().id)
    case_view = CaseView(ctx, number)
    shoot(case_view, "dispute-deadline.png", (1200, 760))
    for widget in (view, mapping, case_view):
        widget.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
