"""Names in shaped scripts copy out of a letter as typed, and Hindi reads at the Latin size."""

from __future__ import annotations

import base64
import re
import unicodedata
import zlib

import pytest

from casemanager.letters import fonts
from casemanager.letters.bidi import visual_line
from casemanager.letters.layout import build, para
from casemanager.services.letters import issuing
from tests.letters import helpers, pdf

NAMES = ["मणीन्द्र हजारिका", "दामोदर बलासुब्रमानियम", "श्रीमती क्षिप्रा त्रिवेदी", "张伟"]


def _streams(data: bytes) -> str:
    """The page content streams of a ReportLab PDF, inflated."""
    out = []
    for m in re.finditer(rb"stream\s(.*?)endstream", data, re.S):
        raw = m.group(1).strip()
        if raw.endswith(b"~>"):  # ReportLab's ASCII85 page streams
            raw = base64.a85decode(raw[:-2].replace(b"\n", b""))
        try:
            out.append(zlib.decompress(raw).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


@pytest.mark.parametrize("name", NAMES)
def test_a_shaped_name_copies_out_as_typed(name):
    """Copying मणीन्द्र हजारिका out of a letter gave "मणी हजारका" (conjuncts and vowels lost)."""
    data, _ = build([para(f"Dear {name}, thank you.")], title="t", footer="f")
    assert f"Dear {name}, thank you." in pdf.text(data)


def test_hindi_is_set_at_the_optical_size_of_the_latin_beside_it():
    """Hindi was drawn visibly smaller than the Latin text of the same line."""
    data, _ = build([para("Dear मणीन्द्र हजारिका")], title="t", footer="f")
    sizes = {float(s) for s in re.findall(r" ([\d.]+) Tf", _streams(data))}
    assert 10 in sizes and round(10 * fonts.DEVA_SCALE, 2) in {round(s, 2) for s in sizes}
    assert 1.11 < fonts.DEVA_SCALE < 1.13


def test_a_letter_to_a_hindi_name_copies_out_with_the_database_spelling(ctx):
    """The customer's name as stored is the name a reader copies out of the letter."""
    case = helpers.rejected(ctx, customer_name="मणीन्द्र हजारिका", customer_email="m@example.in")
    text = pdf.text(issuing.preview(ctx, case.number, "rejection").pdf)
    assert "Dear मणीन्द्र हजारिका," in text
    assert "\ue000" not in text and not any(0xE000 <= ord(c) <= 0xF8FF for c in text)


def _read(text: str) -> str:
    """What a reader's copy holds: poppler marks right-to-left runs (RLE…PDF), and Arabic
    comes out in presentation forms that NFKC folds back to the letters typed."""
    return unicodedata.normalize("NFKC", text.replace("\u202b", "").replace("\u202c", " "))


@pytest.mark.parametrize("name", ["שלום עולם", "דוד בן גוריון", "مرحبا بالعالم", "محمد بن سلمان"])
def test_right_to_left_names_read_in_their_order(name):
    """Hebrew and Arabic names came out (and read on paper) with their words reversed."""
    data, _ = build([para(f"Dear {name}, thank you.")], title="t", footer="f")
    assert f"Dear {name} , thank you." in " ".join(_read(pdf.text(data)).split())


def test_each_line_is_put_in_visual_order_by_the_bidi_algorithm():
    """A number or a Latin word inside a Hebrew run stood outside it, or read backwards."""
    # Words in visual order; a Hebrew word keeps its letters (and the punctuation it is
    # shaped with) in typed order, as shaping sets it right to left.
    assert visual_line("Case 42: שלום עולם, דוד", 0) == "Case 42: דוד עולם, שלום"
    assert visual_line("רחוב הרצל 12, תל אביב", 0) == "אביב תל ,12 הרצל רחוב"
    assert visual_line("קוד Steam Wallet פגום", 1) == "פגום Steam Wallet קוד"
    # A number against a Hebrew letter is one word to shaping, given so that it shows 12.
    assert visual_line("הוזמן ב-12 במרץ", 1) == "במרץ ב-21 הוזמן"
    assert visual_line("plain text", 0) == "plain text"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _read(text))


HEBREW = (
    "כתובת הלקוח: רחוב הרצל 12, תל אביב, דירה 4. הקוד של Steam Wallet שנמסר ב-12 במרץ "
    "לא עבד כלל, והלקוח פנה אלינו שלוש פעמים בתוך יומיים כדי לקבל קוד חדש או החזר כספי מלא."
)
ARABIC = (
    "العنوان: شارع الملك فهد 45، الرياض. رمز Steam Wallet الذي وصل في الطلب 4471 لم يعمل "
    "أبدا، وقد تواصل العميل معنا ثلاث مرات خلال يومين للحصول على رمز جديد أو استرداد كامل."
)


@pytest.mark.parametrize("text", [HEBREW, ARABIC])
def test_a_right_to_left_paragraph_over_lines_reads_in_order_with_its_numbers(text):
    """A long Hebrew or Arabic note with numbers and a product name copied out scrambled."""
    data, _ = build([para(text)], title="t", footer="f")
    copied = pdf._run("pdftotext", data).split("\f")[0]
    lines = [x for x in copied.splitlines() if x.strip()][:-2]  # without the footer
    assert len(lines) >= 2  # the run is broken across lines
    assert _words(" ".join(lines)) == _words(text)


@pytest.mark.parametrize("name", ["मणीन्द्र हजारिका", "张伟", "דוד בן גוריון", "محمد بن سلمان"])
def test_names_in_four_scripts_copy_out_of_a_letter_as_stored(ctx, name):
    """The customer's name copied out of the letter differed from the one in the database."""
    case = helpers.rejected(ctx, customer_name=name, customer_email="c@example.com")
    letter = issuing.preview(ctx, case.number, "rejection").pdf
    assert f"Dear {name} ," in " ".join(_read(pdf.text(letter)).replace(",", " ,").split())


def test_a_right_to_left_paragraph_over_pages_reads_on_and_stays_one_paragraph():
    """A long Hebrew description split over pages lost or repeated words where it broke."""
    text = " ".join(f"{HEBREW} {i}" for i in range(40))
    data, pages = build([para(text)], title="t", footer="f")
    assert pages >= 2
    body = []
    for page in pdf._run("pdftotext", data).split("\f"):
        body += [x for x in page.splitlines() if x.strip()][:-2]  # without the footer
    assert _words(" ".join(body)) == _words(text)
    assert sum(1 for _, node in pdf.structure(data) if node.startswith("P ")) == 1


def test_a_word_of_several_fonts_is_shaped_in_each_of_them():
    """ "मणीन्द्र张伟" drew its Chinese with Devanagari glyph ids (boxes that copy out as
    private characters), and "Þ︘" or "נמסתה張伟" in a shaped paragraph stopped the letter
    with "'TTFont' object has no attribute 'hbAddPrivate'"."""
    story = [para("Dear मणीन्द्र张伟. नमस्ते"), para("Þ︘ שלום"), para("מרחב︘ נמסתה張伟")]
    data, pages = build(story, title="t", footer="f")
    text = pdf.text(data)
    assert pages == 1 and "मणीन्द्र张伟." in text and "\ue000" not in text.split("Þ")[0]
    assert "שלום" in text.replace("\u202b", "").replace("\u202c", "")
