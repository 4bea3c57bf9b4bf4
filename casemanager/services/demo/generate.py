"""A realistic synthetic shop for trying the application and measuring it.

Both policies, every reason and every status, customers with Latin, Chinese
and Hindi names, INR/CNY/USD amounts, evidence files and live deadlines. Each
case is a claim and the steps taken on it, recorded through the same services
as the shop's own cases (``records.record_cases``), a few thousand cases per
transaction.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from faker import Faker

from casemanager.domain import CaseStatus
from casemanager.policy.assessment import assess
from casemanager.policy.claim import Claim, SubscriptionPeriod
from casemanager.policy.packs import load_pack
from casemanager.services import audit
from casemanager.services.cases import records
from casemanager.services.cases.records import CaseHistory, NewCase
from casemanager.services.context import AppContext
from casemanager.services.demo import drawing, grounds, lifecycle
from casemanager.services.demo import shop as sample_shop
from casemanager.services.demo.lifecycle import SampleCase

BATCH = 5000
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


def generate(
    ctx: AppContext,
    count: int,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    new_file: bool = False,
) -> DemoSummary:
    """Add ``count`` synthetic cases (and their customers, orders, evidence, deadlines).

    A database without a shop profile gets the sample shop's, so its letters can go out.
    ``new_file``: the database is a new file only this build writes to (see
    ``records.record_cases``'s ``customers``).
    """
    sample_shop.ensure_profile(ctx)
    known = records.count_customers(ctx)
    customers = records.KnownCustomers() if new_file and not known else None
    cases = drawing.histories(count, seed, ctx.clock.now(), ctx.actor, known)
    summary = DemoSummary(0, 0, 0, 0, 0)
    files: set[str] = set()
    while batch := list(islice(cases, BATCH)):
        recorded = records.record_cases(ctx, batch, customers=customers)
        summary.cases += len(recorded.cases)
        summary.customers += recorded.new_customers
        summary.evidence += recorded.evidence
        summary.deadlines += recorded.deadlines
        files |= recorded.evidence_files
        if progress:
            progress(summary.cases, count)
    summary.blobs = len(files)
    audit.record(ctx, "demo_data_generated", None, {"cases": count, "seed": seed})
    return summary


class SampleShop:
    """The shop's random draws: the same seed gives the same customers, files and cases.

    Customer e-mail addresses are numbered after ``known_customers``, so a second run
    into the same database adds new customers rather than reusing the first run's.
    """

    def __init__(
        self,
        count: int,
        seed: int | None,
        now: dt.datetime,
        actor: str,
        known_customers: int = 0,
    ) -> None:
        self.count, self.now, self.actor = count, now, actor
        self.rng = rng = random.Random(seed)
        self.packs = {pid: load_pack(pid) for pid in CATALOGUE}
        fakers = []
        for locale, domain in LOCALES:
            fake = Faker(locale)
            fake.seed_instance(rng.randrange(2**32))
            fakers.append((fake, domain))
        self.files = _evidence_files(rng)
        self.customers = _customers(fakers, rng, max(1, count * 2 // 3), known_customers)

    def histories(self) -> Iterator[CaseHistory]:
        """Each case as the claim that arrived and the steps taken on it since."""
        statuses = list(CaseStatus)
        for index in range(self.count):
            yield self._case(index, statuses)

    def _case(self, index: int, statuses: list[CaseStatus]) -> CaseHistory:
        rng, now = self.rng, self.now
        policy = "antnum" if index % 2 else "antimart"
        pack = self.packs[policy]
        # The first cases walk through every reason and status; the rest are drawn.
        if index < len(statuses) * 2:
            status = statuses[(index // 2) % len(statuses)]
            reason = pack.reasons[index % len(pack.reasons)].code
        else:
            status = _draw_status(rng)
            reason = rng.choice(pack.reasons).code
        product, kind, third_party, vendor, currency, low, high = rng.choice(CATALOGUE[policy])
        if kind == "subscription" and policy == "antnum" and rng.random() < 0.5:
            reason = rng.choice(("service_failure", "service_shutdown", "platform_termination"))
        if status in lifecycle.APPROVED_PATH:
            # An approval needs a reason the policy grants, with the remedy given.
            remedy = "replacement" if status == CaseStatus.REPLACEMENT_SENT else "refund"
            granted = [
                r.code for r in pack.reasons if r.result != "excluded" and remedy in r.remedies
            ]
            if reason not in granted:
                reason = rng.choice(granted)
        status = lifecycle.fit_status(status, pack, third_party)
        # Cases still moving are recent; settled ones spread over two years.
        age_days = rng.uniform(10, 720) if status in _SETTLED else rng.uniform(0, 12)
        reported = (now - dt.timedelta(days=age_days)).replace(microsecond=0)
        purchased = reported - dt.timedelta(seconds=rng.randrange(2 * 3600, 6 * 86400))
        delivered = (
            None
            if reason in ("non_delivery", "cancellation") and rng.random() < 0.7
            else purchased + dt.timedelta(seconds=rng.randrange(5, 600))
        )
        if status == CaseStatus.CANCELLED or (
            status in lifecycle.APPROVED_PATH and reason in ("non_delivery", "cancellation")
        ):
            delivered = None  # cancelled before delivery, or never delivered
        discovered = None
        if reason in ("technical_defect", "service_failure", "service_shutdown") and delivered:
            discovered = min(reported, delivered + (reported - delivered) * rng.uniform(0.5, 1))
        amount = (
            Decimal(rng.randint(low, high))
            if currency != "USD"
            else Decimal(rng.randint(low * 100, high * 100)) / 100
        ).quantize(Decimal("0.01"))
        name, email, phone = rng.choice(self.customers)
        payment = rng.choice(PAYMENT[currency])
        code = "-".join(f"{rng.randrange(16**4):04X}" for _ in range(4))
        order_ref = f"{'AM' if policy == 'antimart' else 'AN'}-{purchased:%Y%m%d}-{index:06d}"
        subscription = kind == "subscription"
        new = NewCase(
            customer_name=name,
            customer_email=email,
            customer_phone=phone,
            order_ref=order_ref,
            product_name=product,
            product_kind=kind,
            third_party=third_party,
            vendor=vendor,
            purchased_at=purchased,
            delivered_at=delivered,
            reported_at=reported,
            discovered_at=discovered,
            amount_paid=amount,
            currency=currency,
            payment_method=payment,
            license_code="" if subscription else code,
            subscription_start=purchased.date() if subscription else None,
            subscription_end=(purchased + dt.timedelta(days=30)).date() if subscription else None,
            reason=reason,
            policy_id=policy,
            policy_version=pack.version,
        )
        ground = self._ground(pack, new, status)
        status = lifecycle.fit_status(ground.status, pack, third_party)
        sample = SampleCase(index, pack, status, reason, reported, order_ref, rng.random(), ground)
        return CaseHistory(new, reported, lifecycle.steps(sample, now, self.actor, self.files))

    def _ground(self, pack, new: NewCase, status: CaseStatus) -> grounds.Ground:
        """The status fitted to what the policy says of the claim (all proof sent)."""
        period = (
            SubscriptionPeriod(new.subscription_start, new.subscription_end)
            if new.subscription_start and new.subscription_end
            else None
        )
        claim = Claim(
            policy=pack.id,
            reason=new.reason,
            purchased_at=new.purchased_at,
            reported_at=new.reported_at,
            amount_paid=new.amount_paid,
            product_kind=new.product_kind,
            third_party=new.third_party,
            order_id=new.order_ref,
            delivered_at=new.delivered_at,
            discovered_at=new.discovered_at,
            evidence=pack.reason(new.reason).evidence,
            subscription=period,
        )
        result = assess(pack, claim)
        if (
            result.decision == "eligible"
            and pack.reason(new.reason).result == "cancel_before_delivery"
            and status not in lifecycle.UNDECIDED
            and status not in lifecycle.APPROVED_PATH
        ):
            status = CaseStatus.REFUNDED  # cancelled before delivery: refunded, nothing to dispute
        facts = {
            "reported_at": new.reported_at,
            "purchased_at": new.purchased_at,
            "delivered_at": new.delivered_at,
            "product": new.product_name,
            "email": new.customer_email,
            "code": new.license_code,
        }
        return grounds.fit(
            pack,
            new.reason,
            status,
            result,
            self.rng,
            decided=status not in lifecycle.UNDECIDED,
            rejected=status not in lifecycle.APPROVED_PATH,
            facts=facts,
        )


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


def _evidence_files(rng: random.Random) -> lifecycle.Files:
    """A few distinct files per evidence kind, shared by many cases (stored once)."""
    files: lifecycle.Files = {}
    for i, kind in enumerate(("error_screenshot", "defect_proof", "non_delivery_proof")):
        files[kind] = [
            (
                _png(160, 100, (rng.randrange(200, 256),) * 3, 20 + 10 * j + i),
                f"{kind.replace('_', '-')}-{j + 1}.png",
            )
            for j in range(4)
        ]
    files["payment_proof"] = [
        (
            f"Payment receipt\nTransaction {rng.randrange(10**9, 10**10)}\nStatus: OK\n".encode(),
            f"payment-receipt-{j + 1}.txt",
        )
        for j in range(4)
    ]
    files["fraud_proof"] = [
        (
            f"Bank dispute reference DSP-{rng.randrange(10**6)}\nChargeback filed.\n".encode(),
            f"bank-dispute-{j + 1}.txt",
        )
        for j in range(3)
    ]
    return files


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


def _customers(fakers, rng: random.Random, n: int, known: int) -> list[tuple[str, str, str]]:
    """Name, e-mail address and phone number of ``n`` customers."""
    pools = _name_pools(fakers)
    out = []
    for number in range(known + 1, known + n + 1):
        given, family, users, domain, family_first = pools[number % len(pools)]
        first, last = rng.choice(given), rng.choice(family)
        out.append(
            (
                f"{last}{first}" if family_first else f"{first} {last}",
                f"{rng.choice(users)}.{number}@{domain}",
                f"+{rng.choice(('1', '86', '91'))} {rng.randrange(10**9, 10**10)}",
            )
        )
    return out


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
