"""Each command, and the window up to its first painted list, loads only what it uses.

Start-up is paid on every run: the PostgreSQL driver on a SQLite shop, ReportLab
for a command that draws no PDF, the holidays package for one that computes no
date, or Qt's PDF and chart modules before the first list is painted would each
add a tenth of a second or more. Every check runs a real separate process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casemanager.policy.packs import BUILTIN_DIR, builtin_ids, load_file
from casemanager.services.cases import records
from tests.factories import new_case
from tests.letters import helpers

ROOT = Path(__file__).resolve().parents[1]
MARK = "--- modules ---"
NOT_FOR_SQLITE = ("psycopg", "psycopg_binary")
HEAVY = ("reportlab", "holidays", "PySide6", *NOT_FOR_SQLITE)


def _loaded(code: str) -> set[str]:
    """Names in ``sys.modules`` once ``code`` ran in a fresh interpreter."""
    script = (
        textwrap.dedent(code) + f"\nimport sys\nprint({MARK!r})\nprint('\\n'.join(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split(MARK, 1)[1].split())


def _command(*args: str) -> set[str]:
    return _loaded(f"from casemanager import cli\nassert cli.main({list(args)!r}) == 0\n")


def _packages(loaded: set[str], names: tuple[str, ...]) -> set[str]:
    """Which of the packages ``names`` (or any of their modules) were loaded."""
    return {n for n in names if any(m == n or m.startswith(n + ".") for m in loaded)}


def _commands(loaded: set[str]) -> set[str]:
    return {m for m in loaded if m.startswith("casemanager.commands.") and "._" not in m}


def test_listing_cases_loads_no_driver_pdf_holidays_or_qt(ctx, db_path):
    """`cases --json` on SQLite loaded psycopg, ReportLab and the holiday data it never uses."""
    records.create_case(ctx, new_case())
    ctx.close()
    loaded = _command("cases", "--json", "--db", str(db_path))
    assert _packages(loaded, HEAVY) == set()
    assert _commands(loaded) == {"casemanager.commands.cases"}


def test_csv_loads_its_own_command_and_no_pdf(ctx, db_path, tmp_path):
    """`csv` imported every command (and so ReportLab) because its module has another name."""
    records.create_case(ctx, new_case())
    ctx.close()
    out = tmp_path / "cases.csv"
    loaded = _command("csv", "--view", "all", "--out", str(out), "--db", str(db_path))
    assert out.read_text(encoding="utf-8").count("\n") == 2  # the header and the case
    assert _packages(loaded, HEAVY) == set()
    assert _commands(loaded) == {"casemanager.commands.csv_export"}


def test_a_letter_draws_with_reportlab_and_no_driver_or_qt(ctx, db_path, tmp_path):
    """A rejection letter loaded psycopg, and the urllib, http and ssl of an XML escape."""
    number = helpers.rejected(ctx).number
    ctx.close()
    out = tmp_path / "rejection.pdf"
    loaded = _command(
        "letter", number, "--kind", "rejection", "--out", str(out), "--db", str(db_path)
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "reportlab" in loaded
    assert _packages(loaded, ("PySide6", *NOT_FOR_SQLITE)) == set()
    assert "xml.sax.saxutils" not in loaded and "ssl" not in loaded


def test_a_case_file_export_loads_no_import_path_driver_or_qt(ctx, db_path, tmp_path):
    """Exporting one case loaded the bundle importer (and all recording) and psycopg."""
    number = helpers.rejected(ctx).number
    ctx.close()
    out = tmp_path / "case.zip"
    loaded = _command("export", number, "--out", str(out), "--db", str(db_path))
    assert out.stat().st_size > 0
    assert _packages(loaded, ("PySide6", *NOT_FOR_SQLITE)) == set()
    assert "casemanager.services.files.bundle_import" not in loaded


def test_a_cases_stored_pack_loads_without_the_holiday_data(ctx, db_path):
    """Reading a case's pack re-checked its country against the holidays package (a large
    import) that a letter with no working-day deadline never needs otherwise."""
    number = helpers.rejected(ctx).number
    ctx.close()
    loaded = _loaded(
        f"""
        from casemanager.services.admin import policies
        from casemanager.services.context import AppContext
        from casemanager.store.models import Case
        with AppContext.open({str(db_path)!r}) as c, c.reading():
            case = Case.get(Case.number == {number!r})
            assert case.policy_snapshot_id
            assert policies.pack_for_case(case).calendar.timezone
        """
    )
    assert _packages(loaded, HEAVY) == set()


def test_opening_a_sqlite_context_leaves_the_postgresql_driver_unloaded(ctx, db_path):
    """Every start on SQLite paid for importing psycopg, which Peewee loads when installed."""
    ctx.close()
    loaded = _loaded(
        f"""
        from casemanager.services.context import AppContext
        from casemanager.services.cases import case_list
        with AppContext.open({str(db_path)!r}) as c:
            assert case_list.count(c, case_list.CaseFilter(view="all")) == 0
        """
    )
    assert _packages(loaded, HEAVY) == set()


def test_a_server_url_gives_peewee_the_driver_it_was_imported_without():
    """Opening a PostgreSQL database after a SQLite-only import found no driver."""
    loaded = _loaded(
        """
        from casemanager.store import database
        import peewee
        assert peewee.psycopg is None
        db = database.server_database(database.resolve_target("postgresql://u@localhost/x"))
        assert type(db._adapter) is peewee.Psycopg3Adapter and peewee.psycopg is not None
        assert db._adapter.txn_idle is not None and db._adapter.json_type is not None
        """
    )
    assert "psycopg" in loaded


def test_the_shipped_packs_pass_the_holiday_check_skipped_when_they_load():
    """A shipped pack naming a country without holiday data would load unnoticed."""
    for pack_id in builtin_ids():
        assert load_file(BUILTIN_DIR / f"{pack_id}.json").id == pack_id  # the full check


@pytest.mark.sqlite_only(reason="the desktop window runs its tests on SQLite")
def test_the_first_painted_list_needs_no_pdf_charts_holidays_or_network(ctx, db_path):
    """Start-up loaded ReportLab, QtPdf, the dashboard, the holidays, ldconfig's lookup and
    html's entities before the list showed."""
    records.create_case(ctx, new_case())
    ctx.close()
    loaded = _loaded(
        f"""
        import sys
        from PySide6.QtCore import QEvent, QObject, QTimer
        from casemanager.services.context import AppContext
        from ui.app import make_application
        from ui.main_window import MainWindow

        app = make_application()
        ctx = AppContext.open({str(db_path)!r})
        window = MainWindow(ctx, welcome=False)
        at_paint = []

        class Painted(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and not at_paint:
                    at_paint.extend(sys.modules)
                return False

        spy = Painted()
        window.case_list.table.viewport().installEventFilter(spy)
        window.show()
        model = window.case_list.model
        banded = lambda: bool(model._tick.thresholds)
        QTimer.singleShot(20_000, app.quit)
        check = QTimer(interval=10)
        check.timeout.connect(lambda: app.quit() if at_paint and banded() else None)
        check.start()
        app.exec()
        assert banded(), "the urgency bands never came after the first paint"
        from ui.workers import wait_for_all
        wait_for_all(10_000)
        ctx.close()
        sys.modules = dict.fromkeys(at_paint)  # what the list had loaded when it painted
        """
    )
    assert "ui.case_list.widget" in loaded
    assert _packages(loaded, ("reportlab", "holidays", *NOT_FOR_SQLITE)) == set()
    qt = {"PySide6.QtPdf", "PySide6.QtPrintSupport", "PySide6.QtSvg", "PySide6.QtCharts"}
    assert _packages(loaded, (*qt, "PySide6.QtNetwork")) == set()
    later = {"ui.dashboard.widget", "ui.case_form.dialog", "ui.export_dialog", "ui.help_menu"}
    assert later.isdisjoint(loaded)
    # The allocator's trim is looked up when memory is first released (find_library would
    # run ldconfig), and html's entity table is for the About box.
    assert {"ctypes.util", "html", "html.entities"}.isdisjoint(loaded)


def test_the_window_loads_its_domain_and_library_modules_before_qt():
    """Start-up took ~50 ms longer: PySide6 reads the whole source of each module imported
    after it, and the window's ~120 domain and library modules came after Qt."""
    loaded = _loaded(
        """
        import sys
        import ui
        import PySide6.QtCore
        before = set(sys.modules)
        import ui.app, ui.main_window
        sys.modules = dict.fromkeys(m for m in sys.modules if m not in before)
        """
    )
    ours = ("ui", "PySide6", "shiboken6", "shibokensupport")
    after_qt = {m for m in loaded if m.split(".")[0] not in (*ours, *sys.stdlib_module_names)}
    assert after_qt == set(), "import these in ui/__init__.py"
