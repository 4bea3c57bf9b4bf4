"""Hand memory freed by closed views and finished jobs back to the system.

glibc keeps what a process frees in its heaps for reuse, so the resident size of a
long session keeps the high-water mark of every case view, page cache and count
ever read, though the objects are gone. After such work ends, ``release_soon()``
asks the allocator once, a moment later, to return its free pages
(``malloc_trim``); calls in between coalesce. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

from PySide6.QtCore import QTimer

DELAY_MS = 250  # after the burst of deletions and callbacks that ends a piece of work


def _trim_function():  # noqa: ANN202 (a ctypes function, or None)
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_trim = _trim_function()
_timer: QTimer | None = None
released = 0  # how many times memory was handed back (for tests)


def release_now() -> bool:
    """Return the allocator's free pages to the system; False where that is unsupported."""
    global released
    if _trim is None:
        return False
    _trim(0)
    released += 1
    return True


def release_soon() -> None:
    """Release once, shortly after the current burst of work (coalesced)."""
    global _timer
    if _trim is None:
        return
    if _timer is None:  # made on the GUI thread, the only one that calls this
        _timer = QTimer()
        _timer.setSingleShot(True)
        _timer.setInterval(DELAY_MS)
        _timer.timeout.connect(release_now)
    _timer.start()
