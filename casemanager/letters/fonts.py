"""The embedded TrueType fonts of every letter and the per-character fallback between them.

ReportLab embeds (subsets) TrueType fonts with glyf outlines only, so the
fonts are: DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic, the rupee
sign ₹), Droid Sans Fallback (Chinese, Japanese, Korean) and Lohit
Devanagari (Hindi, Marathi). They ship in ``resources/fonts`` with their
licences (Bitstream Vera, Apache 2.0, OFL 1.1); the Debian packages
fonts-dejavu-core, fonts-droid-fallback and fonts-lohit-deva are the second
place we look. Text is split into runs per font, so 张伟 prints in the CJK
font inside a Latin sentence.

Complex scripts (Devanagari conjuncts, Arabic joining, right-to-left order)
need shaping, which ReportLab 5 does through ``uharfbuzz``: ``needs_shaping``
tells which paragraphs get it. Shaped glyphs alone copy out wrongly (a conjunct
has no character of its own), so ``textlayer`` gives each shaped run its typed
text as ``/ActualText``; Devanagari is set ``DEVA_SCALE`` larger to match the
Latin optically. Right-to-left text is shaped per word (Arabic joined) and put in
visual order line by line by ``bidi``. Characters no font covers
are reported by ``uncovered`` (and ``RenderResult.missing``), never dropped
silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape as _escape
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from casemanager.errors import DomainError
from casemanager.paths import resource


def escape(text: str) -> str:
    """XML-escaped as ``xml.sax.saxutils.escape`` does (&, <, >), without the urllib,
    http and ssl modules that importing it loads into every letter's start-up."""
    return _escape(text, quote=False)


SANS = "CM-Sans"
SANS_BOLD = "CM-Sans-Bold"
CJK = "CM-CJK"
DEVA = "CM-Devanagari"

_SHIPPED = resource("fonts")
_SYSTEM = Path("/usr/share/fonts/truetype")
# name -> (file name, Debian package that provides it, its system path)
_FILES = {
    SANS: ("DejaVuSans.ttf", "fonts-dejavu-core", _SYSTEM / "dejavu/DejaVuSans.ttf"),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", "fonts-dejavu-core", _SYSTEM / "dejavu/DejaVuSans-Bold.ttf"),
    CJK: (
        "DroidSansFallbackFull.ttf",
        "fonts-droid-fallback",
        _SYSTEM / "droid/DroidSansFallbackFull.ttf",
    ),
    DEVA: (
        "Lohit-Devanagari.ttf",
        "fonts-lohit-deva",
        _SYSTEM / "lohit-devanagari/Lohit-Devanagari.ttf",
    ),
}
# Lohit Devanagari draws small for its size: its headline (and its own capitals) stand at
# 0.650 em, DejaVu Sans capitals at 0.729 em. Devanagari runs are set this much larger,
# so a Hindi name reads at the size of the Latin text around it.
DEVA_SCALE = 0.729 / 0.650

# Scripts whose glyphs depend on their neighbours: Hebrew, Arabic, Devanagari ... Thai,
# and the Hebrew and Arabic presentation forms (not the vertical, half-mark, CJK
# compatibility and small forms between them at U+FE00–FE6F).
_COMPLEX = (
    (0x0590, 0x08FF),
    (0x0900, 0x0DFF),
    (0x0E00, 0x0EFF),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
)


class FontMissingError(DomainError, RuntimeError):
    """A letter font is neither shipped nor installed."""


@dataclass(frozen=True)
class FontSet:
    sans: str
    bold: str
    cjk: str
    devanagari: str


def font_path(name: str) -> Path:
    """Where the font ``name`` is read from; raises FontMissingError naming the package."""
    file_name, package, system = _FILES[name]
    for candidate in (_SHIPPED / file_name, system):
        if candidate.is_file():
            return candidate
    raise FontMissingError(
        f"letter font {file_name} not found in {_SHIPPED} or {system}; "
        f"install the Debian package {package} (scripts/system-deps.sh does)"
    )


@lru_cache(maxsize=1)
def register() -> FontSet:
    """Register the Latin letter fonts with ReportLab once per process.

    The CJK and Devanagari fonts are registered the first time a text needs them
    (``ensure``): parsing the 4 MB CJK font alone takes most of a second, which a
    letter in Latin script should not pay.
    """
    for name in (SANS, SANS_BOLD):
        ensure(name)
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )
    return FontSet(SANS, SANS_BOLD, CJK, DEVA)


@lru_cache(maxsize=8)
def ensure(name: str) -> str:
    """Register the font ``name`` with ReportLab if it is not yet; its name."""
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    return name


@lru_cache(maxsize=8)
def _charmap(name: str) -> frozenset[int]:
    register()
    ensure(name)
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _font_for(ch: str) -> str | None:
    code = ord(ch)
    if code < 0x80:
        return SANS
    devanagari = 0x0900 <= code <= 0x097F or 0xA8E0 <= code <= 0xA8FF
    for name in (SANS, DEVA, CJK) if devanagari else (SANS, CJK, DEVA):
        if code in _charmap(name):
            return name
    return None


def needs_shaping(text: str) -> bool:
    """Whether ``text`` holds a complex script and shaping is available."""
    if text.isascii() or not _shaping_available():
        return False
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in _COMPLEX)


@lru_cache(maxsize=1)
def _shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401, PLC0415 (optional at run time)
    except ImportError:
        return False
    return True


def _invisible(ch: str) -> bool:
    return ch in "\n\r\t" or 0x200B <= ord(ch) <= 0x200F or 0x202A <= ord(ch) <= 0x202E


def uncovered(text: str) -> set[str]:
    """Characters of ``text`` that no letter font can draw."""
    return {ch for ch in set(text) if not _invisible(ch) and _font_for(ch) is None}


def markup(text: str, size: float | None = None) -> str:
    """``text`` as Paragraph markup: XML-escaped, CJK runs switched to the CJK font.

    ``size``: the paragraph's font size, so Devanagari runs can be set optically equal.

    Every piece of case or template text goes through here, so a customer's
    ``<font>`` or ``&`` prints literally and never reaches ReportLab's parser.
    """
    if text.isascii():
        return escape(text)
    out: list[str] = []
    run: list[str] = []
    run_font = SANS
    for ch in text:
        # Spaces and punctuation stay in the current run; unknown characters in the main font.
        font = run_font if ch.isspace() else (_font_for(ch) or SANS)
        if run and font != run_font:
            out.append(_wrap("".join(run), run_font, size))
            run = []
        run.append(ch)
        run_font = font
    if run:
        out.append(_wrap("".join(run), run_font, size))
    return "".join(out)


def _wrap(chunk: str, font: str, size: float | None) -> str:
    safe = escape(chunk)
    if font == SANS:
        return safe
    if font == DEVA and size:
        return f'<font name="{font}" size="{size * DEVA_SCALE:.2f}">{safe}</font>'
    return f'<font name="{font}">{safe}</font>'
