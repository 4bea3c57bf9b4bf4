"""The Settings dialog stores the shop profile and names a bad field instead of saving."""

from __future__ import annotations

from casemanager.services.admin import settings
from ui.settings_dialog import SettingsDialog


def test_settings_dialog_saves_shop_profile_and_user_name(qtbot, ctx):
    """The owner's shop name and own name are kept; a bad time zone is pointed out."""
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("Anti Mart")
    dialog.user_name.setText("Meera Iyer")
    dialog.timezone.setCurrentText("Nowhere/Town")
    assert dialog.save() is False
    assert "timezone" in dialog.message.text()
    assert settings.load(ctx).shop.name == "Test Shop"  # unchanged (tests/conftest.py)
    dialog.timezone.setCurrentText("Asia/Kolkata")
    with qtbot.waitSignal(dialog.settings_saved):
        assert dialog.save() is True
    stored = settings.load(ctx)
    assert stored.shop.name == "Anti Mart" and stored.user_name == "Meera Iyer"
    assert ctx.actor == "Meera Iyer"
