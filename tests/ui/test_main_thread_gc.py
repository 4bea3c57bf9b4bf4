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
