"""Letting a test read the models directly without hiding a service that forgot its context.

A test binds its context with ``bind_for_test(ctx)``: the test's own code may then
use the models, while product code reached without its context still fails.
"""

from __future__ import annotations

import os
import sys
from contextlib import AbstractContextManager
from pathlib import Path

from peewee import Database

from casemanager.services.context import AppContext
from casemanager.store import binding

ROOT = Path(__file__).resolve().parent.parent
_TESTS = str(ROOT / "tests") + os.sep
_PRODUCT = tuple(str(ROOT / d) + os.sep for d in ("casemanager", "ui", "scripts"))
# The store is called by whoever holds the binding; the caller above it decides.
_PASS_THROUGH = (str(ROOT / "casemanager" / "store") + os.sep,)


def _reads_from_tests_only() -> None:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_TESTS):
            return
        if name.startswith(_PRODUCT) and not name.startswith(_PASS_THROUGH):
            raise binding.NotBound(
                f"{name[len(str(ROOT)) + 1 :]}:{frame.f_lineno} ({frame.f_code.co_name}) "
                "reached the database without its context"
            )
        frame = frame.f_back


def bind_for_test(ctx: AppContext) -> AbstractContextManager[Database]:
    """Bind ``ctx`` for the test's own model reads (product code must still bind itself)."""
    return binding.bound(ctx.db, check=_reads_from_tests_only)
