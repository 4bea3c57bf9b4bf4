"""Importing an order export: a preview that writes nothing, then one transaction per file.

Rows are keyed by platform, order id and line id: importing the same file
again, or one that overlaps, adds nothing twice; a row whose values differ
is updated and reported as changed. A bad row stops the import with the
line and column named, and nothing of that file is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from casemanager.exchange.orders import (
    DisputeRow,
    LicenceKeyRow,
    OrderFileError,
    open_rows,
    read_orders,
)
from casemanager.exchange.orders import (
    ImportedOrder as OrderValue,
)
from casemanager.exchange.orders.cells import zone_named
from casemanager.exchange.orders.detect import ZONED_IN_FILE
from casemanager.exchange.orders.model import Skipped
from casemanager.services import audit
from casemanager.services.admin import settings
from casemanager.services.context import AppContext, uses_database
from casemanager.services.orders import mappings
from casemanager.store.bulk import bulk_insert
from casemanager.store.models import ImportedOrder

BATCH = 2000
EXAMPLES = 20
# The stored columns compared on re-import (the original row and the times of import aside).
COMPARED = (
    "customer_name", "customer_email", "product_name", "product_sku", "product_kind", "vendor",
    "amount", "currency", "payment_method", "payment_label", "transaction_id", "purchased_at",
    "paid_at", "delivered_at", "license_code", "subscription_period", "subscription_end",
    "status", "dispute_status", "dispute_reason", "dispute_at", "evidence_due_at",
)  # fmt: skip
# A payment row that says nothing of a dispute (PayPal's, Razorpay's: their disputes come
# in rows or files of their own) leaves these as the dispute set them.
DISPUTE_FIELDS = (
    "dispute_status", "dispute_reason", "dispute_at", "evidence_due_at", "dispute_id",
    "evidence_due_basis",
)  # fmt: skip
_NOT_DISPUTE = tuple(f for f in COMPARED if f not in DISPUTE_FIELDS)


@dataclass(frozen=True)
class OrderChange:
    platform: str
    order_id: str
    line_id: str
    fields: tuple[str, ...]  # what differs from the stored row; empty for a new row


@dataclass
class ImportPreview:
    """What importing the file would do; nothing has been written."""

    path: str
    format: str
    format_label: str
    zone: str  # the zone naive times were read in ("" when the file states its zones)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    keys_attached: int = 0  # licence keys matched to imported orders
    keys_unmatched: int = 0
    disputes_attached: int = 0  # disputes recorded on (or changed for) imported payments
    disputes_unmatched: int = 0  # disputes of payments not imported (yet)
    disputes: list[OrderChange] = field(default_factory=list)  # the first few attached
    new_orders: list[OrderChange] = field(default_factory=list)  # the first few
    changes: list[OrderChange] = field(default_factory=list)  # the first few

    def to_json(self) -> dict:
        return {
            "file": self.path,
            "format": self.format,
            "zone": self.zone,
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "keys_attached": self.keys_attached,
            "keys_unmatched": self.keys_unmatched,
            "disputes_attached": self.disputes_attached,
            "disputes_unmatched": self.disputes_unmatched,
            "disputes": [
                {"platform": d.platform, "order": d.order_id, "line": d.line_id}
                for d in self.disputes
            ],
            "changes": [
                {"platform": c.platform, "order": c.order_id, "line": c.line_id, "fields": c.fields}
                for c in self.changes
            ],
        }


class ImportReport(ImportPreview):
    """What the import did, committed in one transaction."""


Progress = Callable[[int, int], None]


def stored_values(order: OrderValue, now: dt.datetime) -> dict:
    """The ``imported_order`` columns of one order read from a file."""
    return {
        "platform": order.platform,
        "order_id": order.order_id,
        "line_id": order.line_id,
        "order_key": order_key(order.order_id),
        "email_key": order.customer_email.strip().lower(),
        "customer_name": order.customer_name,
        "customer_email": order.customer_email,
        "product_name": order.product_name,
        "product_sku": order.product_sku,
        "product_kind": order.product_kind,
        "vendor": order.vendor,
        "amount": order.amount,
        "currency": order.currency,
        "payment_method": order.payment_method,
        "payment_label": order.payment_label,
        "transaction_id": order.transaction_id,
        "purchased_at": order.purchased_at,
        "paid_at": order.paid_at,
        "delivered_at": order.delivered_at,
        "license_code": order.licence_key,
        "subscription_period": order.subscription_period,
        "subscription_end": order.subscription_end,
        "status": order.status,
        "dispute_status": order.dispute_status,
        "dispute_reason": order.dispute_reason,
        "dispute_at": order.dispute_at,
        "evidence_due_at": order.evidence_due_at,
        "dispute_id": "",
        "evidence_due_basis": "",
        "source_row": order.row,
        "imported_at": now,
        "updated_at": now,
    }


def order_key(order_id: str) -> str:
    """The form the lookup compares: case and a leading '#' ignored."""
    return order_id.strip().lower().lstrip("#")


@uses_database
def preview_import(
    ctx: AppContext,
    path: str | os.PathLike,
    fmt: str | None = None,
    zone: str | None = None,
    mapping: dict | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPreview:
    """Read the whole file and say what an import would add and change; writes nothing."""
    with ctx.snapshot():
        return _run(ctx, path, fmt, zone, mapping, progress, cancelled, write=False)


@uses_database
def import_orders(
    ctx: AppContext,
    path: str | os.PathLike,
    fmt: str | None = None,
    zone: str | None = None,
    mapping: dict | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import the file in one transaction: all its orders, or (on any error) none."""
    with ctx.transaction():
        report = _run(ctx, path, fmt, zone, mapping, progress, cancelled, write=True)
        audit.record(
            ctx, "orders_imported", None, report.to_json() | {"changes": len(report.changes)}
        )
    return report


def _run(ctx, path, fmt, zone, mapping, progress, cancelled, write: bool) -> ImportPreview:
    now = ctx.clock.now()
    with open_rows(path, progress, cancelled) as rows:
        if mapping is None and fmt is None:
            mapping = mappings.saved_mapping(ctx, rows.header, only_if_unknown=True)
        tz, zone_name = _zone(ctx, zone)
        format_, values = read_orders(rows, rows.header, fmt, tz, mapping)
        result = (ImportReport if write else ImportPreview)(
            path=str(Path(path).name),
            format=format_.name,
            format_label=format_.label,
            zone="" if format_.default_zone or format_.name in ZONED_IN_FILE else zone_name,
        )
        seen: set[tuple[str, str]] = set()  # (platform, line id) of this file's payments
        disputes: list[DisputeRow] = []  # attached last: a file may list them first
        for batch in _batches(values):
            disputes += [v for v in batch if isinstance(v, DisputeRow)]
            _apply(batch, result, now, write, seen)
        for dispute in disputes:
            _attach_dispute(dispute, result, now, write, seen)
    return result


def _zone(ctx: AppContext, zone: str | None) -> tuple[dt.tzinfo, str]:
    name = zone or settings.shop_profile(ctx).timezone
    try:
        return (ZoneInfo(name) if "/" in name else zone_named(name)), name
    except Exception:
        raise OrderFileError(f"unknown time zone {name!r}") from None


def _batches(values: Iterable) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _apply(batch: list, result: ImportPreview, now: dt.datetime, write: bool, seen: set) -> None:
    orders: dict[tuple[str, str, str], OrderValue] = {}
    keys: list[LicenceKeyRow] = []
    for value in batch:
        if isinstance(value, OrderValue):
            orders[value.key] = value  # a line repeated in one file: the last one counts
        elif isinstance(value, LicenceKeyRow):
            keys.append(value)
        elif isinstance(value, Skipped):
            result.skipped += 1
    existing = _existing(orders)
    inserts: list[dict] = []
    for key, order in orders.items():
        values = stored_values(order, now)
        seen.add((order.platform, order.line_id))
        row = existing.get(key)
        if row is None:
            result.added += 1
            if len(result.new_orders) < EXAMPLES:
                result.new_orders.append(OrderChange(*key, ()))
            inserts.append(values)
            continue
        compared = COMPARED if order.dispute_status else _NOT_DISPUTE
        differs = tuple(f for f in compared if getattr(row, f) != values[f])
        if not differs:
            result.unchanged += 1
            continue
        result.changed += 1
        if len(result.changes) < EXAMPLES:
            result.changes.append(OrderChange(*key, differs))
        if write:
            update = {f: values[f] for f in (*differs, "source_row", "order_key", "email_key")}
            update["updated_at"] = now
            ImportedOrder.update(update).where(ImportedOrder.id == row.id).execute()
    if write and inserts:
        bulk_insert(ImportedOrder, inserts)
    for key_row in keys:
        _attach_key(key_row, result, now, write)


def _attach_dispute(
    dispute: DisputeRow, result: ImportPreview, now: dt.datetime, write: bool, seen: set
) -> None:
    """A dispute names its payment: that line gets the dispute's status and deadline."""
    line = (
        ImportedOrder.select()
        .where(
            (ImportedOrder.platform == dispute.platform)
            & (ImportedOrder.line_id == dispute.payment_ref)
        )
        .first()
    )
    if line is None and (dispute.platform, dispute.payment_ref) not in seen:
        result.disputes_unmatched += 1
        return
    values = {"dispute_status": dispute.status[:32]}
    if dispute.status != "resolved":  # a resolution keeps the dispute's dates and reason
        values |= {
            "dispute_reason": dispute.reason[:64],
            "dispute_at": dispute.opened_at,
            "evidence_due_at": dispute.evidence_due_at,
            "dispute_id": dispute.dispute_id,
            "evidence_due_basis": dispute.evidence_due_basis,
        }
    if line is not None and all(getattr(line, k) == v for k, v in values.items()):
        result.unchanged += 1
        return
    result.disputes_attached += 1
    if line is not None and len(result.disputes) < EXAMPLES:
        result.disputes.append(OrderChange(line.platform, line.order_id, line.line_id, ()))
    if write and line is not None:
        ImportedOrder.update(values | {"updated_at": now}).where(
            ImportedOrder.id == line.id
        ).execute()


def _existing(orders: dict) -> dict[tuple[str, str, str], ImportedOrder]:
    by_platform: dict[str, set[str]] = {}
    for platform, order_id, _line in orders:
        by_platform.setdefault(platform, set()).add(order_id)
    found = {}
    for platform, ids in by_platform.items():
        query = ImportedOrder.select().where(
            (ImportedOrder.platform == platform) & ImportedOrder.order_id.in_(sorted(ids))
        )
        for row in query:
            found[(row.platform, row.order_id, row.line_id)] = row
    return found


def _attach_key(key: LicenceKeyRow, result: ImportPreview, now: dt.datetime, write: bool) -> None:
    """A key export names the order and product: the line it belongs to gets the key."""
    lines = list(
        ImportedOrder.select()
        .where((ImportedOrder.platform == key.platform) & (ImportedOrder.order_id == key.order_id))
        .order_by(ImportedOrder.line_id)
    )
    line = next((r for r in lines if r.license_code == key.licence_key), None)
    if line is not None:
        result.unchanged += 1
        return
    line = next((r for r in lines if r.line_id == key.product_ref and not r.license_code), None)
    line = line or next((r for r in lines if not r.license_code), None)
    if line is None:
        result.keys_unmatched += 1
        return
    result.keys_attached += 1
    if write:
        ImportedOrder.update(license_code=key.licence_key, updated_at=now).where(
            ImportedOrder.id == line.id
        ).execute()
