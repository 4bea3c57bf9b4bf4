"""The SQLite connections' memory is bounded: a small page cache off the main thread, no mmap."""

from __future__ import annotations

import threading

import pytest

from casemanager.store import database

pytestmark = pytest.mark.sqlite_only("page cache and mmap are settings of a SQLite connection")


def _settings(ctx) -> tuple[int, int]:
    cache = ctx.db.execute_sql("PRAGMA cache_size").fetchone()[0]
    mmap = ctx.db.execute_sql("PRAGMA mmap_size").fetchone()[0]
    return cache, mmap


def test_main_thread_connection_keeps_a_bounded_cache_and_maps_nothing(ctx):
    """The window's own connection caches at most 32 MB of pages and maps none of the
    file, so a large file does not swell the resident size."""
    assert _settings(ctx) == (-32000, 0)
    assert database.SQLITE_PRAGMAS["cache_size"] == -32000


def test_background_connection_keeps_a_small_cache(ctx):
    """A background job's connection (closed when the job ends) caches at most 8 MB, so a
    count or a page layout over a large file does not add another large cache to the peak."""
    found: list[tuple[int, int]] = []

    def job() -> None:
        with ctx.worker_session():
            found.append(_settings(ctx))

    worker = threading.Thread(target=job)
    worker.start()
    worker.join()
    assert found == [(-database.WORKER_CACHE_KIB, 0)]
    assert database.WORKER_CACHE_KIB == 8000
    assert _settings(ctx) == (-32000, 0)  # the main thread's connection keeps its own
