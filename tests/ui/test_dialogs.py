"""Every dialog shares one base: it comes back where it was left, and refusals look alike."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

import ui
from casemanager.services.lifecycle.transitions import ACTIONS
from ui import theme
from ui.base_dialog import BaseDialog
from ui.case_form.dialog import CaseFormDialog
from ui.case_view import dialogs
from ui.case_view.actions import SHORTCUTS
from ui.settings_dialog import SettingsDialog
from ui.welcome import WelcomeDialog


def _ui_dialog_classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, QDialog):
                found.append(cls)
    return found


def test_every_dialog_in_ui_derives_from_the_base_dialog():
    """A new dialog that forgets the base would open off-size, modeless, in its own red."""
    classes = _ui_dialog_classes()
    assert {c.__name__ for c in classes} >= {
        "SettingsDialog",
        "CaseFormDialog",
        "FormDialog",
        "DecisionDialog",
        "LetterPreviewDialog",
        "LetterTemplatesDialog",
        "WelcomeDialog",
        "AddEvidenceDialog",
    }
    assert [c.__qualname__ for c in classes if not issubclass(c, BaseDialog)] == []


def test_a_dialog_comes_back_with_the_size_it_was_left_at(qtbot, ctx):
    """Settings resized once opens at that size next time; another dialog keeps its own."""
    QSettings().remove(SettingsDialog.settings_key())
    first = SettingsDialog(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 740)
    first.reject()
    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (720, 740)
    assert WelcomeDialog.settings_key() != SettingsDialog.settings_key()
    welcome = WelcomeDialog(ctx)
    qtbot.addWidget(welcome)
    welcome.show()
    assert (welcome.width(), welcome.height()) != (720, 740)


def test_case_form_keeps_its_remembered_size_and_stays_modeless(qtbot, ctx, monkeypatch):
    """The case form still reads the size remembered before, and other windows stay usable."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    assert CaseFormDialog.settings_key() == "case_form/geometry"
    form = CaseFormDialog(ctx)
    qtbot.addWidget(form)
    assert form.windowModality() == Qt.WindowModality.NonModal
    form.show()
    form.resize(780, 560)
    form.reject()
    again = CaseFormDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (780, 560)


def test_case_view_dialogs_block_only_their_window(qtbot):
    """A decision dialog blocks its own window, not every open case."""
    dialog = dialogs.note_dialog("Close case", "Note", False)
    qtbot.addWidget(dialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal


def test_refusals_use_the_theme_error_style(qtbot, ctx):
    """The settings, the case form (per field too) and the case dialogs show errors alike."""
    settings = SettingsDialog(ctx)
    form = CaseFormDialog(ctx)
    note = dialogs.note_dialog("Close case", "Note", False)
    for widget in (settings, form, note):
        qtbot.addWidget(widget)
    labels = [settings.message, form.message, note.error, *form.fields.errors.values()]
    assert {label.styleSheet() for label in labels} == {theme.error_style()}
    assert theme.error_colour() in theme.error_style()


def test_every_lifecycle_action_has_exactly_one_shortcut():
    """Each action the service knows is reachable from the keyboard, and nothing stale is."""
    assert set(SHORTCUTS) == set(ACTIONS)
    assert len(set(SHORTCUTS.values())) == len(SHORTCUTS)
