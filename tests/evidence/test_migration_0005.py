"""Migration 0005: evidence of an older database survives and becomes purgeable."""

from __future__ import annotations

import hashlib
import sqlite3

from casemanager.services.admin import integrity
from casemanager.services.context import AppContext
from casemanager.services.evidence import intake
from casemanager.store import database, schema
from tests.evidence import files

T = "2026-03-04 06:00:00"


def _old_shop(path) -> str:
    """A database at the first schema version with one case and one evidence file."""
    db = database.connect(database.resolve_target(str(path)))
    schema.upgrade(db, target="0001_initial")
    db.close()
    data = files.png()
    sha = hashlib.sha256(data).hexdigest()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO customer (id, name, email, phone, address, notes, created_at) "
            "VALUES (1, 'Priya', '', '', '', '', ?)",
            (T,),
        )
        conn.execute(
            "INSERT INTO product (id, name, kind, third_party, vendor) "
            "VALUES (1, 'Key', 'license_key', 0, '')"
        )
        conn.execute(
            'INSERT INTO "order" (id, order_ref, customer_id, product_id, purchased_at, '
            "amount_paid, currency, payment_method, license_code) "
            "VALUES (1, 'AM-1', 1, 1, ?, '10.00', 'INR', '', '')",
            (T,),
        )
        conn.execute(
            'INSERT INTO "case" (id, number, customer_id, order_id, policy_id, policy_version, '
            "reason, description, reported_at, status, created_at, updated_at) VALUES "
            "(1, 'RC-2026-00001', 1, 1, 'antimart', '2026-02-17', 'invalid_code', '', ?, "
            "'received', ?, ?)",
            (T, T, T),
        )
        conn.execute(
            "INSERT INTO blob (sha256, size, mime, data, created_at) VALUES (?, ?, ?, ?, ?)",
            (sha, len(data), "image/png", data, T),
        )
        conn.execute(
            "INSERT INTO evidence (case_id, blob_id, kind, description, source, original_name, "
            "received_at, added_at, added_by) VALUES "
            "(1, ?, 'error_screenshot', 'old', 'customer', 'old.png', ?, ?, 'owner')",
            (sha, T, T),
        )
    return sha


def test_old_evidence_survives_and_can_be_removed_and_purged(db_path, tmp_path, clock):
    """A shop upgrading keeps its files, and can later purge removed ones."""
    sha = _old_shop(db_path)
    ctx = AppContext.open(str(db_path), clock=clock, actor="tester", backups=tmp_path / "b")
    try:
        (item,) = intake.list_evidence(ctx, "RC-2026-00001")
        assert (item.name, item.sha256, item.description) == ("old.png", sha, "old")
        assert intake.evidence_data(ctx, item.id) == files.png()
        assert integrity.verify_evidence(ctx, "RC-2026-00001").ok
        intake.remove_evidence(ctx, item.id, "superseded")
        assert intake.purge_removed(ctx).blobs == 1
        assert intake.get_evidence(ctx, item.id).sha256 is None
    finally:
        ctx.close()
    with sqlite3.connect(db_path) as conn:
        indexes = {row[1] for row in conn.execute('PRAGMA index_list("evidence")')}
    assert "evidence_case_id_removed_at" in indexes
