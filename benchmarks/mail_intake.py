"""``intake`` of an mbox: time and peak memory (RSS) for 100 and 1,000 mails, and a second run.

Each run is its own process, so its peak RSS is its own; constant memory means the
1,000-mail peak stays at the 100-mail one. Run: ``.venv/bin/python benchmarks/mail_intake.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = (
    "import resource, sys; from casemanager.cli import main; rc = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)"
)


def run(db: Path, box: Path) -> tuple[float, float, list[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "intake", str(box), "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
    return seconds, peak_mb, done.stdout.splitlines()


def main() -> int:
    from casemanager.services.cases import records
    from casemanager.services.context import AppContext
    from tests.factories import new_case
    from tests.mail import corpus

    for count in (100, 1000):
        folder = Path(tempfile.mkdtemp(prefix="mail-bench-"))
        db = folder / "cases.sqlite3"
        ctx = AppContext.open(str(db), backups=folder)
        records.create_cases(ctx, [
            new_case(order_ref=f"AM-{5000 + i}", customer_email=f"c{i}@example.in")
            for i in range(count)
        ])  # fmt: skip
        ctx.close()
        box = corpus.write_mbox(folder / "inbox.mbox", range(count))
        first = run(db, box)
        second = run(db, box)
        updated = sum(line.startswith("updated ") for line in first[2])
        skipped = sum(line.startswith("skipped ") for line in second[2])
        print(
            f"{count} mails: first run {first[0]:.1f} s, peak RSS {first[1]:.0f} MB, "
            f"{updated} imported; second run {second[0]:.1f} s, peak {second[1]:.0f} MB, "
            f"{skipped} skipped, {len(second[2]) - skipped} imported"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
