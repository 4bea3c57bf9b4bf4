"""A background job hands the memory it freed back to the system as soon as it ends."""

from __future__ import annotations

import os

from ui.workers import active_jobs, run_in_background, wait_for_all

MB = 2**20


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_memory_a_job_freed_is_returned_when_it_ends(qtbot, ctx):
    """A job that built 120 MB and let it go leaves the resident size where it was (the
    allocator would otherwise keep those pages, held in place by what the job kept)."""
    kept: list[bytearray] = []

    def work() -> int:
        # Interleaved with small blocks that stay alive, the freed large ones are holes in
        # the heap that only an explicit trim gives back.
        big = []
        for _ in range(2_000):
            big.append(bytearray(60_000))  # under the size glibc maps on its own
            kept.append(bytearray(600))
        del big
        return 0

    done: list[int] = []
    run_in_background(ctx, lambda: 0, done.append)  # the pool thread and its arena exist
    qtbot.waitUntil(lambda: bool(done) and active_jobs() == 0, timeout=20000)
    wait_for_all()
    before = _rss()
    run_in_background(ctx, work, done.append)
    qtbot.waitUntil(lambda: len(done) == 2 and active_jobs() == 0, timeout=20000)
    wait_for_all()
    assert _rss() - before < 40 * MB, (_rss() - before) / MB
