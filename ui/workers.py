"""The one way to run slow work off the GUI thread: with the context, then back on it.

``run_in_background(ctx, work, on_success, ...)`` runs ``work()`` in Qt's
thread pool inside ``ctx.worker_session()``: bound to that context's database,
and with the pool thread's connection released when the job ends, so no thread
keeps the file open. The work must not touch widgets; the callbacks run on the
GUI thread through queued signals.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from casemanager.errors import DomainError
from casemanager.services.admin import diagnostics
from casemanager.services.context import AppContext
from ui import memory_release

_running: set[_Job] = set()  # keeps jobs alive until their callbacks ran
_active = 0  # jobs whose work has not returned yet
_active_lock = threading.Lock()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, ctx: AppContext, work: Callable[..., Any], with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.ctx = ctx
        self.work = work
        self.with_progress = with_progress
        self.signals = _Signals()

    def run(self) -> None:
        global _active
        failure: Exception | None = None
        try:
            with self.ctx.worker_session():
                if self.with_progress:
                    result = self.work(
                        lambda done, total: self.signals.progressed.emit(done, total)
                    )
                else:
                    result = self.work()
        except Exception as exc:  # handed to the failure callback on the GUI thread
            exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            if not isinstance(exc, DomainError):  # a bug: its traceback goes to the log
                diagnostics.log_unexpected(type(exc), exc, exc.__traceback__, "background job")
            failure = exc
        finally:
            with _active_lock:  # the work is over before anyone hears of it
                _active -= 1
        if failure is not None:
            self.signals.failed.emit(failure)
        else:
            self.signals.succeeded.emit(result)
        # The job's connection (with its page cache) and whatever the work built are freed
        # now: their pages go back at once (under a millisecond), not at the next release.
        memory_release.release()


def run_in_background(
    ctx: AppContext,
    work: Callable[..., Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[Exception], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    owner: QObject | None = None,
) -> QRunnable:
    """Start ``work()`` (or ``work(progress)`` when ``on_progress`` is given) in the pool.

    With an ``owner`` widget, the callbacks are skipped once it is closed and deleted
    (a preview still decoding when its case view closed).
    """
    global _active
    if not isinstance(ctx, AppContext):  # the work would run unbound, with no database
        raise TypeError(f"run_in_background needs the AppContext first, not {ctx!r}")
    job = _Job(ctx, work, with_progress=on_progress is not None)
    _running.add(job)

    def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
        _running.discard(job)
        _release(job)
        if owner is not None and not shiboken6.isValid(owner):
            return
        if callback is not None:
            callback(value)

    job.signals.succeeded.connect(lambda value: finish(on_success, value))
    job.signals.failed.connect(lambda exc: finish(on_failure or _raise, exc))
    if on_progress is not None:
        job.signals.progressed.connect(
            lambda done, total: (
                on_progress(done, total) if owner is None or shiboken6.isValid(owner) else None
            )
        )
    with _active_lock:
        _active += 1
    # A plain callable: the pool keeps it only while it runs (a QRunnable handed over
    # with autoDelete off would be kept by the binding for the life of the pool).
    QThreadPool.globalInstance().start(job.run)
    return job


def _release(job: _Job) -> None:
    """Let the job's signals object go, and with it its connections: each holds the
    callbacks, and through them the widget that started the job, in a cycle through Qt
    that Python's collector cannot see."""
    job.signals.deleteLater()
    job.work = None


def _raise(exc: Exception) -> None:
    raise exc


def active_jobs() -> int:
    """Jobs whose work is still running (tests fail when one outlives them)."""
    with _active_lock:
        return _active


def pending_work() -> list[str]:
    """Where the jobs not yet reported back were started (what a test left behind)."""
    return sorted(getattr(job.work, "__qualname__", repr(job.work)) for job in _running)


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Block until every background job finished (tests, shutdown)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
