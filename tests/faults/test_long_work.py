"""Slow work (rendering a letter) happens before the write lock is taken, so other writers
never wait for it."""

from __future__ import annotations

import sqlite3

from casemanager.services.letters import issuing
from tests.letters.helpers import rejected


def test_letter_is_rendered_outside_the_write_transaction(ctx, db_path, monkeypatch):
    """Issuing a letter with a long explanation would block every other writer meanwhile."""
    other_could_write: list[bool] = []
    render = issuing.render_letter

    def watched(data):
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            other_could_write.append(True)
        except sqlite3.OperationalError:  # database is locked: we hold the write lock
            other_could_write.append(False)
        finally:
            other.close()
        return render(data)

    monkeypatch.setattr(issuing, "render_letter", watched)
    number = rejected(ctx, explanation="Reported late. " * 120).number
    issuing.issue(ctx, number, "rejection")
    assert other_could_write == [True]
