"""Every letter a sample case offers renders, with fonts embedded and coherent decisions."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

import pytest

from casemanager.clock import FixedClock
from casemanager.policy.decision_rules import remedies_for
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.cases import records
from casemanager.services.context import AppContext
from casemanager.services.demo import generate
from casemanager.services.letters import issuing, letter_reports
from casemanager.store.models import Case, Decision
from tests.binding import bind_for_test
from tests.factories import new_case
from tests.letters import pdf

NOW = dt.datetime(2026, 3, 12, 6, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-letters")
    ctx = AppContext.open(str(folder / "d.sqlite3"), clock=FixedClock(NOW), backups=folder / "b")
    generate.generate(ctx, 90, seed=5)
    yield ctx
    ctx.close()


def _pdfinfo(data: bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return {k.strip(): v.strip() for k, _, v in (x.partition(":") for x in out.stdout.splitlines())}


def test_every_offered_kind_renders_for_every_status_with_fonts_embedded(demo):
    """Whatever the case's status, each letter offered renders, embeds its fonts, names the shop."""
    with bind_for_test(demo):
        cases = [(c.number, c.status) for c in Case.select().order_by(Case.id)]
    seen: set[tuple[str, str]] = set()
    for number, status in cases:
        for kind in issuing.available_kinds(demo, number):
            result = issuing.preview(demo, number, kind)
            assert all(embedded for _name, embedded in pdf.fonts(result.pdf)), (number, kind)
            seen.add((status, kind))
    kinds = {kind for _status, kind in seen}
    assert kinds == set(issuing.KINDS)
    assert len({status for status, _ in seen}) >= 15
    info = _pdfinfo(issuing.preview(demo, cases[0][0], "acknowledgement").pdf)
    assert info["Author"] == "Keystone Digital Goods"


def test_sample_decisions_follow_the_policy_or_record_a_finding(demo):
    """No sample rejection of an eligible claim lacks a finding; every remedy is the reason's."""
    with bind_for_test(demo):
        rows = list(Decision.select())
        assert rows
        for d in rows:
            if d.outcome == "rejected" and d.assessment_snapshot["decision"] == "eligible":
                assert d.override_finding and d.override_evidence, d.case.number
            if d.outcome == "approved":
                assert d.remedy in remedies_for(pack_for_case(d.case), d.case.reason)
                assert d.decided_by in ("Asha Verma", "Rahul Menon")
        assert any(d.override_finding for d in rows)
        assert not any("demo data" in d.explanation for d in rows)


def test_summaries_and_deadline_sheet_embed_every_font_and_mark_overdue(demo):
    """Case summaries and the deadline sheet embed their fonts; overdue rows say so."""
    with bind_for_test(demo):
        number = Case.select().first().number
    summary = letter_reports.render_case_summary(demo, number).pdf
    assert all(embedded for _name, embedded in pdf.fonts(summary))
    sheet = letter_reports.render_deadline_sheet(demo, NOW.date()).pdf
    assert all(embedded for _name, embedded in pdf.fonts(sheet))
    assert "OVERDUE" in pdf.text(sheet)


def test_a_ten_thousand_character_description_renders_in_summary(ctx):
    """A very long description never breaks the case summary."""
    case = records.create_case(ctx, new_case(description="The key fails. " * 700))
    result = letter_reports.render_case_summary(ctx, case.number)
    assert result.pages >= 2 and "The key fails." in pdf.text(result.pdf)
