"""Every document is a tagged PDF whose structure tree reads in order (poppler's pdfinfo)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from casemanager.letters import Report, Shop, SummarySection, render_letter
from casemanager.letters.report import render_report
from casemanager.services.letters import issuing, letter_reports
from tests.letters import helpers, pdf
from tests.letters.test_render import _data


def _types(tree: list[tuple[int, str]]) -> list[str]:
    return [node.split(" ")[0] for _, node in tree if not node.startswith('"')]


def _texts(tree: list[tuple[int, str]]) -> list[str]:
    return [node.strip('"') for _, node in tree if node.startswith('"')]


def test_a_letter_is_tagged_and_its_structure_reads_in_order():
    """A screen reader or a PDF/UA check found no structure: the letter read as one blob."""
    letter = render_letter(_data()).pdf
    assert pdf.info(letter)["Tagged"] == "yes"
    tree = pdf.structure(letter)
    assert tree[0] == (0, "Document")
    types = _types(tree)
    for kind in ("H1", "H2", "BlockQuote", "L", "LI", "P"):
        assert kind in types
    texts = _texts(tree)
    order = [
        next(i for i, t in enumerate(texts) if t.startswith(s))
        for s in ("12 March 2026", "Decision on your claim", "Dear 张伟,", "Clause 3.1",
                  "• Eligible applicants", "•reported 2026-03-10", "Yours sincerely", "Asha Rao")
    ]  # fmt: skip
    assert order == sorted(order)
    # Letterhead and footer are page furniture, not content read aloud.
    assert not any("12 MG Road" in t or "Page 1 of" in t for t in texts)


def test_a_preview_is_tagged_and_its_draft_mark_is_no_content(ctx):
    """The DRAFT mark read aloud as part of the letter, or a preview untagged."""
    case = helpers.rejected(ctx)
    letter = issuing.preview(ctx, case.number, "rejection").pdf
    assert pdf.info(letter)["Tagged"] == "yes"
    texts = " ".join(_texts(pdf.structure(letter)))
    assert "DRAFT" not in texts and "not approved" in texts


def test_a_case_summary_is_tagged_with_its_tables(ctx):
    """The summary's fields reached a reader as loose text, not as a table of label and value."""
    case = helpers.rejected(ctx, customer_name="דוד בן גוריון")
    summary = letter_reports.render_case_summary(ctx, case.number).pdf
    assert pdf.info(summary)["Tagged"] == "yes"
    tree = pdf.structure(summary)
    types = _types(tree)
    assert {"H1", "H2", "Table", "TR", "TH", "TD"} <= set(types)
    texts = _texts(tree)
    assert texts[texts.index("Customer") + 1]  # the value cell follows its label


def test_a_deadline_sheet_over_pages_is_tagged_and_its_heading_row_counted_once():
    """A table's heading row, repeated on each page, was read again on every page."""
    rows = tuple((f"RC-2026-{i:05}", "Decide", "3 March 2026", "") for i in range(90))
    report = Report(
        title="Deadlines", shop=Shop(name="Pixel Keys"), subtitle="1 March 2026", landscape=True,
        sections=(SummarySection("Open", table=(("Case", "What", "Due", "State"), *rows)),),
    )  # fmt: skip
    result = render_report(report)
    assert result.pages >= 3
    assert pdf.info(result.pdf)["Tagged"] == "yes"
    tree = pdf.structure(result.pdf)
    texts = _texts(tree)
    assert texts.count("Case") == 1
    assert [t for t in texts if t.startswith("RC-")] == [r[0] for r in rows]
    assert _types(tree).count("TR") == 91


def test_the_real_deadline_sheet_is_tagged(ctx):
    """The day's deadline sheet printed from the database is tagged like every other document."""
    helpers.rejected(ctx)
    sheet = letter_reports.render_deadline_sheet(ctx, dt.date(2026, 3, 12)).pdf
    assert pdf.info(sheet)["Tagged"] == "yes"
    assert _types(pdf.structure(sheet))[0] == "Document"


def test_tagging_keeps_the_same_letter_byte_identical():
    """Re-rendering an issued letter must give the bytes whose hash was stored."""
    assert render_letter(_data()).pdf == render_letter(_data()).pdf


def test_an_issued_letter_carries_xmp_metadata_matching_it_and_an_srgb_intent(ctx):
    """An archive read the letter's title, author or date from XMP and found none or others."""
    case = helpers.rejected(ctx)
    issued = issuing.issue(ctx, case.number, "rejection")
    data = issuing.letter_pdf(ctx, issued.id)
    info = pdf.info(data)
    assert info["Metadata Stream"] == "yes"
    packet = ET.fromstring(pdf._run("pdfinfo", data, "-meta").split("?>", 1)[1].rsplit("<?", 1)[0])
    found = {el.tag.split("}")[1]: "".join(el.itertext()) for el in packet.iter()}
    assert info["Title"] in found["title"] and info["Author"] == found["creator"]
    when = issued.issued_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert found["CreateDate"] == when
    assert b"/OutputIntents" in data and b"/GTS_PDFA1" in data
