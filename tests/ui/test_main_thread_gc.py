"""Garbage cycles are collected on the GUI thread, never in a background job's thread."""

from __future__ import annotations

import gc
import weakref

from ui.app import make_application
from ui.main_thread_gc import install


class _Node:
    pass


def test_cycles_are_collected_by_the_gui_timer_not_by_whichever_thread_allocates():
    """A widget caught in a cycle is finalised where Qt allows it: on the GUI thread."""
    app = make_application()
    collector = install(app)
    assert not gc.isenabled() and collector.timer.isActive()
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    kept = [_Node() for _ in range(gc.get_threshold()[0] + 10)]  # fill the youngest generation
    assert gone() is not None  # nothing collected it behind the GUI thread's back
    assert collector.collect() >= 2
    assert gone() is None
    del kept


def _rss_mb() -> float:
    import os

    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_memory_freed_by_closed_views_goes_back_to_the_system():
    """After a burst of work is freed the process shrinks within seconds, instead of
    keeping its peak size for the rest of the session."""
    from ui.main_thread_gc import RELEASE_EVERY

    app = make_application()
    collector = install(app)
    blocks = [bytes(1500) for _ in range(120_000)]  # ~180 MB from the C heap
    kept = blocks[::64]  # one live block in every 96 KB: the heap cannot shrink by itself
    del blocks
    before = _rss_mb()
    for _ in range(RELEASE_EVERY):
        collector.collect()
    assert collector.releases >= 1
    assert _rss_mb() < before - 100, (before, _rss_mb())
    del kept
