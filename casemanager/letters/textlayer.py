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

from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph

from casemanager.letters.bidi import has_rtl
from casemanager.letters.fonts import needs_shaping

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
        runs = _font_runs(w)
        if runs is not None:
            return _shaped_per_font(w, runs, lambda word: recording(word, *args, **kwargs))
        _ready_for_private_glyphs(w)
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


def _ready_for_private_glyphs(w: Any) -> None:
    """Every font of a word shaped whole can take a glyph with no character of its own.

    ReportLab gives a font that method the first time it shapes with it; a word shaped
    in its first piece's font and read back through a later piece's font that never
    shaped anything failed with "'TTFont' object has no attribute 'hbAddPrivate'"."""
    for item in w[1:]:
        font = pdfmetrics.getFont(getattr(item[0], "fontName", None) or "Helvetica")
        if isinstance(font, ttfonts.TTFont) and not hasattr(font, "hbAddPrivate"):
            font.hbFont()


def _font_runs(w: Any) -> list[list] | None:
    """A word's (frag, text) pieces in runs of one font; None when it has a single font,
    a special piece (ReportLab places those by position within the word), or
    right-to-left text: ``bidi`` writes such a word for shaping whole, in the direction
    of its first letter, which shaping each font's run alone would not keep."""
    pieces = [item for item in w[1:] if isinstance(item, tuple | list)]
    if len(pieces) != len(w) - 1 or any(hasattr(f, "cbDefn") for f, _t in pieces):
        return None
    if has_rtl("".join(str(t) for _f, t in pieces)):
        return None
    runs: list[list] = []
    for piece in pieces:
        if runs and runs[-1][-1][0].fontName == piece[0].fontName:
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs if len(runs) > 1 else None


def _shaped_per_font(w: Any, runs: list[list], shape: Any) -> Any:
    """A word of several fonts, each run shaped (when its script needs it) in its own font.

    ReportLab shapes a whole word in its first piece's font and reads the glyph ids back
    through each piece's font: "मणीन्द्र张伟" drew the Chinese in Devanagari glyph ids
    (boxes), and a later font that had never shaped failed outright. Clusters are made
    positions in the whole word again, for the text layer."""
    pieces: list = []
    width = 0.0
    offset = 0
    changed = False
    for run in runs:
        run_width = sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in run)
        typed = "".join(str(t) for _f, t in run)
        out = shape([run_width, *run]) if needs_shaping(typed) else None
        if isinstance(out, ttfonts.ShapedFragWord):
            changed = True
            width += out[0]
            for frag, text in out[1:]:
                data = getattr(text, "__shapeData__", None)
                if data:
                    actual = text.__dict__.get(_ACTUAL)
                    moved = [d._replace(cluster=d.cluster + offset) for d in data]
                    text = ttfonts.ShapedStr(str(text), shapeData=moved)
                    if actual is not None:
                        text.__dict__[_ACTUAL] = actual
                pieces.append((frag, text))
        else:
            width += run_width
            pieces.extend(tuple(piece) for piece in run)
        offset += len(typed)
    if not changed:
        return w
    return ttfonts.makeShapedFragWord(w)([width, *pieces])


class TextObject(PDFTextObject):
    """ReportLab's text object, with every shaped run given its typed text."""

    def _formatText(self, text: Any) -> str:  # noqa: N802 (ReportLab's name)
        code = super()._formatText(text)
        if isinstance(text, ttfonts.ShapedStr):
            actual = actual_of(text)
            # Readers put right-to-left glyphs into reading order themselves and would
            # reverse an ActualText again; shaping there only joins letters, which map back.
            if actual is not None and actual != str(text) and not has_rtl(actual):
                utf16 = ("\ufeff" + actual).encode("utf-16-be").hex().upper()
                return f"/Span <</ActualText <{utf16}>>> BDC {code} EMC"
        return code


_install()
