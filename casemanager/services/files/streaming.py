"""What the long exports (CSV, calendar) share: a file written aside, progress, cancel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from casemanager.exchange.bag_writer import ExportCancelled

Progress = Callable[[int, int], None]
EVERY = 1000  # rows between two progress reports and cancel checks

__all__ = ["EVERY", "ExportCancelled", "Progress", "Tally", "written_aside"]


@contextmanager
def written_aside(dest: Path, **text: Any) -> Iterator[IO]:
    """A handle on ``dest.partial``, renamed to ``dest`` when the block succeeds and
    removed otherwise: a failed or cancelled export leaves no file. ``text`` options
    (encoding, newline) open it as text; without them it is binary."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    try:
        with open(partial, "w" if text else "wb", **text) as handle:
            yield handle
        partial.replace(dest)
    finally:
        partial.unlink(missing_ok=True)


class Tally:
    """Counts rows written; every ``EVERY`` rows reports progress and polls for cancel."""

    def __init__(
        self, progress: Progress | None, cancelled: Callable[[], bool] | None, total: int
    ) -> None:
        self.progress, self.cancelled, self.total = progress, cancelled, total
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.done % EVERY == 0:
            self._report()

    def room(self) -> int:
        """Rows until the next report: a batch written in pieces this long reports as rows do."""
        return EVERY - self.done % EVERY

    def add(self, rows: int) -> None:
        """``rows`` more written, no more than ``room()``."""
        self.done += rows
        if self.done % EVERY == 0:
            self._report()

    def finish(self) -> None:
        self._report()

    def _report(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("the export was cancelled; no file was written")
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))
