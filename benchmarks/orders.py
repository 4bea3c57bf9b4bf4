"""Order import and the case form's order suggestion at 100,000 orders.

Generates a WooCommerce-style export of 100,000 orders (one line each), then
times ``orders import`` run as the command line does (a fresh database each
time, migrations included) against a bare baseline in the same run: the csv
module reading the file and one sqlite3 ``executemany`` into a plain table
with the same unique key. The suggestion lookup (``find_orders``) is timed
over many prefixes against a bare indexed SELECT. Medians.

    .venv/bin/python benchmarks/orders.py [ORDERS] [REPEATS]
"""

from __future__ import annotations

import csv
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casemanager.services.context import AppContext  # noqa: E402
from casemanager.services.orders import lookup  # noqa: E402

TARGETS = {"import_s": 30.0, "lookup_ms": 50.0}
HEADER = [
    "order_id", "order_number", "date", "status", "order_total", "order_currency",
    "payment_method", "payment_method_title", "transaction_id", "billing_first_name",
    "billing_last_name", "billing_email", "completed_date", "line_items",
]  # fmt: skip
PRODUCTS = ("Antivirus licence key", "Steam gift card 500", "Game code: Racer", "Cloud monthly")


def generate(path: Path, count: int) -> None:
    rng = random.Random(7)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(count):
            product = PRODUCTS[n % len(PRODUCTS)]
            total = f"{rng.randint(99, 99999) / 100:.2f}"
            when = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d}:00"
            writer.writerow([
                100000 + n, 100000 + n, when, "completed", total, "INR", "razorpay", "UPI",
                f"pay_{n:08d}", f"First{n % 997}", f"Last{n % 991}", f"buyer{n}@example.in",
                when, f"id:{n}|name:{product}|sku:SKU-{n % 50}|quantity:1|total:{total}",
            ])  # fmt: skip


def time_cli_import(path: Path, folder: Path, run: int) -> float:
    db = folder / f"run{run}.sqlite3"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "casemanager", "orders", "import", str(path), "--db", str(db)],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def time_bare_import(path: Path, folder: Path, run: int) -> float:
    db = folder / f"bare{run}.sqlite3"
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE o (platform TEXT, order_id TEXT, line_id TEXT, email TEXT, product TEXT,"
        " amount INTEGER, currency TEXT, purchased_at TEXT, source TEXT,"
        " UNIQUE (platform, order_id, line_id))"
    )
    conn.execute("CREATE INDEX o_order ON o (order_id)")
    conn.execute("CREATE INDEX o_email ON o (email)")
    with path.open(newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [
            ("woocommerce", r[0], r[0], r[11].lower(), r[13], int(float(r[4]) * 100), r[5], r[2],
             ",".join(r))
            for r in reader
        ]  # fmt: skip
    with conn:
        conn.executemany("INSERT INTO o VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    return time.perf_counter() - started


def time_lookups(db: Path, prefixes: list[str]) -> tuple[float, float]:
    ctx = AppContext.open(str(db), actor="bench")
    try:
        ours = []
        for prefix in prefixes:
            started = time.perf_counter()
            lookup.find_orders(ctx, prefix, 8)
            ours.append((time.perf_counter() - started) * 1000)
    finally:
        ctx.close()
    conn = sqlite3.connect(db)
    bare = []
    for prefix in prefixes:
        started = time.perf_counter()
        conn.execute(
            "SELECT * FROM imported_order WHERE email_key >= ? AND email_key < ? "
            "ORDER BY email_key LIMIT 8",
            (prefix, prefix + "\U0010ffff"),
        ).fetchall()
        bare.append((time.perf_counter() - started) * 1000)
    conn.close()
    return statistics.median(ours), statistics.median(bare)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    folder = Path(tempfile.mkdtemp(prefix="orders-bench-"))
    export = folder / "orders.csv"
    generate(export, count)
    size_mb = export.stat().st_size / 1e6
    ours = [time_cli_import(export, folder, n) for n in range(repeats)]
    bare = [time_bare_import(export, folder, n) for n in range(repeats)]
    rng = random.Random(3)
    prefixes = [f"buyer{rng.randint(0, count - 1)}"[: rng.randint(6, 10)] for _ in range(200)]
    prefixes += [str(100000 + rng.randint(0, count - 1))[:5] for _ in range(100)]
    lookup_ms, bare_ms = time_lookups(folder / "run0.sqlite3", prefixes)
    imp, imp_bare = statistics.median(ours), statistics.median(bare)
    print(f"{count} orders, {size_mb:.1f} MB export, median of {repeats} runs / 300 lookups")
    print(f"{'operation':<28}{'ours':>10}{'bare':>10}{'ratio':>8}{'target':>10}")
    print(f"{'orders import (s)':<28}{imp:>10.2f}{imp_bare:>10.2f}{imp / imp_bare:>8.1f}"
          f"{TARGETS['import_s']:>10.0f}")  # fmt: skip
    print(f"{'order suggestion (ms)':<28}{lookup_ms:>10.2f}{bare_ms:>10.2f}"
          f"{lookup_ms / bare_ms:>8.1f}{TARGETS['lookup_ms']:>10.0f}")  # fmt: skip
    ok = imp < TARGETS["import_s"] and lookup_ms < TARGETS["lookup_ms"]
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
