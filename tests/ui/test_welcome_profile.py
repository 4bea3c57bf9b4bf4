"""First run asks who the shop is and who is working, so letters can go out signed."""

from __future__ import annotations

from dataclasses import replace

from casemanager.services.admin import settings
from ui.welcome import WelcomeDialog


def test_welcome_stores_the_shop_profile_and_the_users_name(qtbot, ctx):
    """Typing a name, a shop and a contact on the first screen keeps them for the letters."""
    current = settings.load(ctx)
    settings.save(ctx, replace(current, shop=settings.ShopProfile(), user_name=""))
    dialog = WelcomeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.user_name.setText("Meera Iyer")
    dialog.shop_name.setText("Pixel Keys")
    dialog.shop_email.setText("not-an-address")
    dialog.start_empty()
    assert dialog.message.isVisibleTo(dialog) and "e-mail" in dialog.message.text()
    assert not settings.welcomed(ctx)
    dialog.shop_email.setText("help@pixelkeys.in")
    dialog.shop_address.setPlainText("12 MG Road, Bengaluru")
    dialog.start_empty()
    stored = settings.load(ctx)
    assert stored.user_name == "Meera Iyer" and ctx.actor == "Meera Iyer"
    assert (stored.shop.name, stored.shop.email) == ("Pixel Keys", "help@pixelkeys.in")
    assert stored.shop.address == "12 MG Road, Bengaluru" and settings.welcomed(ctx)
