"""Stored Anti Mart cases carry the law's clocks: case view, deadline sheet, letters."""

from __future__ import annotations

import dataclasses
import datetime as dt

from casemanager.services.admin import settings
from casemanager.services.cases import case_detail
from casemanager.services.cases.records import create_case
from casemanager.services.letters import issuing, letter_reports
from casemanager.services.lifecycle import transitions
from casemanager.store.models import Deadline
from tests.factories import IST, new_case
from tests.letters import helpers, pdf


def test_case_view_shows_the_law_apart_from_the_policy(ctx):
    """The shop could not tell the law's 48 hours from its own policy's clocks."""
    case = create_case(ctx, new_case())
    view = case_detail.overview(ctx, case.number)
    by_name = {d.name: d for d in view.deadlines}
    ack = by_name["statutory_acknowledge_by"]
    assert ack.statutory and ack.set_by == "the law"
    assert by_name["report_window"].set_by == "your policy"
    assert ack.due_at == dt.datetime(2026, 3, 6, 11, 0, tzinfo=IST)
    assert ack.met_by == "acknowledged_at" and by_name["statutory_redress_by"].met_by == (
        "notified_at"
    )
    transitions.transition(
        ctx, case.number, "acknowledge", at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=IST)
    )
    row = Deadline.get((Deadline.case == case.id) & (Deadline.name == "statutory_acknowledge_by"))
    assert row.state == "met"


def test_deadline_sheet_marks_the_law(ctx):
    """The printed sheet would list the law's overdue acknowledgement as a policy clock."""
    create_case(ctx, new_case())
    report = letter_reports.deadline_sheet(ctx, dt.date(2026, 3, 12))
    rows = report.sections[0].table[1:]
    labels = [r[3] for r in rows]
    assert any(label.startswith("The law: Complaint acknowledged") for label in labels)
    assert rows[0][0].startswith("OVERDUE")


def test_antnum_2027_sheet_notes_the_estimated_holidays(ctx, clock):
    """A deadline resting on guessed Spring Festival days would print as certain."""
    clock.set(dt.datetime(2027, 2, 4, 13, 0, tzinfo=dt.UTC))
    purchased = dt.datetime(2027, 2, 1, 10, 0, tzinfo=IST)
    reported = dt.datetime(2027, 2, 4, 18, 0, tzinfo=IST)
    case = helpers.received(
        ctx, purchased_at=purchased, delivered_at=purchased, reported_at=reported
    )
    view = case_detail.overview(ctx, case.number)
    ack = next(d for d in view.deadlines if d.name == "acknowledge_by")
    assert ack.estimated_note and "2027-02-09" in ack.estimated_note
    report = letter_reports.deadline_sheet(ctx, dt.date(2027, 2, 28))
    assert any("Resting on estimated holidays" in line for line in report.sections[0].lines)


def test_antimart_letters_name_the_grievance_officer(ctx):
    """An Anti Mart letter would not name the officer the E-Commerce Rules require."""
    current = settings.load(ctx)
    shop = dataclasses.replace(
        current.shop,
        name="Anti Mart",
        grievance_officer="Asha Rao",
        grievance_designation="Grievance Officer",
        grievance_contact="grievance@antimart.site",
    )
    settings.save(ctx, dataclasses.replace(current, shop=shop))
    assert settings.shop_profile(ctx).grievance_officer == "Asha Rao"
    case = create_case(ctx, new_case())
    text = pdf.text(issuing.preview(ctx, case.number, "acknowledgement").pdf)
    assert "Grievance officer: Asha Rao, Grievance Officer, grievance@antimart.site" in text
    antnum = helpers.received(ctx)
    text = pdf.text(issuing.preview(ctx, antnum.number, "acknowledgement").pdf)
    assert "Asha Rao" not in text  # ANTNUM runs under no such statute
