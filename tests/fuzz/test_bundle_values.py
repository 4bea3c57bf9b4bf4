"""Bundles whose case.json holds odd values: refused by field before anything is written,
and what is accepted at the limits still exports, prints and lists."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from casemanager.policy import limits
from casemanager.services.files import bundles, case_csv
from casemanager.services.files.bundles import BundleRefused
from casemanager.store.models import Case
from tests.exchange.bundle_helpers import (
    make_source,
    open_ctx,
    read_entries,
    reseal,
    row_counts,
    write_zip,
)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> list[tuple[str, bytes]]:
    """The members of a valid one-case bundle, edited one way per test."""
    folder = tmp_path_factory.mktemp("good")
    numbers = make_source(folder / "source.sqlite3", count=1, seed=5)
    with open_ctx(folder / "source.sqlite3") as ctx:
        bundle = bundles.export_cases(ctx, numbers, folder / "good.zip")
    return read_entries(bundle)


def edited(entries, change: Callable[[dict], None] | None = None, raw: bytes | None = None):
    out = []
    for name, data in entries:
        if name.endswith("case.json"):
            if raw is not None:
                data = raw
            else:
                doc = json.loads(data)
                change(doc)
                data = json.dumps(doc).encode()
        out.append((name, data))
    return reseal(out)


def _set(section: str, key: str, value) -> Callable[[dict], None]:
    return lambda doc: doc[section].update({key: value})


def _first(section: str, key: str, value) -> Callable[[dict], None]:
    def change(doc):
        if not doc[section]:
            doc[section].append({})
        doc[section][0][key] = value

    return change


def _deep(doc_bytes: bytes) -> bytes:
    doc = json.loads(doc_bytes)
    doc["case"]["description"] = "x"
    text = json.dumps(doc)
    return (text[:-1] + ', "extra": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()


HOSTILE: dict[str, tuple[Callable[[dict], None], str]] = {
    "amount 1e30": (_set("order", "amount_paid", "1e30"), "order.amount_paid: too large"),
    "amount 1e-12": (_set("order", "amount_paid", "0.000000000001"), "order.amount_paid"),
    "amount -5": (_set("order", "amount_paid", "-5"), "order.amount_paid: must be 0 or more"),
    "amount NaN": (_set("order", "amount_paid", "NaN"), "order.amount_paid"),
    "date far future offset": (
        _set("case", "reported_at", "9999-12-31T23:59:59-12:00"),
        "case.reported_at: year outside",
    ),
    "year 1": (_set("order", "purchased_at", "0001-01-01T00:00:00+14:00"), "purchased_at"),
    "lone surrogate in a name": (_set("customer", "name", "Priya \ud800"), "customer.name"),
    "NUL in a name": (_set("customer", "name", "Pri\x00ya"), "customer.name"),
    "evidence entry is a string": (
        lambda d: d.update(evidence=["not an object"]),
        "evidence[0]: expected an object",
    ),
    "case number path": (_set("case", "number", "../../../tmp/x"), "case.number: not a case"),
    "status pwned": (_set("case", "status", "pwned"), "case.status: unknown status"),
    "deadline in year 9999": (
        _first("deadlines", "due_at", "9999-01-01T00:00:00+00:00"),
        "deadlines[0].due_at: year outside",
    ),
    "10,000-character amount reason": (
        _first("decisions", "amount_reason", "r" * 10_000),
        "amount_reason: too long",
    ),
    "1 MB name": (_set("customer", "name", "N" * 1_000_000), "customer.name: too long"),
    "10 MB case number": (_set("case", "number", os.urandom(5_000_000).hex()), "case.number"),
    "unknown reason": (_set("case", "reason", "because"), "case.reason"),
    "currency words": (_set("order", "currency", "rupees"), "order.currency"),
    "lone surrogate in an audit event": (
        lambda d: d["audit_events"].append({"kind": "x", "data": {"n": "\udfff"}}),
        "audit_events",
    ),
    "boolean as amount": (_set("order", "amount_paid", True), "order.amount_paid"),
    "product kind list": (_set("product", "kind", ["license_key"]), "product.kind"),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_odd_value_is_refused_by_field_and_the_file_is_untouched(good, tmp_path, name):
    """An odd value would crash the import, or be imported and break exports later."""
    change, expected = HOSTILE[name]
    bad = write_zip(tmp_path / "bad.zip", edited(good, change))
    dest = tmp_path / "dest.sqlite3"
    with open_ctx(dest) as ctx:
        counts = row_counts()
        ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _digest(dest)
        started = time.monotonic()
        with pytest.raises(BundleRefused) as caught:
            bundles.import_bundle(ctx, bad)
        assert time.monotonic() - started < 10
        assert row_counts() == counts
        ctx.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _digest(dest) == before
    message = str(caught.value)
    assert expected in message and "\n" not in message and len(message) < 400, message


def test_deep_nesting_is_refused_not_a_recursion_error(good, tmp_path):
    """A case.json nested 100,000 levels deep would end the import in a RecursionError."""
    doc = next(d for n, d in good if n.endswith("case.json"))
    bad = write_zip(tmp_path / "deep.zip", edited(good, raw=_deep(doc)))
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        with pytest.raises(BundleRefused, match="nested more than"):
            bundles.import_bundle(ctx, bad)
        assert Case.select().count() == 0


def test_duplicate_key_in_case_json_is_refused(good, tmp_path):
    """A case.json with the same key twice would be read as whichever came last."""
    doc = next(d for n, d in good if n.endswith("case.json")).decode()
    raw = doc.replace('"customer": {', '"customer": {"name": "A", ', 1).encode()
    bad = write_zip(tmp_path / "dup.zip", edited(good, raw=raw))
    with open_ctx(tmp_path / "dest.sqlite3") as ctx, pytest.raises(BundleRefused, match="name"):
        bundles.import_bundle(ctx, bad)


def _widest(length: int) -> str:
    """Text of ``length`` of the widest characters, in long words (the hard case to lay out)."""
    return (("W" * 59 + " ") * (length // 60 + 1))[:length]


def _at_the_limits(doc: dict) -> None:
    doc["customer"].update(
        name=_widest(limits.NAME),
        email="e" * (limits.EMAIL - 12) + "@example.com",
        phone="9" * limits.PHONE,
        address=_widest(limits.SHORT_TEXT),
        notes=_widest(limits.SHORT_TEXT),
    )
    doc["product"].update(name=_widest(limits.NAME), vendor=_widest(limits.NAME))
    doc["order"].update(order_ref="O" * limits.ORDER_REF, amount_paid=f"{limits.MAX_AMOUNT - 1}.99")
    doc["case"]["description"] = _widest(limits.LONG_TEXT)
    for row in doc["decisions"]:
        row.update(
            explanation=_widest(limits.DECISION_TEXT), amount_reason=_widest(limits.SHORT_TEXT)
        )
    for row in doc["evidence"]:
        row.update(description=_widest(limits.SHORT_TEXT), original_name="F" * 255)
    for row in doc["deadlines"]:
        row["due_at"] = "2199-12-31T23:59:59+00:00"


def test_values_at_the_limits_import_and_then_export(good, tmp_path, template_db):
    """A bundle the import accepts would later break the case file, CSV, calendar or a letter."""
    ok = write_zip(tmp_path / "limits.zip", edited(good, _at_the_limits))
    from casemanager.services.cases.case_list import CaseFilter
    from casemanager.services.files import calendar_export
    from casemanager.services.letters import issuing

    shutil.copyfile(template_db, tmp_path / "dest.sqlite3")  # a shop that may issue letters
    with open_ctx(tmp_path / "dest.sqlite3") as ctx:
        (number,) = [new for _, new in bundles.import_bundle(ctx, ok).imported]
        started = time.monotonic()
        out = bundles.export_cases(ctx, [number], tmp_path / "again.zip")
        assert out.stat().st_size > 0
        assert case_csv.export_case_list(ctx, tmp_path / "l.csv", CaseFilter(view="all")) == 1
        calendar_export.export_deadlines(ctx, tmp_path / "d.ics")
        kinds = issuing.available_kinds(ctx, number)[:2]
        assert kinds
        for kind in kinds:
            issuing.issue(ctx, number, kind, again=True)
        assert time.monotonic() - started < 30
