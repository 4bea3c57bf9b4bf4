"""Python's cycle collector runs on the GUI thread only.

A collection can start in whichever thread happens to allocate, a background
job's included. If it then finalises the Python side of a widget caught in a
reference cycle, Qt destroys that widget outside the thread that owns it, and
the process crashes. So automatic collection is switched off and a timer on the
GUI thread collects the generation that has filled up, as often as the
automatic collector would have, about once a second at most. Every few seconds
it also hands the memory freed since back to the system (``memory_release``).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from ui import memory_release

INTERVAL_MS = 1000
RELEASE_EVERY = 5  # collections between releases of freed memory (a few ms each)


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.ticks = 0
        self.releases = 0
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        found = collect_due()
        self.ticks += 1
        if self.ticks % RELEASE_EVERY == 0 and memory_release.release():
            self.releases += 1
        return found


def collect_due() -> int:
    """Collect the oldest generation over its threshold (as gc would); the count found."""
    counts, limits = gc.get_count(), gc.get_threshold()
    full = [g for g in range(3) if counts[g] > limits[g]]
    return gc.collect(full[-1]) if full else 0


_collector: MainThreadCollector | None = None


def install(app: QCoreApplication) -> MainThreadCollector:
    """Once per process: collection moves to the GUI thread of ``app``."""
    global _collector
    if _collector is None:
        _collector = MainThreadCollector(app)
    return _collector
