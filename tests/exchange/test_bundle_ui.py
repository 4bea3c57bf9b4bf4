"""The export dialog: runs off the GUI thread, reports the result, cancels cleanly."""

from __future__ import annotations

import zipfile

from PySide6.QtWidgets import QMessageBox, QWidget

from casemanager.services.cases.records import create_case
from tests.factories import new_case
from ui.export_dialog import ExportRun, default_name, export_cases
from ui.workers import wait_for_all


def test_export_writes_the_bundle_and_says_so(ctx, qtbot, tmp_path):
    """Ctrl+E would not produce a bundle, or finish without telling the user."""
    number = create_case(ctx, new_case()).number
    window = QWidget()
    qtbot.addWidget(window)
    out = tmp_path / default_name([number])
    run = export_cases(window, ctx, [number], out)
    with qtbot.waitSignal(run.finished, timeout=20000) as blocker:
        pass
    assert blocker.args == [out]
    assert "data/case.json" in zipfile.ZipFile(out).namelist()
    assert run.message.icon() == QMessageBox.Icon.Information
    assert out.name in run.message.text()


def test_cancelled_export_leaves_no_file(ctx, qtbot, tmp_path):
    """Cancelling would still leave a (partial) bundle on disk."""
    number = create_case(ctx, new_case()).number
    window = QWidget()
    qtbot.addWidget(window)
    run = ExportRun(window, ctx, [number], tmp_path / "c.zip")
    run.cancel()
    with qtbot.waitSignal(run.finished, timeout=20000) as blocker:
        run.start()
    wait_for_all()
    assert blocker.args == [None]
    assert list(tmp_path.glob("c.zip*")) == []
    assert run.message is None  # a cancel is not an error


def test_failed_export_is_reported(ctx, qtbot, tmp_path):
    """A failing export (e.g. an unknown case) would fail silently."""
    window = QWidget()
    qtbot.addWidget(window)
    run = ExportRun(window, ctx, ["RC-1999-00001"], tmp_path / "x.zip")
    with qtbot.waitSignal(run.finished, timeout=20000):
        run.start()
    assert run.message.icon() == QMessageBox.Icon.Warning
    assert "RC-1999-00001" in run.message.text()
