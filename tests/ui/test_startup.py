"""Starting the application as `make run` does, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

START_AND_QUIT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import ui.app
    ui.app.make_application()
    def quit_soon():
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        print("windows:", ",".join(type(w).__name__ for w in windows), flush=True)
        QApplication.instance().quit()
    QTimer.singleShot(500, quit_soon)
    sys.exit(ui.app.run(sys.argv[1]))
    """
)


def test_application_starts_offscreen_on_a_new_database(tmp_path):
    """`make run` on a fresh machine opens the main window on an empty database."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CASEMANAGER_HOME": str(tmp_path)}
    db = tmp_path / "new.sqlite3"
    out = subprocess.run(
        [sys.executable, "-c", START_AND_QUIT, str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "MainWindow" in out.stdout
    assert db.exists()


def test_second_start_on_same_database_is_refused(qtbot, tmp_path):
    """Two windows writing one file would confuse the shop; the second start says so."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from casemanager.store.instance_lock import InstanceLock
    from ui import app

    db = tmp_path / "busy.sqlite3"
    shown: list[str] = []

    def read_and_close_message() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, read_and_close_message)

    with InstanceLock(db):
        QTimer.singleShot(50, read_and_close_message)
        assert app.run(str(db)) == 1
    assert shown and "already has" in shown[0] and str(db) in shown[0]


def test_unreachable_server_is_a_dialog_naming_it_without_the_password(qtbot):
    """A seat pointed at a server that is not there says so in a dialog, not a crash."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.pg_server import _free_port
    from ui import app

    url = f"postgresql://shop:secret@127.0.0.1:{_free_port()}/shop"
    shown: list[str] = []

    def read_and_close_message() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, read_and_close_message)

    QTimer.singleShot(50, read_and_close_message)
    assert app.run(url) == 1
    assert shown and shown[0].startswith(f"cannot connect to {url.replace(':secret', '')}: ")
    assert "secret" not in shown[0] and "refused" in shown[0]


def test_second_start_brings_the_running_window_forward(qtbot):
    """Starting again while the window is hidden behind others raises it instead."""
    from ui.single_instance import InstanceServer, ask_owner_to_raise

    server = InstanceServer("/tmp/some-shop.sqlite3")
    with qtbot.waitSignal(server.raise_requested, timeout=3000):
        assert ask_owner_to_raise("/tmp/some-shop.sqlite3")
