"""Saving what a form was opened on after someone else saved: refused, naming them."""

from __future__ import annotations

import dataclasses

import pytest

from casemanager.services.admin import settings
from casemanager.services.cases import drafts, edits, records
from casemanager.store.models import Case
from tests.factories import new_case


def test_a_case_saved_meanwhile_refuses_the_older_form(ctx):
    """A correction from a form opened before another save is refused with who and what;
    the other save stays; the form's version of now saves."""
    number = records.create_case(ctx, new_case()).number
    _, opened = drafts.open_draft(ctx, number)
    ctx.actor = "Meera"
    records.update_case(ctx, number, new_case(description="Called: key fails"), "call", opened)
    ctx.actor = "tester"
    with pytest.raises(edits.StaleEdit) as stale:
        records.update_case(ctx, number, new_case(customer_name="P. Sharma"), "typo", opened)
    assert "Meera" in str(stale.value) and "description" in str(stale.value)
    case = Case.get(Case.number == number)
    assert (case.description, case.customer.name) == ("Called: key fails", "Priya Sharma")
    records.update_case(
        ctx, number, new_case(customer_name="P. Sharma"), "typo", stale.value.current
    )
    assert Case.get(Case.number == number).customer.name == "P. Sharma"


def test_a_decision_taken_meanwhile_makes_the_form_stale(ctx):
    """Any save of the case (here a transition by another seat) makes an open form stale."""
    from casemanager.services.lifecycle import transitions

    number = records.create_case(ctx, new_case()).number
    _, opened = drafts.open_draft(ctx, number)
    transitions.transition(ctx, number, "acknowledge")
    with pytest.raises(edits.StaleEdit, match="acknowledged|acknowledge"):
        records.update_case(ctx, number, new_case(description="x"), "n", opened)


def test_settings_saved_meanwhile_refuse_the_older_dialog(ctx):
    """Two settings dialogs opened at once: the second save is refused, the first kept."""
    first, second = settings.load(ctx), settings.load(ctx)
    ctx.actor = "Meera"
    shop = dataclasses.replace(first.shop, phone="+91 80 5555 0101")
    settings.save(ctx, dataclasses.replace(first, shop=shop))
    ctx.actor = "tester"
    with pytest.raises(settings.StaleSettings, match="Meera"):
        settings.save(ctx, dataclasses.replace(second, default_policy="antnum"))
    now = settings.load(ctx)
    assert (now.shop.phone, now.default_policy) == ("+91 80 5555 0101", "antimart")
    settings.save(ctx, dataclasses.replace(now, default_policy="antnum"))
    assert settings.load(ctx).default_policy == "antnum"
