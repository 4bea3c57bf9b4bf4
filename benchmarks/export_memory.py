"""Peak memory of exporting a case with 200 MB of evidence as a bundle.

Builds a temporary database with one case and 4 × 50 MiB of random evidence
(PDF-headed, added through the evidence service), then exports it in a fresh
child process and reports that process' peak resident memory (ru_maxrss)
before and after the export, against the evidence size. The export reads
each file with SQLite's incremental blob API and streams it into the zip in
1 MiB chunks, so the growth does not depend on the evidence size: it is
SQLite's page cache (64 MiB, the app's setting) plus the summary PDF's
rendering. Measured 2026-11-22: 4 × 50 MiB -> +102 MiB, 1 × 50 MiB -> +92 MiB;
with BENCH_CACHE=-2000 (a 2 MB page cache for the export) 4 × 50 MiB -> +41 MiB.

    .venv/bin/python benchmarks/export_memory.py [FILES] [MIB_EACH]
    BENCH_CACHE=-2000 .venv/bin/python benchmarks/export_memory.py
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casemanager.clock import FixedClock  # noqa: E402
from casemanager.services.context import AppContext  # noqa: E402
from casemanager.services.demo import generate  # noqa: E402
from casemanager.services.evidence.intake import (  # noqa: E402
    EvidenceLimits,
    NewEvidence,
    add_evidence,
    set_limits,
)
from casemanager.store.models import Case  # noqa: E402

MIB = 1024 * 1024
NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


def peak_mib() -> float:
    """This process' peak resident memory.

    ``getrusage().ru_maxrss`` would do on a fresh process, but Linux carries the
    parent's peak into a forked child (the builder held 50 MiB files), so the
    per-image high-water mark VmHWM, reset by exec, is read where available.
    """
    status = Path("/proc/self/status")
    if status.exists():
        return _status_mib(status.read_text(), "VmHWM")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mib() -> float:
    """Resident memory now (VmRSS), which unlike the peak can go down again."""
    status = Path("/proc/self/status")
    return _status_mib(status.read_text(), "VmRSS") if status.exists() else peak_mib()


def _status_mib(text: str, key: str) -> float:
    return int(text.split(f"{key}:")[1].split()[0]) / 1024


def build(db: Path, files: int, each: int) -> str:
    with AppContext.open(str(db), clock=FixedClock(NOW), actor="bench", backups=db.parent) as ctx:
        generate.generate(ctx, 1, seed=1)
        number = Case.select().first().number
        set_limits(ctx, EvidenceLimits(max_file_bytes=each + MIB, max_case_bytes=files * each * 2))
        for i in range(files):
            data = b"%PDF-1.4\n" + os.urandom(each - 9)
            item = NewEvidence(data, f"statement-{i + 1}.pdf", "payment_proof", NOW)
            result = add_evidence(ctx, number, [item])
            assert result.added, result.refused
            del data, item
    return number


def export_child(db: str, number: str, out: str) -> None:
    from casemanager.services.files import bundles

    imported = peak_mib()
    with AppContext.open(db, clock=FixedClock(NOW), actor="bench", backups=Path(db).parent) as ctx:
        opened, now = peak_mib(), rss_mib()
        if os.environ.get("BENCH_CACHE"):
            ctx.db.execute_sql(f"PRAGMA cache_size = {os.environ['BENCH_CACHE']}")
        start = time.perf_counter()
        bundles.export_cases(ctx, [number], out)
        seconds = time.perf_counter() - start
    print(f"{imported:.1f} {opened:.1f} {now:.1f} {peak_mib():.1f} {seconds:.2f}")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        export_child(*sys.argv[2:5])
        return
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    each = (int(sys.argv[2]) if len(sys.argv) > 2 else 50) * MIB
    with tempfile.TemporaryDirectory() as tmp:
        db, out = Path(tmp) / "bench.sqlite3", Path(tmp) / "bundle.zip"
        number = build(db, files, each)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(db), number, str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        imported, opened, before, peak, seconds = (float(x) for x in child.stdout.split())
        evidence = files * each / MIB
        print(f"evidence:            {files} × {each // MIB} MiB = {evidence:.0f} MiB")
        print(f"bundle written:      {out.stat().st_size / MIB:.0f} MiB in {seconds:.1f} s")
        print(f"peak RSS, imports:   {imported:.0f} MiB (interpreter and libraries)")
        print(f"peak RSS, db open:   {opened:.0f} MiB (opening checks the database)")
        print(f"RSS before export:   {before:.0f} MiB")
        print(f"peak RSS after:      {peak:.0f} MiB")
        print(
            f"growth by export:    {peak - before:.0f} MiB over the RSS before it "
            f"= {(peak - before) / evidence:.0%} of the evidence"
        )


if __name__ == "__main__":
    main()
