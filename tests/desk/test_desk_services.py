"""Services behind the case form, settings, licence-code masking and the dashboard."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from casemanager.services.admin import settings
from casemanager.services.cases import customers, dashboard, drafts, records, secrets
from casemanager.services.cases.drafts import CaseDraft, DraftError
from casemanager.store.models import AuditEvent, Case, Decision
from tests.conftest import NOW
from tests.factories import new_case


def _draft(**overrides) -> CaseDraft:
    values = dict(
        customer_name="Priya Sharma",
        customer_email="priya@example.in",
        order_ref="AM-1001",
        product_name="Quick Heal Total Security",
        purchased_at=dt.datetime(2026, 3, 2, 10, 0),
        delivered_at=dt.datetime(2026, 3, 2, 10, 1),
        reported_at=dt.datetime(2026, 3, 4, 11, 0),
        zone="Asia/Kolkata",
        amount="1299.00",
        currency="INR",
        reason="invalid_code",
        policy_id="antimart",
    )
    values.update(overrides)
    return CaseDraft(**values)


def test_form_problems_name_each_field():
    """Each mistake is reported against the field the owner must correct."""
    problems = drafts.validate(
        _draft(
            customer_name=" ",
            customer_email="priya.example.in",
            amount="-5",
            delivered_at=dt.datetime(2026, 3, 1, 9, 0),
            reported_at=dt.datetime(2026, 3, 1, 9, 0),
            discovered_at=dt.datetime(2026, 3, 20, 9, 0),
        ),
        NOW,
    )
    assert set(problems) == {
        "customer_name",
        "customer_email",
        "amount",
        "delivered_at",
        "reported_at",
        "discovered_at",
    }
    assert "future" in problems["discovered_at"]
    assert "before the purchase" in problems["reported_at"]
    assert drafts.validate(_draft(), NOW) == {}


def test_wall_times_are_read_in_the_chosen_zone():
    """10:00 typed in Kolkata time is stored as 04:30 UTC."""
    new = drafts.to_new_case(_draft(), NOW)
    assert new.purchased_at.astimezone(dt.UTC) == dt.datetime(2026, 3, 2, 4, 30, tzinfo=dt.UTC)
    shanghai = drafts.to_new_case(_draft(zone="Asia/Shanghai"), NOW)
    assert shanghai.purchased_at.astimezone(dt.UTC).hour == 2


def test_live_assessment_quotes_the_deciding_clause():
    """The panel shows the decision, the clause's own words, evidence and report deadline."""
    view = drafts.assess_draft(_draft())
    assert view.problem == "" and view.decision
    assert view.clause_id and len(view.clause_text) > 20
    assert view.report_deadline is not None
    assert any(item.code == "order_reference" and item.present for item in view.checklist)
    half = drafts.assess_draft(_draft(reason=""))
    assert half.problem_field == "reason" and half.problem


def test_saving_a_draft_creates_then_corrects_the_case(ctx):
    """A saved form is a case; saving it again with changes records a correction."""
    case = drafts.save_draft(ctx, _draft())
    again = drafts.draft_of(ctx, case.number)
    assert again.purchased_at == dt.datetime(2026, 3, 2, 10, 0)
    assert again.amount == "1299.00"
    drafts.save_draft(ctx, dataclasses.replace(again, amount="1000"), case.number, "typo")
    assert Case.get_by_id(case.id).order.amount_paid == Decimal("1000.00")
    with pytest.raises(DraftError) as err:
        drafts.save_draft(ctx, _draft(amount="abc"))
    assert set(err.value.problems) == {"amount"}


def test_known_customer_is_suggested_with_other_cases(ctx):
    """Typing the start of an e-mail offers the customer and lists their other cases."""
    first = records.create_case(ctx, new_case()).number
    (suggestion,) = customers.suggest_by_email(ctx, "PRIYA@")
    assert suggestion.name == "Priya Sharma"
    assert [c.number for c in customers.cases_of(ctx, suggestion.id)] == [first]
    assert customers.cases_of(ctx, suggestion.id, except_number=first) == []
    assert customers.suggest_by_email(ctx, "p_") == []


def test_licence_codes_are_masked_and_reveals_logged(ctx):
    """Lists show only the last four characters; showing the whole code leaves a trace."""
    number = records.create_case(ctx, new_case()).number
    assert secrets.mask("QH7K-2M9P-XX4D-81ZQ") == "•" * 15 + "81ZQ"
    assert secrets.mask("1234") == "••••" and secrets.mask("") == ""
    assert secrets.reveal_license_code(ctx, number, "phone call") == "QH7K-2M9P-XX4D-81ZQ"
    last = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert last.kind == "license_code_revealed" and last.actor == "tester"


def test_settings_round_trip_and_name_bad_fields(ctx, tmp_path):
    """The shop profile is kept for letters; a bad time zone is refused by name."""
    current = settings.load(ctx)
    shop = dataclasses.replace(current.shop, name="Anti Mart", timezone="Asia/Shanghai")
    changed = settings.save(ctx, dataclasses.replace(current, shop=shop, user_name="Meera"))
    assert set(changed) >= {"shop.profile", "user.name"}
    assert settings.load(ctx).shop.name == "Anti Mart" and ctx.actor == "Meera"
    assert settings.save(ctx, settings.load(ctx)) == []
    bad = dataclasses.replace(current, shop=dataclasses.replace(shop, timezone="Mars/Base"))
    with pytest.raises(settings.SettingsError) as err:
        settings.save(ctx, bad)
    assert err.value.field == "timezone"
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG fake")
    assert settings.logo_bytes(ctx, settings.store_logo(ctx, logo)) == b"\x89PNG fake"


def test_dashboard_counts_decisions_per_month(ctx):
    """Approved and rejected decisions and refunds add up per month and currency."""
    case = records.create_case(ctx, new_case())
    for outcome, days, amount in (("approved", 2, "100.00"), ("rejected", 40, None)):
        Decision.create(
            case=case,
            outcome=outcome,
            decided_by="t",
            decided_at=NOW - dt.timedelta(days=days),
            refund_amount=Decimal(amount) if amount else None,
            currency="INR" if amount else None,
        )
    f = dashboard.figures(ctx)
    by_month = {m.month: m for m in f.decisions}
    assert by_month["2026-03"].approved == 1 and by_month["2026-01"].rejected == 1
    assert dict(f.refunds["INR"])["2026-03"] == Decimal("100.00")
    assert f.top_reasons == [("invalid_code", 1)] and f.open_by_status == {"received": 1}
