"""Add the cases of a validated bundle to this database, all or nothing.

Each case gets its customer (matched by name and e-mail, else created), its
product (matched, else created), a new order and every recorded row; evidence
and letters are stored content-addressed with their exact bytes. The trail of
the other installation cannot join this one's hash chain, so it is kept inside
the one ``case_imported`` event recorded per case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import IntegrityError

from casemanager.content.filetypes import FileRefused, detect
from casemanager.exchange.bag_reader import Bag, BundleRefused, ImportLimits
from casemanager.policy import limits
from casemanager.services import audit
from casemanager.services.admin.policies import PACK_MIME
from casemanager.services.cases.records import NUMBER_PREFIX, next_case_numbers
from casemanager.services.context import AppContext, uses_database
from casemanager.services.lifecycle import reminder_flags
from casemanager.store.models import (
    Appeal,
    Blob,
    Case,
    CaseCounter,
    Customer,
    Deadline,
    Decision,
    Escalation,
    Evidence,
    Letter,
    Order,
    Product,
)
from casemanager.store.rows import RowError, from_json

FORMAT = "casemanager.case"
CASE_JSON_LIMIT = 64 * 1024 * 1024
CONFLICT_CHOICES = ("skip", "copy")


@dataclass
class ImportResult:
    imported: list[tuple[str, str]] = field(default_factory=list)  # (number in bundle, new)
    skipped: list[str] = field(default_factory=list)


@uses_database
def import_bundle_file(
    ctx: AppContext, path: Path, on_conflict: str, limits: ImportLimits
) -> ImportResult:
    if on_conflict not in CONFLICT_CHOICES:
        raise BundleRefused(f"on_conflict: must be skip or copy, not {on_conflict!r}")
    if not path.is_file():
        raise BundleRefused(f"{path}: no such file")
    with Bag(path, limits) as bag:
        docs = _case_documents(bag)
        result = ImportResult()
        try:
            with ctx.transaction():
                for prefix, doc in docs:
                    number = _text(doc["case"], "number", f"{prefix}case.json case")
                    if Case.get_or_none(Case.number == number) is not None:
                        if on_conflict == "skip":
                            result.skipped.append(number)
                            continue
                        new_number = _free_number(ctx)
                    else:
                        new_number = number
                        _reserve(number)
                    _import_case(ctx, bag, prefix, doc, new_number, path.name)
                    result.imported.append((number, new_number))
        except (RowError, KeyError, TypeError, IntegrityError) as exc:
            raise BundleRefused(f"case.json: {_one_line(exc)}") from None
    return result


def _free_number(ctx: AppContext) -> str:
    while True:  # the counter may lag behind numbers imported earlier
        number = next_case_numbers(ctx.clock.now().year)[0]
        if Case.get_or_none(Case.number == number) is None:
            return number


def _reserve(number: str) -> None:
    """Move this seat's counter past an imported number, so new cases never collide."""
    found = re.fullmatch(rf"{NUMBER_PREFIX}-(\d{{4}})-(\d+)", number)
    if found:
        year, seq = int(found.group(1)), int(found.group(2))
        CaseCounter.insert(year=year, last=0).on_conflict_ignore().execute()
        CaseCounter.update(last=seq).where(
            (CaseCounter.year == year) & (CaseCounter.last < seq)
        ).execute()


def _one_line(exc: Exception) -> str:
    text = str(exc) if not isinstance(exc, KeyError) else f"missing {exc}"
    return " ".join(text.split())[:300]


def _case_documents(bag: Bag) -> list[tuple[str, dict[str, Any]]]:
    names = sorted(p for p in bag.files if p.endswith("case.json"))
    single = "data/case.json" in names
    nested = [p for p in names if p.count("/") == 2 and p.startswith("data/")]
    if single == bool(nested):
        raise BundleRefused("no data/case.json (or data/NUMBER/case.json) in the bundle")
    docs = []
    for name in ["data/case.json"] if single else nested:
        try:
            doc = limits.load_json(bag.read(name, CASE_JSON_LIMIT), name, CASE_JSON_LIMIT)
        except limits.LimitError as exc:  # names the file, or the key given twice in it
            field = exc.field if exc.field == name else f"{name} {exc.field}"
            raise BundleRefused(f"{field}: {exc.message}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise BundleRefused(f"{name}: not a Case Manager case file")
        if doc.get("format_version") != 1:
            version = limits.shown(doc.get("format_version"))
            raise BundleRefused(f"{name}: format version {version} unknown")
        try:
            check_case_document(doc, name)
        except limits.LimitError as exc:
            raise BundleRefused(str(exc)) from None
        docs.append((name[: -len("case.json")], doc))
    numbers = [
        d["case"].get("number") if isinstance(d.get("case"), dict) else None for _, d in docs
    ]
    if len(set(numbers)) != len(numbers):
        raise BundleRefused("the bundle holds the same case number twice")
    return docs


# The rows of a case file: the key in case.json, the record in limits.RECORDS, required.
SECTIONS = (
    ("customer", "customer"),
    ("product", "product"),
    ("order", "order"),
    ("case", "case"),
)
LISTS = (
    ("deadlines", "deadline"),
    ("decisions", "decision"),
    ("appeals", "appeal"),
    ("escalations", "escalation"),
    ("evidence", "evidence"),
    ("letters", "letter"),
)
MAX_ROWS = 10_000  # per list of one case


def check_case_document(doc: dict[str, Any], where: str) -> None:
    """Refuse a case file any of whose values lies outside the field limits (LimitError).

    Runs before anything is written, so a refused bundle leaves the database as it was,
    and so nothing imported can later break an export, a letter or the interface.
    """
    for key, record in SECTIONS:
        limits.check_record(record, doc.get(key), f"{where} {key}")
    limits.case_number(doc["case"].get("number"), f"{where} case.number")
    for key, record in (*LISTS, ("audit_events", None)):
        rows = doc.get(key, [])
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise limits.LimitError(f"{where} {key}", f"expected a list of at most {MAX_ROWS}")
        for i, row in enumerate(rows):
            at = f"{where} {key}[{i}]"
            if record is not None:
                limits.check_record(record, row, at)
            elif not isinstance(row, dict):
                raise limits.LimitError(at, "expected an object")
            if isinstance(row, dict) and row.get("file") is not None:
                limits.text(row["file"], f"{at}.file", 255, required=True)
    for key, value in doc.items():  # the free-form rest: audit data, snapshots, extras
        limits.check_strings(value, f"{where} {key}")


def _text(row: Any, key: str, where: str) -> str:
    value = row.get(key) if isinstance(row, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise BundleRefused(f"{where}.{key}: missing")
    return value


def _list(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise BundleRefused(f"case.json {key}: expected a list")
    return value


def _store_blob(ctx: AppContext, bag: Bag, prefix: str, entry: dict, where: str, mime: str) -> str:
    """Insert the file named by ``entry`` (checked against its recorded sha256)."""
    member = prefix + _text(entry, "file", where)
    if member not in bag.files:
        raise BundleRefused(f"{where}: {member!r} is missing from the bundle")
    if bag.sha256[member] != entry.get("sha256"):
        raise BundleRefused(f"{where}: {member!r} does not match the sha256 recorded for it")
    data = bag.read(member)
    if mime == "detect":
        try:
            mime = detect(data).mime
        except FileRefused as exc:
            raise BundleRefused(f"{where}: {member!r}: {exc.reason}") from None
    elif mime == "application/pdf" and not data.startswith(b"%PDF-"):
        raise BundleRefused(f"{where}: {member!r} is not a PDF")
    sha = bag.sha256[member]
    Blob.insert(
        sha256=sha, size=len(data), mime=mime, data=data, created_at=ctx.clock.now()
    ).on_conflict_ignore().execute()
    return sha


def _import_case(
    ctx: AppContext, bag: Bag, prefix: str, doc: dict, number: str, bundle_name: str
) -> None:
    where = f"{prefix}case.json"
    values = from_json(Customer, doc["customer"], f"{where} customer")
    # The same person only when name and e-mail both match; no e-mail, no guess.
    email = values.get("email", "")
    same = (Customer.name == values["name"]) & (Customer.email == email)
    customer = (Customer.get_or_none(same) if email else None) or Customer.create(**values)
    values = from_json(Product, doc["product"], f"{where} product")
    product = Product.get_or_none(
        (Product.name == values["name"])
        & (Product.kind == values["kind"])
        & (Product.third_party == values.get("third_party", False))
        & (Product.vendor == values.get("vendor", ""))
    ) or Product.create(**values)
    order = Order.create(
        **from_json(Order, doc["order"], f"{where} order"), customer=customer, product=product
    )
    snapshot = None
    if doc.get("policy_snapshot"):
        snapshot = _store_blob(
            ctx, bag, prefix, doc["policy_snapshot"], f"{where} policy_snapshot",
            PACK_MIME,
        )  # fmt: skip
    values = from_json(Case, doc["case"], f"{where} case")
    values["number"] = number
    if values.get("next_due_at") is None:  # a name without its instant sorts and prints nothing
        values["next_due_name"] = None
    case = Case.create(**values, customer=customer, order=order, policy_snapshot=snapshot)
    for i, row in enumerate(_list(doc, "deadlines")):
        values = from_json(Deadline, row, f"{where} deadlines[{i}]")
        values["reminds"] = None  # decided here under the case's own pack, not taken on trust
        Deadline.create(**values, case=case)
    reminder_flags.fill_unknown(ctx, case)
    decisions: dict[Any, Decision] = {}
    for i, row in enumerate(_list(doc, "decisions")):
        made = Decision.create(**from_json(Decision, row, f"{where} decisions[{i}]"), case=case)
        decisions[row.get("id")] = made
    for i, row in enumerate(_list(doc, "appeals")):
        decision = decisions.get(row.get("decision"))
        if decision is None:
            raise BundleRefused(f"{where} appeals[{i}].decision: no such decision in the case")
        Appeal.create(
            **from_json(Appeal, row, f"{where} appeals[{i}]"), case=case, decision=decision
        )
    for i, row in enumerate(_list(doc, "escalations")):
        Escalation.create(**from_json(Escalation, row, f"{where} escalations[{i}]"), case=case)
    for i, row in enumerate(_list(doc, "evidence")):
        at = f"{where} evidence[{i}]"
        blob = _store_blob(ctx, bag, prefix, row, at, "detect") if row.get("file") else None
        Evidence.create(**from_json(Evidence, row, at), case=case, blob=blob)
    for i, row in enumerate(_list(doc, "letters")):
        at = f"{where} letters[{i}]"
        blob = _store_blob(ctx, bag, prefix, row, at, "application/pdf")
        Letter.create(**from_json(Letter, row, at), case=case, blob=blob)
    audit.record(
        ctx,
        "case_imported",
        case,
        {
            "bundle": bundle_name,
            "number_in_bundle": doc["case"]["number"],
            "as_copy": number != doc["case"]["number"],
            "evidence": len(_list(doc, "evidence")),
            "letters": len(_list(doc, "letters")),
            "original_trail": [
                {k: e.get(k) for k in ("at", "actor", "kind", "data")}
                for e in _list(doc, "audit_events")
                if isinstance(e, dict)
            ],
        },
    )
