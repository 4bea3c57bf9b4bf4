"""Keep ``None``, ``True`` and ``False`` alive however many references Qt's bindings drop.

PySide6 6.12 on CPython 3.11 releases one reference too many to ``None`` on every
call of a method that returns nothing (``QWidget.update``, ``QPainter.fillRect``,
``processEvents``...), and to ``True`` on every ``Signal.emit``. A long session
makes millions of such calls, so a count reaches zero and the interpreter aborts
("deallocating None", "deallocating True or False") after a few hundred case
views. CPython 3.12 made these objects immortal; here their counts are raised once,
at start-up before any other thread runs, far beyond what any session could use up.
"""

from __future__ import annotations

import sys

RESERVE = 1 << 48  # a million dropped references a second for eight years
_installed = False


def install() -> None:
    """Once per process, before other threads start."""
    global _installed
    if _installed or sys.version_info >= (3, 12):  # immortal there: nothing to do
        return
    import ctypes

    for constant in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(constant))  # ob_refcnt, the first field
        count.value += RESERVE
    _installed = True
