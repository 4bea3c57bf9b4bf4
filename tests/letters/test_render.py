"""Rendering letters from plain data: text, fonts, escaping, layout limits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casemanager.letters import ClauseQuote, LetterData, Recipient, Shop, render_letter, templates
from casemanager.letters.fonts import markup, uncovered
from casemanager.policy import load_pack
from tests.letters import pdf

PACK = load_pack("antnum")


def _data(**overrides) -> LetterData:
    template = templates.builtin("rejection")
    values = {
        "customer_name": "张伟",
        "case_number": "RC-2026-00042",
        "order_ref": "AN-7",
        "product": "Steam Wallet ₹2,000",
        "policy_name": PACK.name,
        "reported_at": "10 March 2026, 10:00 CST",
        "letter_date": "12 March 2026",
        "shop_name": "Pixel Keys",
        "shop_contact": "help@pixelkeys.in",
        "amount_paid": "₹2,000.00",
        "signer": "Asha Rao",
        "appeal_by": "17 March 2026, 18:00:00 CST",
        "appeal_proof": "payment proof",
        "claim": "Your claim: on 10 March 2026 you told us that the key or code of Steam Wallet "
        "₹2,000 was invalid, already used or expired when it was delivered, for your order AN-7 "
        "of 2 March 2026 (₹2,000.00).",
        "appeal_clause": "clause 5 of our policy",
        "appeal_to": "by e-mail to help@pixelkeys.in",
        "appeal_answer": "We will answer in writing.",
    }
    values.update(overrides.pop("values", {}))
    values["next_steps"] = templates.fill(templates.builtin("next_steps_appeal").body, values)
    clause = PACK.clause("3.1")
    fields = {
        "kind": "rejection",
        "shop": Shop(name="Pixel Keys", address="12 MG Road\nBengaluru", email="help@pixelkeys.in"),
        "recipient": Recipient(name="张伟", email="zhang@example.cn"),
        "date": "12 March 2026",
        "references": (("Case", "RC-2026-00042"), ("Order", "AN-7")),
        "template": template,
        "values": values,
        "reasons": (ClauseQuote(clause.id, clause.title, clause.text),),
        "facts": ("reported 2026-03-10 10:00; the window closed 2026-03-09 23:59:59 CST",),
        "explanation": "Reported a day after the window closed.",
        "signer": "Asha Rao",
        "footer": "RC-2026-00042",
    }
    fields.update(overrides)
    return LetterData(**fields)


def test_rejection_text_can_be_copied_out():
    """The customer can copy clause, quote, facts, appeal deadline, name and ₹ out of the PDF."""
    text = pdf.text(render_letter(_data()).pdf)
    assert "Clause 3.1 — Application Conditions and Time Limit" in text
    assert "within 7 calendar days from the date of transaction" in text
    assert "the window closed 2026-03-09 23:59:59 CST" in text
    assert "Your appeal must reach us by 17 March 2026, 18:00:00 CST" in text
    assert "Dear 张伟," in text and "Steam Wallet ₹2,000" in text
    assert "Page 1 of" in text


def test_every_font_is_embedded():
    """The letter looks the same on any machine: pdffonts lists only embedded fonts."""
    data = _data(explanation="Latin, ₹, 张伟, प्रिया शर्मा, שלום")
    used = pdf.fonts(render_letter(data).pdf)
    assert len(used) >= 3
    assert all(embedded for _name, embedded in used), used


def test_hostile_fields_print_literally():
    """Markup, ampersands, right-to-left text and 10,000 characters print as typed, nothing lost."""
    hostile = '<img src="x.png"/> <font name="Courier" size="40">big</font> A & B &amp; </para>'
    long_word = "x" * 10_000
    data = _data(
        recipient=Recipient(name=hostile),
        explanation=f"{hostile}\nשלום עולם {long_word}",
        values={"customer_name": hostile},
    )
    result = render_letter(data)
    text = pdf.text(result.pdf)
    assert '<img src="x.png"/>' in text
    assert '<font name="Courier" size="40">big</font> A & B &amp; </para>' in text
    # The long word wraps onto many lines (and pages): every character is still there.
    assert sum(len(run) for run in re.findall(r"x{20,}", text)) == 10_000
    assert "שלום" in text and "עולם" in text
    assert result.pages >= 2


def test_long_values_in_letterhead_and_references_wrap():
    """A 10,000-character shop name or product does not stop the letter from rendering."""
    long = "Very long name " * 700
    data = _data(shop=Shop(name=long), references=(("Product", long),))
    result = render_letter(data)
    assert result.pages >= 3


def test_same_input_gives_same_bytes():
    """A letter can be reproduced exactly: no time stamp or random id in the PDF."""
    assert render_letter(_data()).pdf == render_letter(_data()).pdf


def test_markup_escapes_and_switches_fonts():
    """Customer text never becomes markup, and Chinese uses the CJK font."""
    assert markup("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert markup("Mr 张伟") == 'Mr <font name="CM-CJK">张伟</font>'


def test_characters_without_font_are_reported():
    """A character no font can draw is reported, not silently dropped."""
    assert uncovered("Tamil தமிழ் ok ₹ 张") == {"த", "ம", "ி", "ழ", "்"}
    result = render_letter(_data(explanation="தமிழ்"))
    assert "த" in result.missing


def test_template_with_unknown_placeholder_is_refused():
    """A typo in an edited template is named before the template is saved."""
    with pytest.raises(templates.TemplateError, match=r"unknown placeholder \{custmer_name\}"):
        templates.parse("rejection", "Subject: x\n\nDear {custmer_name}", "v")
    with pytest.raises(templates.TemplateError, match="literal braces"):
        templates.parse("approval", "Subject: x\n\nPrice {", "v")


def test_every_builtin_template_parses():
    """Every shipped letter's wording loads and uses only known placeholders."""
    for name in templates.NAMES:
        t = templates.builtin(name)
        assert t.body and t.version.startswith("builtin-")


def test_missing_font_names_the_package(monkeypatch, tmp_path):
    """Without the fonts, the shop is told which package to install instead of a traceback."""
    from casemanager.letters import fonts

    monkeypatch.setattr(fonts, "_SHIPPED", tmp_path)
    files = {name: (f, pkg, tmp_path / "absent.ttf") for name, (f, pkg, _) in fonts._FILES.items()}
    monkeypatch.setattr(fonts, "_FILES", files)
    with pytest.raises(fonts.FontMissingError, match="install the Debian package fonts-droid"):
        fonts.font_path(fonts.CJK)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=120))
def test_any_text_reaches_reportlab_as_literal_text(text):
    """Whatever a customer types, ReportLab parses it as text and gets every character back."""
    from xml.sax.saxutils import unescape

    from reportlab.platypus import Paragraph

    from casemanager.letters.layout import styles

    safe = markup(text)
    plain = re.sub(r'<font name="CM-[A-Za-z]+">|</font>', "", safe)
    assert "<" not in plain and unescape(plain) == text
    Paragraph(safe.replace("\n", "<br/>"), styles()["body"]).wrap(400, 800)
