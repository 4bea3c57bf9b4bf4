"""Hostile text, numbers and dates through every way in: the case form, `assess`, bundle
import, search and the exports. Each gives a clear DomainError or succeeds, and the
database still verifies afterwards."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from casemanager.cli import main
from casemanager.errors import DomainError
from casemanager.policy import limits
from casemanager.services.admin import integrity
from casemanager.services.cases import case_list, drafts
from casemanager.services.cases.case_list import CaseFilter
from casemanager.services.files import bundles, calendar_export, case_csv
from casemanager.services.files.bundles import BundleRefused
from tests.exchange.bundle_helpers import read_entries, reseal, write_zip
from tests.factories import new_case
from tests.fuzz.strategies import (
    ZONES,
    hostile_instant_text,
    hostile_json_number,
    hostile_number_text,
    hostile_text,
    hostile_wall_time,
)

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GOOD_DRAFT = drafts.CaseDraft(
    customer_name="Priya Sharma",
    customer_email="priya@example.in",
    order_ref="AM-1001",
    product_name="Quick Heal Total Security",
    purchased_at=dt.datetime(2026, 3, 2, 10, 0),
    reported_at=dt.datetime(2026, 3, 4, 11, 0),
    zone="Asia/Kolkata",
    amount="1299.00",
    reason="invalid_code",
)
TEXT_FIELDS = tuple(drafts.TEXT_FIELDS) + ("currency", "reason", "product_kind")


def _assert_verifies(ctx) -> None:
    report = integrity.verify(ctx)
    assert report.ok, report.problems


def _one_line(error: DomainError) -> None:
    text = str(error)
    assert text and "\n" not in text and len(text) < 600, text


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from(TEXT_FIELDS + ("amount",)),
        st.one_of(hostile_text, hostile_number_text),
        max_size=4,
    ),
    times=st.dictionaries(st.sampled_from(drafts.INSTANT_FIELDS), hostile_wall_time, max_size=2),
    zone=st.sampled_from(ZONES),
)
def test_case_form_gives_a_field_error_or_saves(ctx, changes, times, zone):
    """A hostile value typed or pasted into the case form would crash the form or the save."""
    draft = dataclasses.replace(GOOD_DRAFT, **changes, **times, zone=zone)
    now = ctx.clock.now()
    problems = drafts.validate(draft, now)
    assert all(isinstance(v, str) and "\n" not in v for v in problems.values())
    drafts.assess_draft(draft)  # the live panel never raises
    try:
        drafts.save_draft(ctx, draft)
    except DomainError as exc:
        assert problems or exc, "validate passed but the save refused"
        _one_line(exc)
        event("refused")
    else:
        assert not problems, problems
        event("saved")


def test_case_form_fuzz_leaves_a_sound_database(ctx):
    """After the hostile form input above the database would no longer verify."""
    drafts.save_draft(ctx, GOOD_DRAFT)
    _assert_verifies(ctx)


EXAMPLE_CLAIM = {
    "policy": "antnum",
    "reason": "service_failure",
    "product_kind": "subscription",
    "purchased_at": "2026-03-01T10:00:00+08:00",
    "reported_at": "2026-03-12T20:30:00+08:00",
    "amount_paid": "30.00",
    "currency": "CNY",
    "evidence": ["payment_proof", "defect_proof"],
    "subscription": {"start": "2026-03-01", "end": "2026-03-31"},
}


@FUZZ
@given(
    field=st.sampled_from(sorted(EXAMPLE_CLAIM) + ["order_id", "delivered_at", "notified_at"]),
    value=st.one_of(hostile_text, hostile_json_number, hostile_instant_text),
)
def test_assess_gives_one_line_or_a_result(tmp_path_factory, capsys, field, value):
    """`assess` on a hostile claim would print a traceback, or stray output beside an error."""
    path = tmp_path_factory.mktemp("claim") / "claim.json"
    path.write_text(json.dumps({**EXAMPLE_CLAIM, field: value}), encoding="utf-8")
    capsys.readouterr()
    code = main(["assess", str(path)])
    out, err = capsys.readouterr()
    event(f"exit {code}")
    if code == 0:
        assert json.loads(out)["decision"] and err == ""
    else:
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and err.startswith("casemanager assess: "), err


@FUZZ
@given(text=hostile_text, month=st.one_of(st.none(), hostile_text, st.just("2026-13")))
def test_search_gives_a_field_error_or_rows(ctx, text, month):
    """Search text or a month filter from a paste would crash the case list."""
    flt = CaseFilter(view="all", text=text, decided_month=month)
    try:
        case_list.count(ctx, flt)
        case_list.page(ctx, flt, limit=50)
    except DomainError as exc:
        _one_line(exc)
        assert exc.field in ("text", "decided_month"), exc


@FUZZ
@given(
    text=st.lists(hostile_text, min_size=3, max_size=3),
    when=st.sampled_from(("2026-03-02T10:00:00+05:30", "2199-12-31T23:00:00-12:00")),
)
def test_whatever_is_saved_exports_to_csv_and_calendar(ctx, tmp_path_factory, text, when):
    """A case accepted with odd text or far dates would break the CSV or calendar export."""
    from casemanager.services.cases import records

    name, product, description = text
    try:
        records.create_case(
            ctx,
            new_case(
                customer_name=name or "x",
                product_name=product or "x",
                description=description,
                purchased_at=dt.datetime.fromisoformat(when) - dt.timedelta(days=1),
                reported_at=dt.datetime.fromisoformat(when),
            ),
        )
    except DomainError as exc:
        _one_line(exc)
        return
    out = tmp_path_factory.mktemp("out")
    case_csv.export_case_list(ctx, out / "list.csv", CaseFilter(view="all"))
    calendar_export.export_deadlines(ctx, out / "due.ics")
    assert limits.text(name or "x", "n", limits.NAME)  # only limits-abiding text was saved


SECTIONS = {
    "customer": ("name", "email", "phone", "address", "notes", "created_at"),
    "product": ("name", "kind", "vendor", "third_party"),
    "order": ("order_ref", "amount_paid", "currency", "purchased_at", "subscription_end"),
    "case": ("number", "status", "reason", "description", "reported_at", "next_due_at"),
}


def _good_bundle(folder: Path) -> list[tuple[str, bytes]]:
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext

    db = folder / "source.sqlite3"
    with AppContext.open(str(db), backups=folder / "b") as ctx:
        number = records.create_case(ctx, new_case()).number
        return read_entries(bundles.export_cases(ctx, [number], folder / "good.zip"))


def test_crafted_case_json_is_refused_or_imported_and_exportable(ctx, tmp_path):
    """A crafted case.json would crash the import, or import and then break the export."""
    good = _good_bundle(tmp_path)
    counter = iter(range(10**6))

    @FUZZ
    @given(
        section=st.sampled_from(sorted(SECTIONS)),
        data=st.data(),
        value=st.one_of(hostile_text, hostile_json_number, hostile_instant_text),
    )
    def attempt(section, data, value):
        key = data.draw(st.sampled_from(SECTIONS[section]))
        entries = []
        for name, raw in good:
            if name.endswith("case.json"):
                doc = json.loads(raw)
                doc[section][key] = value
                raw = json.dumps(doc).encode()
            entries.append((name, raw))
        bundle = write_zip(tmp_path / f"b{next(counter)}.zip", reseal(entries))
        try:
            result = bundles.import_bundle(ctx, bundle, on_conflict="copy")
        except BundleRefused as exc:
            _one_line(exc)
            event("refused")
            return
        event("imported")
        numbers = [new for _, new in result.imported]
        bundles.export_cases(ctx, numbers, tmp_path / f"again{next(counter)}.zip")

    attempt()
    _assert_verifies(ctx)


def test_a_next_due_name_without_its_instant_imports_and_exports(ctx, tmp_path):
    """A case.json naming a next deadline but giving no instant broke the summary on export."""
    entries = []
    for name, raw in _good_bundle(tmp_path):
        if name.endswith("case.json"):
            doc = json.loads(raw)
            doc["case"]["next_due_at"] = None
            doc["case"]["next_due_name"] = "acknowledge_by"
            raw = json.dumps(doc).encode()
        entries.append((name, raw))
    bundle = write_zip(tmp_path / "odd.zip", reseal(entries))
    result = bundles.import_bundle(ctx, bundle, on_conflict="copy")
    numbers = [new for _, new in result.imported]
    assert bundles.export_cases(ctx, numbers, tmp_path / "again.zip").exists()
    _assert_verifies(ctx)
