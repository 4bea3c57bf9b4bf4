"""Hand memory freed by closed views and finished jobs back to the system.

glibc keeps what a process frees in its heaps for reuse, so the resident size of a
long session would keep the high-water mark of every case view, page cache and
count ever read, though the objects are gone. ``release()`` asks the allocator to
return its free pages (``malloc_trim``); the GUI thread's collector calls it every
few seconds. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util


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


def release() -> bool:
    """Return the allocator's free pages to the system; False where that is unsupported."""
    if _trim is None:
        return False
    _trim(0)
    return True
