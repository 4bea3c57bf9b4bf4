"""License Manager for WooCommerce's key export: keys of orders imported from WooCommerce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from casemanager.exchange.orders.cells import Cells
from casemanager.exchange.orders.model import LicenceKeyRow, Skipped

NAME = "license_manager"
LABEL = "License Manager for WooCommerce keys"
SIGNATURE = frozenset({"license_key", "order_id", "product_id"})
REQUIRED = frozenset({"license_key", "order_id"})
DEFAULT_ZONE = dt.UTC  # the plugin stores its times in UTC


def read(rows: Iterable[tuple[int, dict[str, str]]], zone: dt.tzinfo | None) -> Iterator:
    for line, row in rows:
        cells = Cells(line, row)
        order_id = cells.text("order_id")
        if not order_id:
            yield Skipped(line, "a key not sold yet (no order)")
            continue
        yield LicenceKeyRow(
            platform="woocommerce",
            order_id=order_id,
            product_ref=cells.text("product_id"),
            licence_key=cells.need("license_key", "the licence key"),
            expires_at=cells.instant("expires_at", zone or DEFAULT_ZONE, required=False),
            source_line=line,
        )
