"""A text layer that copies out as typed, for shaped scripts (Devanagari, Arabic, Hebrew).

Shaping replaces characters by glyphs: a conjunct such as न्द्र becomes one glyph
with no Unicode value of its own (ReportLab maps it to a private-use character),
and the vowel sign ि is drawn before the consonant it follows. Copying such text
out of the PDF gives "मणी\\ue000\\ue001" for "मणीन्द्र". PDF's answer is marked
content with an ``/ActualText`` (PDF 32000-1, 14.9.4): readers, pdftotext and
screen readers take that string instead of the glyphs' own mapping.

ReportLab (5.x) keeps no link from a shaped run back to its text, so this module
records it: each shaped string gets the text it was shaped from, the record
follows the strings as lines are joined, and the letters' text object wraps every
shaped run it draws in ``/Span <</ActualText …>> BDC … EMC``. A run whose text is
unknown (a piece of a word split across lines), or right-to-left, is drawn as before.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph

_ACTUAL = "_cm_actual"  # attribute of a ShapedStr: the text it was shaped from


def actual_of(value: Any) -> str | None:
    """The typed text of a drawn string: its own for plain text, recorded for shaped text."""
    if isinstance(value, ttfonts.ShapedStr):
        return value.__dict__.get(_ACTUAL)
    return str(value) if isinstance(value, str) else None


def _joined(result: Any, *parts: Any) -> Any:
    texts = [actual_of(p) for p in parts]
    if all(t is not None for t in texts):
        result.__dict__[_ACTUAL] = "".join(texts)  # type: ignore[arg-type]
    return result


def _install() -> None:
    shaped = ttfonts.ShapedStr
    if getattr(shaped, "_cm_text_layer", False):
        return
    add, radd = shaped.__add__, shaped.__radd__
    shaped.__add__ = lambda self, other: _joined(add(self, other), self, other)
    shaped.__radd__ = lambda self, other: _joined(radd(self, other), other, self)
    shaped._cm_text_layer = True
    shape_word = paragraph.shapeFragWord

    def recording(w: Any, *args: Any, **kwargs: Any) -> Any:
        """Shape as ReportLab does, then tell each shaped run the text of its clusters."""
        out = shape_word(w, *args, **kwargs)
        if out is w:
            return out
        text = "".join(item[1] for item in w[1:] if isinstance(item, tuple | list))
        runs = [item[1] for item in out[1:] if isinstance(item, tuple | list)]
        runs = [r for r in runs if isinstance(r, shaped) and r.__shapeData__]
        starts = [min(d.cluster for d in r.__shapeData__) for r in runs]
        for i, run in enumerate(runs):
            end = starts[i + 1] if i + 1 < len(runs) else len(text)
            if starts[i] <= end:
                run.__dict__[_ACTUAL] = text[starts[i] : end]
        return out

    paragraph.shapeFragWord = recording


def _rtl_word(word: str) -> bool:
    return _right_to_left(word) and not any(c.isascii() and c.isalnum() for c in word)


def _edge(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"  # punctuation, symbols: neutral


def _pieces(line: str) -> list[str]:
    """White space, and each word split from the punctuation at its edges."""
    out: list[str] = []
    for token in re.split(r"(\s+)", line):
        if not token or token.isspace():
            out.append(token)
            continue
        a, b = 0, len(token)
        while a < b and _edge(token[a]):
            a += 1
        while b > a and _edge(token[b - 1]):
            b -= 1
        out += [token[:a], token[a:b], token[b:]]
    return [p for p in out if p]


def rtl_in_reading_order(text: str) -> str:
    """Each run of right-to-left words within a line, its words in reverse order.

    The letters are left-to-right; shaping sets each Hebrew or Arabic word right to
    left, but ReportLab places the words of a line left to right, so "שלום עולם" would
    read "עולם שלום". Reversing the run's words (white space between them; punctuation
    closing the run kept at its end) puts them in reading order. This is the word level of the
    Unicode bidi algorithm only (numbers inside a run and a run broken across two lines
    keep the left-to-right order), which names and short phrases in a letter need.
    """
    if not _right_to_left(text):
        return text
    lines = []
    for line in text.split("\n"):
        pieces = _pieces(line)
        out: list[str] = []
        i = 0
        while i < len(pieces):
            if not _rtl_word(pieces[i]):
                out.append(pieces[i])
                i += 1
                continue
            j = i  # the run: RTL words joined by white space only
            while j + 2 < len(pieces) and pieces[j + 1].isspace() and _rtl_word(pieces[j + 2]):
                j += 2
            run = pieces[i : j + 1][::-1]
            i = j + 1
            if i < len(pieces) and all(_edge(c) for c in pieces[i]):
                # Punctuation closing the run: shaped with its last word, right to left,
                # it must come first to print at the run's end (its right).
                run[-1] = pieces[i] + run[-1]
                i += 1
            out += run
        lines.append("".join(out))
    return "\n".join(lines)


def _right_to_left(text: str) -> bool:
    # Readers put right-to-left glyphs into reading order themselves and would reverse an
    # ActualText again; shaping there only joins letters, which map back one to one.
    return any(0x0590 <= ord(c) <= 0x08FF or 0xFB1D <= ord(c) <= 0xFEFF for c in text)


class TextObject(PDFTextObject):
    """ReportLab's text object, with every shaped run given its typed text."""

    def _formatText(self, text: Any) -> str:  # noqa: N802 (ReportLab's name)
        code = super()._formatText(text)
        if isinstance(text, ttfonts.ShapedStr):
            actual = actual_of(text)
            if actual is not None and actual != str(text) and not _right_to_left(actual):
                utf16 = ("\ufeff" + actual).encode("utf-16-be").hex().upper()
                return f"/Span <</ActualText <{utf16}>>> BDC {code} EMC"
        return code


_install()
