"""Every main widget and dialog, opened on demo-like data, speaks people's words.

The scan walks every visible text (labels, buttons, fields, combo items, table
cells and headers) and fails on an internal code: a snake_case evidence kind,
reason, deadline, status or action name, or a policy pack's id.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from casemanager.services.demo import generate
from casemanager.services.evidence.kind_guess import KindGuess
from casemanager.store.models import Case, Decision, Evidence, Letter
from tests.ui.people_words import codes_on_screen, internal_codes, pack_ids
from tests.ui.test_form_fields import out_of_visual_order
from ui.case_form.dialog import CaseFormDialog
from ui.case_view.view import CaseView
from ui.evidence.add_dialog import AddEvidenceDialog
from ui.letters import LetterPreviewDialog
from ui.letters.templates_dialog import LetterTemplatesDialog
from ui.main_window import MainWindow
from ui.policy_editor.dialog import PolicyEditorDialog
from ui.reminders import RemindersView
from ui.settings_dialog import SettingsDialog
from ui.sign_in import SignInDialog
from ui.welcome import WelcomeDialog
from ui.workers import wait_for_all

CODES = internal_codes()


@pytest.fixture(autouse=True)
def _no_questions(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def demo(ctx):
    generate.generate(ctx, 60, seed=13)
    return ctx


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _varied_cases() -> list[str]:
    """Cases that between them show decisions, appeals, evidence, letters and corrections."""
    picks: list[str] = []
    for query in (
        Case.select().join(Decision).where(Decision.outcome == "rejected"),
        Case.select().join(Decision).where(Decision.outcome == "approved"),
        Case.select().join(Evidence),
        Case.select().join(Letter),
        Case.select().where(Case.status == "appeal_filed"),
        Case.select().where(Case.status == "received"),
        Case.select().where(Case.status == "under_review"),
        Case.select().where(Case.status == "awaiting_customer"),
    ):
        case = query.first()
        if case is not None and case.number not in picks:
            picks.append(case.number)
    return picks


def test_the_main_window_list_dashboard_and_reminders_show_no_codes(qtbot, demo):
    """The case list, sidebar, status bar, dashboard and reminders read as plain words."""
    window = _shown(qtbot, MainWindow(demo, welcome=False))
    qtbot.waitUntil(lambda: bool(window.counts), timeout=5000)
    assert codes_on_screen(window, CODES) == []
    with qtbot.waitSignal(window.dashboard.figures_shown, timeout=5000):
        window.show_dashboard()
    assert codes_on_screen(window, CODES) == []
    reminders = _shown(qtbot, RemindersView(demo))
    assert codes_on_screen(reminders, CODES) == []
    wait_for_all()


def test_case_views_and_their_dialogs_show_no_codes(qtbot, demo):
    """Deadlines, evidence, decisions, letters, history and every action's dialog read plainly."""
    numbers = _varied_cases()
    assert len(numbers) >= 5
    found: list[str] = []
    tab_problems: list[str] = []
    for number in numbers:
        view = _shown(qtbot, CaseView(demo, number))
        view.resize(1280, 900)
        found += [f"{number} view {x}" for x in codes_on_screen(view, CODES)]
        for action in view.view.actions:
            dialog = view.trigger(action.name)
            if dialog is None:
                continue
            qtbot.waitExposed(dialog)
            found += [f"{number} {action.name} {x}" for x in codes_on_screen(dialog, CODES)]
            tab_problems += [f"{action.name}: {x}" for x in out_of_visual_order(dialog)]
            dialog.reject()
        if view.correct_action.isEnabled():
            view.correct_action.trigger()
            dialog = view.correct_dialog
            found += [f"{number} correct {x}" for x in codes_on_screen(dialog, CODES)]
            tab_problems += [f"correct: {x}" for x in out_of_visual_order(dialog)]
            dialog.reject()
        form = _shown(qtbot, CaseFormDialog(demo, number))
        found += [f"{number} form {x}" for x in codes_on_screen(form, CODES)]
        form.reject()
        wait_for_all()
    assert found == [], "\n".join(found)
    assert tab_problems == [], "\n".join(tab_problems)


def test_shop_wide_dialogs_show_no_codes_and_tab_in_reading_order(qtbot, demo):
    """Settings, policies, a new case and adding evidence read plainly and tab in order."""
    evidence = AddEvidenceDialog(
        [
            KindGuess("screenshot.png", "error_screenshot", "", "PNG image"),
            KindGuess("order.txt", "other", "", "Text"),
        ],
        [("error_screenshot", "Screenshot of the error message"), ("other", "Other")],
        dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC),
    )
    for dialog in (
        SettingsDialog(demo),
        PolicyEditorDialog(demo),
        CaseFormDialog(demo),
        evidence,
        WelcomeDialog(demo),
        LetterTemplatesDialog(demo),
        SignInDialog(demo),
    ):
        _shown(qtbot, dialog)
        # The policy editor edits packs: their ids are what it is about.
        codes = CODES - pack_ids() if isinstance(dialog, PolicyEditorDialog) else CODES
        assert codes_on_screen(dialog, codes) == [], type(dialog).__name__
        assert out_of_visual_order(dialog) == [], type(dialog).__name__
        if isinstance(dialog, QDialog):
            dialog.reject()
    wait_for_all()
    QApplication.processEvents()


def test_the_letter_preview_shows_no_codes_and_tabs_in_order(qtbot, demo):
    """Writing a letter offers its kinds by name and reads plainly."""
    number = _varied_cases()[0]
    dialog = LetterPreviewDialog(demo, number)
    with qtbot.waitSignal(dialog.preview_rendered, timeout=20000):
        _shown(qtbot, dialog)
    assert codes_on_screen(dialog, CODES) == []
    assert out_of_visual_order(dialog) == []
    dialog.reject()
    wait_for_all()


def test_the_scan_finds_a_code_left_on_screen(qtbot):
    """A label still showing a code is caught, so the scan above cannot pass by accident."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    top = QWidget()
    layout = QVBoxLayout(top)
    layout.addWidget(QLabel("Missing evidence: error_screenshot"))
    layout.addWidget(QLabel("File: error_screenshot.png"))  # a file name is not a code
    _shown(qtbot, top)
    (found,) = codes_on_screen(top, CODES)
    assert "error_screenshot" in found and "Missing evidence" in found


def test_mail_and_order_dialogs_show_no_codes_and_tab_in_reading_order(qtbot, demo):
    """Reviewing a mail, importing or finding orders and the mail text read plainly and tab
    in the order they are drawn."""
    from pathlib import Path

    from casemanager.services.cases import mail_intake
    from tests.mail import corpus
    from ui.mail.review import MailReviewDialog
    from ui.mail.template_dialog import MailTemplateDialog
    from ui.orders.import_dialog import OrderImportDialog
    from ui.orders.orders_view import OrdersDialog

    samples = Path(__file__).parents[1] / "orders" / "samples"
    dialogs = (
        MailReviewDialog(demo, mail_intake.draft_from_mail(demo, corpus.plain())),
        OrderImportDialog(demo, samples / "razorpay_payments.csv"),
        OrdersDialog(demo),
        MailTemplateDialog(demo),
    )
    for dialog in dialogs:
        _shown(qtbot, dialog)
        wait_for_all()
        assert codes_on_screen(dialog, CODES) == [], type(dialog).__name__
        assert out_of_visual_order(dialog) == [], type(dialog).__name__
        dialog.reject()
    wait_for_all()
