"""Letter rendering: a rejection against a bare ReportLab document of the same text.

Builds a rejected ANTNUM case in a temporary database, then times
``render_letter`` (embedded fonts, letterhead, clause quotes, "Page n of m")
and a baseline in the same run: the same paragraphs in plain Helvetica with
no embedding, letterhead or page furniture. Target: rejection median < 200 ms.

    .venv/bin/python benchmarks/letters.py [REPEATS]
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from casemanager.clock import FixedClock  # noqa: E402
from casemanager.letters import render_letter  # noqa: E402
from casemanager.letters.render import all_text  # noqa: E402
from casemanager.services.context import AppContext  # noqa: E402
from casemanager.services.letters import issuing  # noqa: E402
from tests.letters import helpers  # noqa: E402

TARGET_MS = 200.0


def bare(paragraphs: list[str]) -> bytes:
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(
        [Paragraph(escape(p), styles["Normal"]) for p in paragraphs]
    )
    return buf.getvalue()


def median_ms(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def main(repeats: int = 30) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC))
        ctx = AppContext.open(
            str(Path(tmp) / "bench.sqlite3"), clock=clock, actor="bench", backups=Path(tmp)
        )
        number = helpers.rejected(ctx).number
        data = issuing.letter_data(ctx, number, "rejection")
        first = time.perf_counter()
        render_letter(data)  # font parsing happens once per process; reported apart
        first_ms = (time.perf_counter() - first) * 1000
        paragraphs = [p for p in all_text(data).split("\n") if p.strip()]
        rows = [
            ("bare ReportLab, same text", *median_ms(lambda: bare(paragraphs), repeats)),
            ("rejection render_letter", *median_ms(lambda: render_letter(data), repeats)),
            (
                "rejection preview (assemble+render)",
                *median_ms(lambda: issuing.preview(ctx, number, "rejection"), repeats),
            ),
        ]
        ctx.close()
    base = rows[0][1]
    print(f"{'':38} {'median ms':>10} {'p90 ms':>8} {'x bare':>7}")
    for name, med, p90 in rows:
        print(f"{name:38} {med:10.1f} {p90:8.1f} {med / base:7.2f}")
    print(f"first render in this process (font loading): {first_ms:.0f} ms")
    ok = rows[1][1] < TARGET_MS
    print(f"target: rejection median < {TARGET_MS:.0f} ms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
