"""A realistic synthetic shop for trying the application and measuring it.

Both policies, every reason and every status, customers with Latin, Chinese
and Hindi names, INR/CNY/USD amounts, evidence files and live deadlines.
Rows go in with multi-row inserts, a few thousand cases per transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from faker import Faker

from casemanager.demo import lifecycle
from casemanager.domain import FINAL_STATUSES, CaseStatus
from casemanager.policy.case_deadlines import CaseFacts, next_due, plan_deadlines
from casemanager.policy.claim import SubscriptionPeriod
from casemanager.policy.packs import load_pack
from casemanager.services import audit
from casemanager.services.admin import policies
from casemanager.services.cases.records import next_case_numbers
from casemanager.services.context import AppContext
from casemanager.services.lifecycle.deadlines import CASE_EVENT_COLUMNS
from casemanager.store import search
from casemanager.store.bulk import bulk_insert, reserve_ids
from casemanager.store.models import (
    Appeal,
    AuditEvent,
    Blob,
    Case,
    Customer,
    Deadline,
    Decision,
    Escalation,
    Evidence,
    Order,
    Product,
)

BATCH = 2000
LOCALES = (("en_US", "example.com"), ("zh_CN", "example.cn"), ("hi_IN", "example.in"))

# (name, kind, third party, vendor, currency, low, high) per policy.
CATALOGUE = {
    "antimart": [
        (
            "Quick Heal Total Security 1 PC 1 Year",
            "license_key",
            True,
            "Quick Heal",
            "INR",
            899,
            1599,
        ),
        ("Norton 360 Deluxe 3 Devices", "license_key", True, "Gen Digital", "INR", 1499, 2999),
        ("K7 Total Security 1 User", "license_key", True, "K7 Computing", "INR", 499, 999),
        ("Windows 11 Pro Retail Key", "license_key", True, "Microsoft", "INR", 2499, 4999),
        ("Office Home 2024", "license_key", True, "Microsoft", "INR", 3999, 6999),
    ],
    "antnum": [
        ("Steam Wallet Code USD 20", "gift_card", True, "Valve", "USD", 20, 20),
        (
            "Genshin Impact 6480 Genesis Crystals",
            "in_game_item",
            True,
            "HoYoverse",
            "CNY",
            648,
            648,
        ),
        ("ANTNUM Premium Monthly", "subscription", False, "ANTNUM", "CNY", 30, 30),
        ("ANTNUM Premium Annual", "subscription", False, "ANTNUM", "CNY", 298, 298),
        ("Elden Ring Activation Code", "game_code", True, "Bandai Namco", "USD", 39, 59),
        ("Python Course (video)", "digital_content", False, "ANTNUM", "CNY", 99, 199),
        ("App Store Gift Card CNY 100", "gift_card", True, "Apple", "CNY", 100, 100),
    ],
}
PAYMENT = {
    "INR": ("upi", "credit_card", "debit_card", "net_banking"),
    "CNY": ("alipay", "wechat_pay"),
    "USD": ("paypal", "credit_card"),
}

# How far along each status is: which events have happened.
STAGE = {
    CaseStatus.RECEIVED: 0,
    CaseStatus.ACKNOWLEDGED: 1,
    CaseStatus.UNDER_REVIEW: 1,
    CaseStatus.AWAITING_CUSTOMER: 1,
    CaseStatus.EXTENDED: 1,
    CaseStatus.APPROVED: 2,
    CaseStatus.REFUND_PENDING: 2,
    CaseStatus.REFUNDED: 3,
    CaseStatus.REPLACEMENT_SENT: 3,
    CaseStatus.REJECTED: 2,
    CaseStatus.CUSTOMER_NOTIFIED: 3,
    CaseStatus.APPEAL_FILED: 4,
    CaseStatus.APPEAL_UNDER_REVIEW: 4,
    CaseStatus.APPEAL_UPHELD: 4,
    CaseStatus.APPEAL_REJECTED: 4,
    CaseStatus.ESCALATED: 4,
    CaseStatus.CLOSED: 4,
    CaseStatus.WITHDRAWN: 1,
    CaseStatus.CANCELLED: 0,
}
OPEN_WEIGHT = {
    CaseStatus.RECEIVED: 6,
    CaseStatus.ACKNOWLEDGED: 5,
    CaseStatus.UNDER_REVIEW: 8,
    CaseStatus.AWAITING_CUSTOMER: 4,
    CaseStatus.EXTENDED: 1,
}


@dataclass
class DemoSummary:
    cases: int
    customers: int
    evidence: int
    deadlines: int
    blobs: int


def _png(width: int, height: int, rgb: tuple[int, int, int], stripe: int) -> bytes:
    """A small valid PNG 'screenshot': a coloured panel with a dark error bar."""
    rows = []
    for y in range(height):
        colour = (180, 30, 30) if stripe <= y < stripe + 6 else rgb
        rows.append(b"\x00" + bytes(colour) * width)
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _evidence_files(rng: random.Random) -> dict[str, list[tuple[bytes, str, str]]]:
    """A few distinct files per evidence kind, shared by many cases (stored once)."""
    files: dict[str, list[tuple[bytes, str, str]]] = {}
    for i, kind in enumerate(("error_screenshot", "defect_proof", "non_delivery_proof")):
        files[kind] = [
            (
                _png(160, 100, (rng.randrange(200, 256),) * 3, 20 + 10 * j + i),
                "image/png",
                f"{kind.replace('_', '-')}-{j + 1}.png",
            )
            for j in range(4)
        ]
    files["payment_proof"] = [
        (
            f"Payment receipt\nTransaction {rng.randrange(10**9, 10**10)}\nStatus: OK\n".encode(),
            "text/plain",
            f"payment-receipt-{j + 1}.txt",
        )
        for j in range(4)
    ]
    files["fraud_proof"] = [
        (
            f"Bank dispute reference DSP-{rng.randrange(10**6)}\nChargeback filed.\n".encode(),
            "text/plain",
            f"bank-dispute-{j + 1}.txt",
        )
        for j in range(3)
    ]
    return files


def generate(
    ctx: AppContext,
    count: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Add ``count`` synthetic cases (and their customers, orders, evidence, deadlines)."""
    rng = random.Random(seed)
    now = ctx.clock.now()
    packs = {pid: load_pack(pid) for pid in CATALOGUE}
    fakers = []
    for locale, domain in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(2**32))
        fakers.append((fake, domain))
    files = _evidence_files(rng)

    with ctx.transaction():
        blob_ids = _store_blobs(files, now)
        snapshots = {pid: policies.snapshot(pack, now) for pid, pack in packs.items()}
        products = _store_products()
        customer_ids = _store_customers(fakers, rng, max(1, count * 2 // 3), now)

    made = evidence_count = deadline_count = 0
    statuses = list(CaseStatus)
    while made < count:
        size = min(BATCH, count - made)
        with ctx.transaction(), search.indexing_after_bulk_insert(ctx.db):
            plans = [
                _plan_case(rng, now, packs, products, customer_ids, statuses, made + i)
                for i in range(size)
            ]
            e, d = _store_batch(ctx, plans, snapshots, files, blob_ids, now)
        evidence_count += e
        deadline_count += d
        made += size
        if progress:
            progress(made, count)

    with ctx.transaction():
        audit.record(ctx, "demo_data_generated", None, {"cases": count, "seed": seed})
    return DemoSummary(count, len(customer_ids), evidence_count, deadline_count, len(blob_ids))


def _store_blobs(files, now) -> dict[bytes, str]:
    ids = {}
    for items in files.values():
        for data, mime, _name in items:
            sha = hashlib.sha256(data).hexdigest()
            Blob.insert(
                sha256=sha, size=len(data), mime=mime, data=data, created_at=now
            ).on_conflict_ignore().execute()
            ids[data] = sha
    return ids


def _store_products() -> dict[str, list[tuple[Product, str, int, int]]]:
    out: dict[str, list] = {}
    for policy, items in CATALOGUE.items():
        for name, kind, third, vendor, currency, low, high in items:
            product, _ = Product.get_or_create(
                name=name, kind=kind, third_party=third, defaults={"vendor": vendor}
            )
            out.setdefault(policy, []).append((product, currency, low, high))
    return out


def _name_pools(fakers) -> list[tuple[list[str], list[str], list[str], str, bool]]:
    """Given names, family names and user names per locale, drawn once and then combined."""
    pools = []
    for fake, domain in fakers:
        pools.append(
            (
                [fake.first_name() for _ in range(300)],
                [fake.last_name() for _ in range(150)],
                [fake.user_name() for _ in range(300)],
                domain,
                domain.endswith(".cn"),  # Chinese names: family name first, no space
            )
        )
    return pools


def _store_customers(fakers, rng: random.Random, n: int, now: dt.datetime) -> list[int]:
    ids = reserve_ids(Customer, n)
    rows = []
    pools = _name_pools(fakers)
    for customer_id in ids:
        given, family, users, domain, family_first = pools[customer_id % len(pools)]
        first, last = rng.choice(given), rng.choice(family)
        rows.append(
            {
                "id": customer_id,
                "name": f"{last}{first}" if family_first else f"{first} {last}",
                "email": f"{rng.choice(users)}.{customer_id}@{domain}",
                "phone": f"+{rng.choice(('1', '86', '91'))} {rng.randrange(10**9, 10**10)}",
                "created_at": now,
            }
        )
    bulk_insert(Customer, rows)
    return ids


def _plan_case(rng, now, packs, products, customer_ids, statuses, index) -> dict:
    policy = "antnum" if index % 2 else "antimart"
    pack = packs[policy]
    # The first cases walk through every reason and status; the rest are drawn.
    if index < len(statuses) * 2:
        status = statuses[(index // 2) % len(statuses)]
        reason = pack.reasons[index % len(pack.reasons)].code
    else:
        status = _draw_status(rng)
        reason = rng.choice(pack.reasons).code
    product, currency, low, high = rng.choice(products[policy])
    if product.kind == "subscription" and policy == "antnum" and rng.random() < 0.5:
        reason = rng.choice(("service_failure", "service_shutdown", "platform_termination"))
    if status in _APPROVED_PATH and pack.reason(reason).result == "excluded":
        status = rng.choice((CaseStatus.REJECTED, CaseStatus.CUSTOMER_NOTIFIED, CaseStatus.CLOSED))
    status = lifecycle.fit_status(status, pack, product.third_party)
    # Cases still moving are recent; settled ones spread over two years.
    age_days = rng.uniform(10, 720) if status in _SETTLED else rng.uniform(0, 12)
    reported = (now - dt.timedelta(days=age_days)).replace(microsecond=0)
    purchased = reported - dt.timedelta(seconds=rng.randrange(2 * 3600, 6 * 86400))
    delivered = (
        None
        if reason in ("non_delivery", "cancellation") and rng.random() < 0.7
        else purchased + dt.timedelta(seconds=rng.randrange(5, 600))
    )
    if status == CaseStatus.CANCELLED:
        delivered = None  # cancelled before delivery
    discovered = None
    if reason in ("technical_defect", "service_failure", "service_shutdown") and delivered:
        discovered = min(reported, delivered + (reported - delivered) * rng.uniform(0.5, 1))
    amount = (
        Decimal(rng.randint(low, high))
        if currency != "USD"
        else Decimal(rng.randint(low * 100, high * 100)) / 100
    )
    return {
        "policy": policy,
        "pack": pack,
        "status": status,
        "reason": reason,
        "product": product,
        "currency": currency,
        "amount": amount.quantize(Decimal("0.01")),
        "customer": rng.choice(customer_ids),
        "purchased": purchased,
        "delivered": delivered,
        "discovered": discovered,
        "reported": reported,
        "stage": STAGE[status],
        "payment": rng.choice(PAYMENT[currency]),
        "code": "-".join(f"{rng.randrange(16**4):04X}" for _ in range(4)),
        "order_ref": f"{'AM' if policy == 'antimart' else 'AN'}-{purchased:%Y%m%d}-{index:06d}",
        "evidence_share": rng.random(),
        "now": now,
    }


def _draw_status(rng: random.Random) -> CaseStatus:
    if rng.random() < 0.25:
        return rng.choices(list(OPEN_WEIGHT), weights=list(OPEN_WEIGHT.values()))[0]
    return rng.choice([s for s in CaseStatus if s not in OPEN_WEIGHT])


_SETTLED = {
    CaseStatus.CLOSED,
    CaseStatus.WITHDRAWN,
    CaseStatus.CANCELLED,
    CaseStatus.REFUNDED,
    CaseStatus.REPLACEMENT_SENT,
    CaseStatus.ESCALATED,
    CaseStatus.APPEAL_REJECTED,
}
_APPROVED_PATH = {
    CaseStatus.APPROVED,
    CaseStatus.REFUND_PENDING,
    CaseStatus.REFUNDED,
    CaseStatus.REPLACEMENT_SENT,
}


def _store_batch(ctx, plans, snapshots, files, blob_ids, now) -> tuple[int, int]:
    orders = [
        {
            "order_ref": p["order_ref"],
            "customer": p["customer"],
            "product": p["product"].id,
            "purchased_at": p["purchased"],
            "delivered_at": p["delivered"],
            "amount_paid": p["amount"],
            "currency": p["currency"],
            "payment_method": p["payment"],
            "license_code": p["code"] if p["product"].kind != "subscription" else "",
            "subscription_start": p["purchased"].date()
            if p["product"].kind == "subscription"
            else None,
            "subscription_end": (p["purchased"] + dt.timedelta(days=30)).date()
            if p["product"].kind == "subscription"
            else None,
        }
        for p in plans
    ]
    order_ids = reserve_ids(Order, len(orders))
    bulk_insert(Order, [{"id": i, **row} for i, row in zip(order_ids, orders, strict=True)])

    numbers: dict[int, list[str]] = {}
    for p in plans:
        numbers.setdefault(p["reported"].year, []).append("")
    for year in numbers:
        numbers[year] = next_case_numbers(year, len(numbers[year]))
    cursor = {year: iter(nums) for year, nums in numbers.items()}

    case_rows, deadline_sets, event_sets, fact_sets = [], [], [], []
    for p, order_id in zip(plans, order_ids, strict=True):
        events = lifecycle.events(p, now)
        facts = _facts(p, events)
        states = plan_deadlines(p["pack"], facts)
        deadline_rows = [
            {
                "name": st.name,
                "due_at": st.due_at,
                "state": st.state,
                "met_at": st.met_at,
                "explanation": st.explanation,
            }
            for st in states
        ]
        first = next_due(states)
        next_due_pair = (first.name, first.due_at) if first else None
        event_sets.append(events)
        fact_sets.append(facts)
        deadline_sets.append(deadline_rows)
        case_rows.append(
            {
                "number": next(cursor[p["reported"].year]),
                "customer": p["customer"],
                "order": order_id,
                "policy_id": p["policy"],
                "policy_version": p["pack"].version,
                "policy_snapshot": snapshots[p["policy"]],
                "reason": p["reason"],
                "description": "",
                "discovered_at": p["discovered"],
                "reported_at": p["reported"],
                "status": p["status"].value,
                "next_due_at": next_due_pair[1] if next_due_pair else None,
                "next_due_name": next_due_pair[0] if next_due_pair else None,
                "created_at": p["reported"],
                "updated_at": p["reported"],
                "closed_at": min(p["reported"] + dt.timedelta(days=6), now)
                if p["status"] in FINAL_STATUSES
                else None,
                **{name: events[name] for name in CASE_EVENT_COLUMNS},
            }
        )
    case_ids = reserve_ids(Case, len(case_rows))
    bulk_insert(Case, [{"id": i, **row} for i, row in zip(case_ids, case_rows, strict=True)])

    deadlines, evidence, events_rows = [], [], []
    prev = audit.last_hash()
    for p, case_id, drows, crow in zip(plans, case_ids, deadline_sets, case_rows, strict=True):
        deadlines += [{**row, "case": case_id} for row in drows]
        evidence += _evidence_rows(p, case_id, files, blob_ids, ctx.actor)
        row = audit.chained_row(
            prev,
            crow["created_at"],
            ctx.actor,
            "case_created",
            case_id,
            {"number": crow["number"], "reason": p["reason"], "policy": p["policy"], "demo": True},
        )
        prev = row["hash"]
        events_rows.append(row)
    for rows, model in ((deadlines, Deadline), (evidence, Evidence), (events_rows, AuditEvent)):
        bulk_insert(model, rows)
    _store_lifecycle(ctx, plans, case_ids, event_sets, fact_sets)
    return len(evidence), len(deadlines)


def _facts(p: dict, events: dict) -> CaseFacts:
    subscription = None
    if p["product"].kind == "subscription":
        start = p["purchased"].date()
        subscription = SubscriptionPeriod(start, start + dt.timedelta(days=30))
    return CaseFacts(
        reason=p["reason"],
        product_kind=p["product"].kind,
        third_party=p["product"].third_party,
        order_ref=p["order_ref"],
        amount_paid=p["amount"],
        events={
            "purchased_at": p["purchased"],
            "delivered_at": p["delivered"],
            "discovered_at": p["discovered"],
            **events,
        },
        final=p["status"] in FINAL_STATUSES,
        subscription=subscription,
    )


def _store_lifecycle(ctx, plans, case_ids, event_sets, fact_sets) -> None:
    """Decisions, appeals and escalations matching each case's status."""
    decisions: list[dict] = []
    first_decision: dict[int, int] = {}
    for p, case_id, ev, facts in zip(plans, case_ids, event_sets, fact_sets, strict=True):
        for row in lifecycle.decision_rows(p, ev, facts, ctx.actor):
            decisions.append({**row, "case": case_id})
    for decision_id, row in zip(reserve_ids(Decision, len(decisions)), decisions, strict=True):
        row["id"] = decision_id
        first_decision.setdefault(row["case"], decision_id)
    bulk_insert(Decision, decisions)
    appeals, escalations = [], []
    for p, case_id, ev in zip(plans, case_ids, event_sets, strict=True):
        appeal = lifecycle.appeal_row(p, ev, ctx.actor)
        if appeal is not None:
            appeals.append({**appeal, "case": case_id, "decision": first_decision[case_id]})
        escalation = lifecycle.escalation_row(p)
        if escalation is not None:
            escalations.append({**escalation, "case": case_id})
    bulk_insert(Appeal, appeals)
    bulk_insert(Escalation, escalations)


def _evidence_rows(plan, case_id, files, blob_ids, actor) -> list[dict]:
    """Some of the proof the reason needs: complete for later stages, partial early."""
    required = [k for k in plan["pack"].reason(plan["reason"]).evidence if k in files]
    keep = len(required) if plan["stage"] >= 2 else round(len(required) * plan["evidence_share"])
    rows = []
    for n, kind in enumerate(required[:keep]):
        data, _mime, name = files[kind][(case_id + n) % len(files[kind])]
        received = plan["reported"] + dt.timedelta(minutes=5 + 30 * n)
        rows.append(
            {
                "case": case_id,
                "blob": blob_ids[data],
                "kind": kind,
                "source": "customer",
                "original_name": name,
                "description": "",
                "received_at": received,
                "added_at": received,
                "added_by": actor,
            }
        )
    return rows
