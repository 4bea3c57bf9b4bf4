"""The case desk at 10,000, 100,000 and 300,000 cases, timed to the painted rows.

Databases are made by ``demo-data`` (seed 2026) and cached outside the
repository, in ``$CASEMANAGER_BENCH_CACHE`` or ``~/.cache/casemanager-bench``.
Every GUI figure runs the real main window offscreen and stops at the paint
that shows the result (an application-wide event filter records the paint
events; waiting is a ``QEventLoop``, never a ``processEvents()`` spin). The
bare baselines run in the same session on the same file: a bare ``QTableView``
window over a bare ``sqlite3`` query on its best index, the bare ``csv``
module, bare ReportLab, ``sqlite3`` plus ``zipfile``. One table per size.

    .venv/bin/python benchmarks/case_desk.py [--sizes 10000,100000,300000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("CASEMANAGER_BENCH_CACHE", Path.home() / ".cache/casemanager-bench"))
SEED = 2026
SIZES = (10_000, 100_000, 300_000)
QUERIES = {
    "one letter": "a",
    "two letters": "zh",
    "张伟": "张伟",
    "e-mail domain": "example.in",
    "product word": "Steam",
    "one order id": None,  # an order id of the database, found at run time
}
CLI_TIMEOUT_S = 600

# -- the bare programs, run as their own processes -------------------------------

BARE_WINDOW = r"""
import sqlite3, sys, time
from PySide6.QtCore import QAbstractTableModel, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT k.number, k.reported_at, c.name, o.order_ref, p.name, k.reason, k.status,"
    " k.policy_id, k.next_due_at, o.amount_paid, o.currency"
    " FROM \"case\" k INDEXED BY case_next_due_at_id"
    " JOIN customer c ON c.id = k.customer_id JOIN \"order\" o ON o.id = k.order_id"
    " JOIN product p ON p.id = o.product_id"
    " WHERE k.next_due_at IS NOT NULL ORDER BY k.next_due_at, k.id LIMIT 200"
).fetchall()
class Model(QAbstractTableModel):
    def rowCount(self, parent=None): return len(rows)
    def columnCount(self, parent=None): return 11
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(rows[index.row()][index.column()])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print(time.time()), app.quit()))
            view.viewport().removeEventFilter(self)
        return False
view = QTableView()
view.setModel(Model())
spy = Painted()
view.viewport().installEventFilter(spy)
view.resize(1280, 760)
view.show()
app.exec()
import os
print(int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
"""

BARE_CSV = r"""
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["number", "received", "customer", "order", "product", "reason", "status",
                "policy", "next_due", "amount", "currency"])
    w.writerows(conn.execute(
        "SELECT k.number, k.reported_at, c.name, o.order_ref, p.name, k.reason, k.status,"
        " k.policy_id, k.next_due_at, o.amount_paid, o.currency FROM \"case\" k"
        " JOIN customer c ON c.id = k.customer_id JOIN \"order\" o ON o.id = k.order_id"
        " JOIN product p ON p.id = o.product_id ORDER BY k.next_due_at, k.id"))
"""

BARE_REPORTLAB = r"""
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
styles = getSampleStyleSheet()
text = "We have reviewed your claim and cannot refund it, for the reasons below. " * 12
story = [Paragraph("Decision on your refund claim", styles["Title"])]
story += [Paragraph(text, styles["BodyText"]) for _ in range(4)]
SimpleDocTemplate(sys.argv[1], pagesize=A4).build(story)
"""

BARE_ZIP = r"""
import sqlite3, sys, zipfile
conn = sqlite3.connect(sys.argv[1])
case = conn.execute('SELECT * FROM "case" WHERE number = ?', (sys.argv[3],)).fetchone()
blobs = conn.execute(
    "SELECT b.sha256, b.data FROM evidence e JOIN blob b ON b.sha256 = e.blob_id"
    ' WHERE e.case_id = (SELECT id FROM "case" WHERE number = ?)', (sys.argv[3],)
).fetchall()
with zipfile.ZipFile(sys.argv[2], "w") as z:
    z.writestr("case.txt", repr(case))
    for sha, data in blobs:
        z.writestr(f"evidence/{sha}", data)
"""


def _env(home: Path) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CASEMANAGER_HOME": str(home)}


def _wall(args: list[str], env: dict, timeout: float = CLI_TIMEOUT_S) -> float | None:
    """Seconds for a whole process, or None when it ran past ``timeout``."""
    start = time.perf_counter()
    try:
        subprocess.run(args, env=env, check=True, timeout=timeout, capture_output=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def _started_to_paint(args: list[str], env: dict, extra: list | None = None) -> float:
    """Seconds from spawning a GUI process to the paint it reports (its first line)."""
    spawned = time.time()
    out = _run(args, env)
    lines = out.stdout.strip().splitlines()
    if extra is not None:
        extra.extend(lines[1:])
    return float(lines[0]) - spawned


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """Run a child to its end; a failure stops the benchmark with the child's own error."""
    out = subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        sys.exit(f"{' '.join(args[:4])}… failed ({out.returncode}):\n{out.stderr[-4000:]}")
    return out


def ensure_database(cases: int) -> Path:
    db = CACHE / f"cases-{cases}-seed{SEED}.sqlite3"
    if db.exists():
        return db
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = db.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    print(f"Making {db} with demo-data --cases {cases}…", flush=True)
    subprocess.run(
        [sys.executable, "-m", "casemanager", "demo-data", "--cases", str(cases)]
        + ["--seed", str(SEED), "--db", str(partial)],
        check=True,
        cwd=ROOT,
        env=_env(CACHE / "home"),
    )
    partial.rename(db)
    return db


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if len(known) == len(values) and known else None


def measure_size(cases: int, repeats: int) -> dict:
    db = ensure_database(cases)
    home = Path(tempfile.mkdtemp(prefix="casemanager-bench-home-"))
    env = _env(home)
    me = [sys.executable, __file__]
    _run([*me, "--child", str(db), "start"], env)
    result: dict = {"cases": cases}
    result["start_s"] = _median(
        [_started_to_paint([*me, "--child", str(db), "start"], env) for _ in range(repeats)]
    )
    bare = [sys.executable, "-c", BARE_WINDOW, str(db)]
    rss: list[str] = []
    result["bare_start_s"] = _median([_started_to_paint(bare, env, rss) for _ in range(repeats)])
    result["bare_rss_mb"] = statistics.median(float(line) for line in rss)
    out = subprocess.run(
        [*me, "--child", str(db), "full", str(repeats)], env=env, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"the window's run failed:\n{out.stderr}")
    result.update(json.loads(out.stdout.strip().splitlines()[-1]))
    with sqlite3.connect(db) as conn:  # a case a rejection letter can be written for
        (number,) = conn.execute(
            "SELECT number FROM \"case\" WHERE status = 'rejected' ORDER BY id LIMIT 1"
        ).fetchone()
    result.update(_command_lines(db, env, number, repeats))
    return result


def _command_lines(db: Path, env: dict, number: str, repeats: int) -> dict:
    cli = [sys.executable, "-m", "casemanager"]
    found: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        # A whole list to CSV: once at the large sizes (it is the slow one).
        runs = repeats if db.stat().st_size < 200e6 else 1
        found["csv_s"] = _median(
            [
                _wall(
                    [*cli, "csv", "--db", str(db), "--view", "all", "--out", str(out / "a.csv")],
                    env,
                )
                for _ in range(runs)
            ]
        )
        found["bare_csv_s"] = _median(
            [_wall([sys.executable, "-c", BARE_CSV, str(db), str(out / "b.csv")], env)]
        )
        letter = [*cli, "letter", "--db", str(db), "--kind", "rejection", "--out"]
        found["letter_s"] = _median(
            [_wall([*letter, str(out / "l.pdf"), number], env) for _ in range(3)]
        )
        export = [*cli, "export", "--db", str(db), "--out"]
        found["export_s"] = _median(
            [_wall([*export, str(out / "e.zip"), number], env) for _ in range(3)]
        )
        found["bare_pdf_s"] = _median(
            [
                _wall([sys.executable, "-c", BARE_REPORTLAB, str(out / "b.pdf")], env)
                for _ in range(3)
            ]
        )
        found["bare_zip_s"] = _median(
            [
                _wall([sys.executable, "-c", BARE_ZIP, str(db), str(out / "b.zip"), number], env)
                for _ in range(3)
            ]
        )
        found["python_s"] = _median([_wall([sys.executable, "-c", "pass"], env) for _ in range(3)])
    return found


# -- the application process ---------------------------------------------------------


def child(db: str, mode: str, repeats: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    import ui  # noqa: F401 (the domain before Qt, as the application starts)
    from benchmarks.desk_probe import DeskProbe

    probe = DeskProbe(db)
    if mode == "start":
        print(probe.first_painted, flush=True)
    else:
        print(json.dumps(probe.run_all(repeats, QUERIES)), flush=True)
    probe.settle()  # no job outlives the window


# -- the tables ---------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _s(value: float | None, stopped: float = CLI_TIMEOUT_S) -> str:
    return f"> {stopped:.0f} s (stopped)" if value is None else f"{value:.2f} s"


def table(r: dict) -> list[tuple[str, str, str, str]]:
    """(measure, case desk, baseline, target met?) rows of one size."""
    ok = lambda good: "yes" if good else "no"  # noqa: E731
    rows = [
        (
            "start to painted list (whole process)",
            _s(r["start_s"]),
            f"bare table window {_s(r['bare_start_s'])}",
            ok(r["start_s"] <= 2 * r["bare_start_s"]),
        )
    ]
    for kind, ms in r["search_ms"].items():
        rows.append((f"search “{kind}”, Enter → painted", _ms(ms), "", ok(ms < 100)))
    for column, ms in r["sort_ms"].items():
        rows.append((f"sort by {column} → painted", _ms(ms), "", ok(ms < 50)))
    rows.append(
        ("scroll to the end → painted", _ms(r["scroll_end_ms"]), "", ok(r["scroll_end_ms"] < 100))
    )
    rows.append(
        (
            "drag the scrollbar through the list (20 steps)",
            f"{_ms(r['drag_step_ms'])} a step, {_ms(r['drag_total_ms'])} in all",
            "",
            ok(r["drag_step_ms"] < 100),
        )
    )
    rows.append(("open a case view → painted", _ms(r["case_view_ms"]), "", "—"))
    rows.append(("Reminders → painted", _ms(r["reminders_ms"]), "", ok(r["reminders_ms"] < 300)))
    rows.append(("dashboard → painted", _ms(r["dashboard_ms"]), "", ok(r["dashboard_ms"] < 300)))
    csv_ok = r["csv_s"] is not None and r["csv_s"] <= 3 * r["bare_csv_s"]
    rows.append(
        ("`csv --view all`", _s(r["csv_s"]), f"sqlite3 + csv {_s(r['bare_csv_s'])}", ok(csv_ok))
    )
    py = r["python_s"]
    rows.append(
        (
            "`letter --kind rejection`, one case",
            _s(r["letter_s"]),
            f"bare ReportLab {_s(r['bare_pdf_s'])}",
            ok(r["letter_s"] <= 2 * r["bare_pdf_s"] + py),
        )
    )
    rows.append(
        (
            "`export`, one case",
            _s(r["export_s"]),
            f"sqlite3 + zip {_s(r['bare_zip_s'])}",
            ok(r["export_s"] <= 2 * r["bare_zip_s"] + py),
        )
    )
    rows.append(
        (
            "resident memory: opened / after the sequence¹",
            f"{r['rss_open_mb']:.0f} / {r['rss_sequence_mb']:.0f} MB",
            f"bare window {r.get('bare_rss_mb', 0):.0f} MB" if r.get("bare_rss_mb") else "",
            ok(r["rss_sequence_mb"] <= 250),
        )
    )
    rows.append(
        (
            "growth over 200 case views opened and closed",
            f"{r['rss_growth_mb']:+.1f} MB",
            "",
            ok(r["rss_growth_mb"] < 20),
        )
    )
    return rows


def print_tables(results: list[dict], repeats: int) -> None:
    for r in results:
        print(
            f"\n### {r['cases']:,} cases ({r['rows_open']:,} open), "
            f"medians of {repeats}, {os.cpu_count()} cores\n"
        )
        print("| measure | case desk | baseline | target met |")
        print("| --- | --- | --- | --- |")
        for measure, ours, bare, met in table(r):
            print(f"| {measure} | {ours} | {bare} | {met} |")
    print("\n¹ after opening, scrolling to the end, 20 case views, the dashboard and Reminders.")
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"\n### growth from {first['cases']:,} to {last['cases']:,} cases\n")
        print("| measure | " + " | ".join(f"{r['cases']:,}" for r in results) + " |")
        print("| --- |" + " --- |" * len(results))
        for i, (measure, *_rest) in enumerate(table(first)):
            print(f"| {measure} | " + " | ".join(table(r)[i][1] for r in results) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    # Bytecode as an installed copy has it: where PYTHONDONTWRITEBYTECODE is set, every
    # start would otherwise compile the project's modules again, and the bare programs
    # import only libraries that pip compiled when it installed them.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "casemanager", "ui", "benchmarks"],
        cwd=ROOT,
        check=True,
    )
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"Measuring {size:,} cases…", file=sys.stderr, flush=True)
        results.append(measure_size(size, args.repeats))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print_tables(results, args.repeats)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    else:
        sys.exit(main())
