"""The GUI says it waits for another Case Manager's write lock, and Cancel ends the step cleanly."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from casemanager.services.cases import drafts, records
from casemanager.store.models import Case
from tests.factories import new_case
from tests.faults.test_faults import _hold_lock
from ui.case_form.dialog import CaseFormDialog
from ui.wait_notice import WaitCancelled, WaitNotice
from ui.workers import run_in_background


@pytest.fixture(autouse=True)
def _discard_on_teardown(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def test_cancel_while_waiting_ends_the_step_with_nothing_saved(qtbot, ctx, db_path):
    """A write on the GUI thread shows the notice; Cancel stops it with a one-line message."""
    notice = WaitNotice().install(ctx)
    ctx.busy_wait_s = 20.0
    seen: list[str] = []
    QTimer.singleShot(1500, lambda: seen.append(notice.dialog.text.text()))
    QTimer.singleShot(1600, notice.dialog.cancel_button.click)
    holder = _hold_lock(db_path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(WaitCancelled, match="nothing was saved"):
            records.create_case(ctx, new_case())
        assert time.monotonic() - started < 6  # not the 20 s wait
    finally:
        holder.kill()
        holder.wait()
    assert seen and seen[0].startswith("Waiting for another Case Manager")
    assert not notice.showing and Case.select().count() == 0
    records.create_case(ctx, new_case())  # the lock is free: the next step works at once
    assert Case.select().count() == 1


def test_a_background_write_shows_the_notice_until_it_gets_in(qtbot, ctx, db_path):
    """A job waiting for the lock shows the notice, which goes away once the write is done."""
    notice = WaitNotice().install(ctx)
    holder = _hold_lock(db_path, 30)
    done: list[str] = []
    try:
        run_in_background(ctx, lambda: records.create_case(ctx, new_case()).number, done.append)
        qtbot.waitUntil(lambda: notice.showing, timeout=6000)
        assert "another Case Manager" in notice.dialog.text.text()
    finally:
        holder.kill()
        holder.wait()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    qtbot.waitUntil(lambda: not notice.showing, timeout=6000)
    assert Case.select().count() == 1


def test_the_form_keeps_what_was_typed_when_the_wait_is_cancelled(qtbot, ctx, db_path):
    """Saving the case form under a held lock, then Cancel: the form says so, input kept."""
    first = records.create_case(ctx, new_case(customer_name="Asha Rao"))
    draft = drafts.draft_of(ctx, first.number)
    notice = WaitNotice().install(ctx)
    ctx.busy_wait_s = 20.0
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    form.fields.load(draft, drafts.wall_now(ctx, draft.zone))
    QTimer.singleShot(1500, notice.dialog.cancel_button.click)
    holder = _hold_lock(db_path, 30)
    try:
        assert not form.save()
    finally:
        holder.kill()
        holder.wait()
    assert "nothing was saved from this step" in form.message.text()
    assert form.fields.name.text() == "Asha Rao" and form.number is None
    assert Case.select().count() == 1
    assert form.save() and Case.select().count() == 2  # free again: the same input saves
