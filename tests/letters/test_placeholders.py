"""Blanks in a policy's clause texts completed from the shop profile, and said so."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from casemanager.policy import placeholders
from casemanager.policy.packs import load_pack
from casemanager.policy.schema import PackError, parse_pack
from casemanager.services.admin import settings
from casemanager.services.cases.records import create_case
from casemanager.services.letters import issuing
from casemanager.services.lifecycle import transitions
from casemanager.services.lifecycle.decisions import DecisionInput, record_decision
from tests.factories import IST, new_case
from tests.letters import pdf

BLANK = "[Your Support Email Here]"


def _antimart_rejection(ctx):
    """An Anti Mart claim reported after the window, rejected under clause 3."""
    case = create_case(ctx, new_case(reported_at=dt.datetime(2026, 3, 11, 11, 0, tzinfo=IST)))
    for action, hour in (("acknowledge", 12), ("start_review", 13)):
        transitions.transition(
            ctx, case.number, action, at=dt.datetime(2026, 3, 11, hour, 0, tzinfo=IST)
        )
    record_decision(
        ctx,
        case.number,
        DecisionInput(
            "rejected", ["3"], "Reported 9 days after purchase.", decided_by="tester",
            at=dt.datetime(2026, 3, 11, 15, 0, tzinfo=IST),
        ),
    )  # fmt: skip
    return case


def test_anti_mart_clause_3_is_quoted_with_the_shops_address(ctx):
    """The customer is told where to write, not "[Your Support Email Here]", and told why."""
    case = _antimart_rejection(ctx)
    text = pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    assert text.count(BLANK) == 1  # only in the note saying it was completed
    assert "email us at help@testshop.example with your Order ID" in text
    assert (
        f"The policy's text of clause 3 leaves a blank; we completed “{BLANK}” as our e-mail "
        "address, help@testshop.example." in text
    )


def test_a_blank_without_a_profile_value_is_quoted_as_written(ctx):
    """Without an e-mail in the profile the letter quotes the policy as it stands."""
    case = _antimart_rejection(ctx)
    current = settings.load(ctx)
    settings.save(ctx, replace(current, shop=replace(current.shop, email="", phone="1800 123")))
    text = pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    assert "email us at [Your Support Email Here] with" in text and "we completed" not in text


def test_fill_replaces_every_named_blank_once_per_field():
    """Two blanks naming two fields are each completed; an unknown blank is left alone."""
    marks = (
        placeholders.Placeholder("[mail]", "email"),
        placeholders.Placeholder("[web]", "website"),
    )
    text, done = placeholders.fill(
        "Write to [mail] or see [web]; [other].", marks, {"email": "a@b.c"}
    )
    assert text == "Write to a@b.c or see [web]; [other]."
    assert done == (("[mail]", "a@b.c", "our e-mail address"),)


@pytest.mark.parametrize(
    ("entry", "message"),
    [({"text": "[Nowhere]", "field": "email"}, "appears in no clause text"),
     ({"text": BLANK, "field": "fax"}, "'fax' is not one of"),
     ({"text": "", "field": "email"}, "must be a non-empty string")],
)  # fmt: skip
def test_a_pack_naming_a_bad_blank_is_refused_with_the_key(entry, message):
    """A typo in a blank would silently leave it unfilled in every letter."""
    data = json.loads(load_pack("antimart").path.read_text(encoding="utf-8"))
    data["profile_placeholders"] = [entry]
    with pytest.raises(PackError) as caught:
        parse_pack(data)
    assert "profile_placeholders[0]" in str(caught.value) and message in str(caught.value)
