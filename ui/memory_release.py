"""Hand memory freed by closed views and finished jobs back to the system.

glibc keeps what a process frees in its heaps for reuse, so the resident size of a
long session would keep the high-water mark of every case view, page cache and
count ever read, though the objects are gone. ``release()`` asks the allocator to
return its free pages (``malloc_trim``); the GUI thread's collector calls it every
few seconds, and a background job when it ends. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_UNKNOWN = object()
_trim: Callable[[int], int] | None | object = _UNKNOWN
_lookup = threading.Lock()


def _trim_function() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` among the symbols the process has loaded, or None.

    Looked up on first use, not at import: ``ctypes`` is not needed before the first
    list paints, and ``ctypes.util.find_library`` would run ``ldconfig``.
    """
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS, Windows)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release() -> bool:
    """Return the allocator's free pages to the system; False where that is unsupported."""
    global _trim
    if _trim is _UNKNOWN:
        with _lookup:
            if _trim is _UNKNOWN:
                _trim = _trim_function()
    if _trim is None:
        return False
    _trim(0)  # type: ignore[operator]
    return True
