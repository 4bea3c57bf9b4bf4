"""Run slow work off the GUI thread, then call back on it (success, failure, progress).

The work function runs in Qt's thread pool and must not touch widgets; the
callbacks run on the GUI thread through queued signals.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_running: set[_Job] = set()  # keeps jobs alive until their callbacks ran


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, work: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.with_progress = with_progress
        self.signals = _Signals()

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.work(lambda done, total: self.signals.progressed.emit(done, total))
            else:
                result = self.work()
        except Exception as exc:  # handed to the failure callback on the GUI thread
            exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def run_in_background(
    work: Callable[..., Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> QRunnable:
    """Start ``work()`` (or ``work(progress)`` when ``on_progress`` is given) in the pool."""
    job = _Job(work, with_progress=on_progress is not None)
    _running.add(job)

    def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
        _running.discard(job)
        if callback is not None:
            callback(value)

    job.signals.succeeded.connect(lambda value: finish(on_success, value))
    job.signals.failed.connect(lambda exc: finish(on_failure or _raise, exc))
    if on_progress is not None:
        job.signals.progressed.connect(on_progress)
    QThreadPool.globalInstance().start(job)
    return job


def _raise(exc: Exception) -> None:
    raise exc


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Block until every background job finished (tests, shutdown)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
