"""Page furniture shared by letters and reports: styles, letterhead, "Page n of m"."""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from casemanager.letters import bidi, fonts
from casemanager.letters.archival import add_archival_parts
from casemanager.letters.fonts import markup
from casemanager.letters.model import Shop
from casemanager.letters.tagging import (
    ARTIFACT,
    ArtifactImage,
    ArtifactRule,
    Node,
    StructTree,
    TaggedParagraph,
    give_struct_parents,
    marked,
    write_tree,
)
from casemanager.letters.textlayer import TextObject

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6673")
RULE = colors.HexColor("#b8c2cc")
ACCENT = colors.HexColor("#2c4a6b")
MARGIN = 20 * mm


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    f = fonts.register()
    base = ParagraphStyle(
        "body",
        fontName=f.sans,
        bulletFontName=f.sans,
        fontSize=10,
        leading=14,
        textColor=INK,
        spaceAfter=7,
    )
    return {
        "body": base,
        "shop": ParagraphStyle(
            "shop", parent=base, fontName=f.bold, fontSize=16, leading=20, textColor=ACCENT,
            spaceAfter=2,
        ),
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=0
        ),
        "date": ParagraphStyle("date", parent=base, alignment=TA_RIGHT, spaceAfter=10),
        "address": ParagraphStyle("address", parent=base, spaceAfter=0),
        "subject": ParagraphStyle(
            "subject", parent=base, fontName=f.bold, fontSize=11.5, leading=15, spaceBefore=10,
            spaceAfter=10,
        ),
        "clause": ParagraphStyle(
            "clause", parent=base, fontName=f.bold, spaceBefore=4, spaceAfter=2, leftIndent=8
        ),
        # The operative text of the policy: body colour and size, set off by a rule-like indent.
        "quote": ParagraphStyle("quote", parent=base, leftIndent=8, spaceAfter=8),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=16, bulletIndent=6, spaceAfter=3
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=f.bold, fontSize=11, leading=14, spaceBefore=8,
            textColor=ACCENT,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cellhead": ParagraphStyle(
            "cellhead", parent=base, fontName=f.bold, fontSize=8.5, leading=10.5, spaceAfter=0
        ),
    }  # fmt: skip


def para(
    text: str, style: str = "body", bullet: str | None = None, tag: Node | str | None = "P"
) -> Paragraph:
    """A paragraph of plain text: escaped, each script in its font, line breaks kept.

    ``tag``: its structure element (a ``Node``, or a type such as ``"H1"`` for a new
    one), ``"Artifact"`` for page furniture, None for a part of something marked.
    """
    chosen = shaped(style) if fonts.needs_shaping(text) else styles()[style]
    out: TaggedParagraph
    if bidi.has_rtl(text):
        if bidi.base_level(text) == 1 and chosen.alignment == TA_LEFT:
            chosen = _right_aligned(chosen)  # a right-to-left paragraph starts at the right
        # Words are what is reordered: a no-break space would hide one from the reordering.
        logical = text.replace("\xa0", " ")
        out = _ReadingOrder(_markup(logical, chosen), chosen, bulletText=bullet)
        out.logical = logical
    else:
        out = TaggedParagraph(_markup(text, chosen), chosen, bulletText=bullet)
    out.node = Node(tag) if isinstance(tag, str) and tag != ARTIFACT else tag
    if isinstance(out.node, Node) and out.node.actual is None:
        out.node.actual = " ".join(text.split())
    return out


@lru_cache(maxsize=32)
def _right_aligned(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)


def _markup(text: str, style: ParagraphStyle) -> str:
    return markup(text, style.fontSize).replace("\n", "<br/>")


class _ReadingOrder(TaggedParagraph):
    """A paragraph with right-to-left text: broken into lines, then each line in visual order.

    Breaking first and reordering after is what the bidi algorithm asks (UAX #9, L2 per
    line): the words of each line keep their widths, so the reordered lines break where
    the logical ones did and are set with those breaks.
    """

    logical: str | None = None  # None in the halves of a split: they hold visual lines
    _width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self.logical is not None and availWidth != self._width:
            self._width = availWidth
            lines = bidi.visual_lines(self._lines(availWidth))
            Paragraph.__init__(
                self, _markup("\n".join(lines), self.style), self.style, self.bulletText
            )
        return super().wrap(availWidth, availHeight)

    def _lines(self, width: float) -> list[list[str]]:
        """Per line break of the text, the typed text of each line it is set in at ``width``."""
        out: list[list[str]] = []
        for n, hard in enumerate(self.logical.split("\n")):  # type: ignore[union-attr]
            words = hard.split()
            bullet = self.bulletText if n == 0 else None  # a bullet narrows the first line only
            probe = Paragraph(_markup(hard, self.style), self.style, bullet)
            probe.wrap(width, 1e9)
            counts = [len(_line_text(line).split()) for line in probe.blPara.lines]
            if sum(counts) != len(words):  # a word split across lines: the line as a whole
                counts = [len(words)]
            lines = []
            for count in counts or [0]:
                lines.append(" ".join(words[:count]))
                words = words[count:]
            out.append(lines)
        return out

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            piece.logical = None
        return pieces


def _line_text(line: Any) -> str:
    """The text of one line ReportLab has broken a paragraph into (plain or of fragments)."""
    words = line[1] if isinstance(line, tuple) else line.words
    if words and isinstance(words[0], str):
        return " ".join(words)
    return "".join(str(getattr(w, "text", "")) for w in words)


@lru_cache(maxsize=32)
def shaped(style: str) -> ParagraphStyle:
    """The same style with shaping on (Devanagari, Arabic, Hebrew paragraphs only)."""
    base = styles()[style]
    return ParagraphStyle(f"{base.name}-shaped", parent=base, shaping=1)


def _logo(data: bytes) -> ArtifactImage | None:
    try:
        reader = ImageReader(io.BytesIO(data))
        w, h = reader.getSize()
        scale = min(38 * mm / w, 18 * mm / h)
        return ArtifactImage(io.BytesIO(data), width=w * scale, height=h * scale)
    except Exception:  # a logo ReportLab cannot read must not stop the letter
        return None


class _BesideLogo(Flowable):
    """The shop's name and contacts on the left, its logo on the right, tops aligned."""

    GAP = 6 * mm

    def __init__(self, parts: list[Paragraph], logo: ArtifactImage) -> None:
        super().__init__()
        self.parts, self.logo = parts, logo

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        text_width = avail_width - self.logo.drawWidth - self.GAP
        self._heights = [
            p.wrap(text_width, avail_height)[1] + p.getSpaceAfter() for p in self.parts
        ]
        self.width = avail_width
        self.height = max(sum(self._heights), self.logo.drawHeight)
        return self.width, self.height

    def draw(self) -> None:
        marked(self.canv, ARTIFACT, self._draw)

    def _draw(self) -> None:
        y = self.height
        for part, h in zip(self.parts, self._heights, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y + part.getSpaceAfter())
        top = self.height - self.logo.drawHeight
        self.logo.drawOn(self.canv, self.width - self.logo.drawWidth, top)


def letterhead(shop: Shop) -> list[Flowable]:
    """The shop's name, address, contacts and logo: page furniture (an artifact)."""
    logo = _logo(shop.logo) if shop.logo else None
    text_size = len(shop.name) + len(shop.address) + len(shop.contact_line)
    beside = logo is not None and text_size < 600
    # Beside the logo the whole box is one artifact; else each paragraph is one.
    tag = None if beside else ARTIFACT
    parts = [para(shop.name or "Shop name not set (Settings)", "shop", tag=tag)]
    if shop.address:
        lines = (x.strip() for x in shop.address.splitlines())
        parts.append(para(", ".join(x for x in lines if x), "small", tag=tag))
    if shop.contact_line:
        parts.append(para(shop.contact_line, "small", tag=tag))
    # An absurdly long name must still flow over pages: no side-by-side box then.
    out: list[Flowable] = (
        [_BesideLogo(parts, logo)]
        if beside and logo
        else [
            *([logo] if logo is not None else []),
            *parts,
        ]
    )
    rule = ArtifactRule(width="100%", thickness=0.8, color=RULE)
    return [*out, Spacer(1, 3 * mm), rule, Spacer(1, 5 * mm)]


@dataclass(frozen=True)
class PdfMeta:
    """The document information a letter carries: who, about what, in which language, when.

    ``created``: the issue time (the PDF's creation date); None keeps a fixed date so
    the same input gives the same bytes. ``draft``: a preview, marked DRAFT on every page.
    """

    author: str = ""
    subject: str = ""
    lang: str = "en"
    created: dt.datetime | None = None
    draft: bool = False


def _timestamp(instant: dt.datetime) -> TimeStamp:
    """A ReportLab time stamp at ``instant`` (UTC), so the creation date is the issue time."""
    stamp = TimeStamp(invariant=True)
    t = instant.timestamp()
    stamp.t, stamp.lt = t, time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class NumberedCanvas(canvas.Canvas):
    """Defers each page until the end so its footer can say "Page n of m"."""

    footer_text = ""
    meta = PdfMeta()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self.struct_tree = StructTree()
        if self.meta.created is not None:
            self._doc._timeStamp = _timestamp(self.meta.created)

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    @property
    def page_index(self) -> int:
        """The page being drawn, from 0 (pages are kept until the end)."""
        return len(self._pages)

    def save(self) -> None:
        total = len(self._pages)
        page_refs = []
        for index, state in enumerate(self._pages):
            self.__dict__.update(state)
            marked(self, ARTIFACT, lambda: self._footer(total))
            super().showPage()
            page = self._doc.Pages.pages[-1]
            give_struct_parents(page, index)
            page_refs.append(self._doc.Reference(page))
        write_tree(self._doc, self.struct_tree, page_refs)
        add_archival_parts(self._doc, self.meta.lang)
        super().save()

    def beginText(self, x: float = 0, y: float = 0, direction=None) -> TextObject:  # noqa: N802
        """Text objects that give shaped runs their typed text (``textlayer``)."""
        return TextObject(self, x, y, direction=direction)

    def _footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        self.setFont(fonts.SANS, 8)
        self.setFillColor(MUTED)
        # Up to two lines (an issued letter: who and which letter, then when and its hash).
        for n, line in enumerate(self.footer_text.splitlines()[:2]):
            self.drawString(MARGIN, (10 - 3.6 * n) * mm, line)
        self.drawRightString(width - MARGIN, 10 * mm, f"Page {self._pageNumber} of {total}")
        if self.meta.draft:
            self._draft_mark()

    def _draft_mark(self) -> None:
        """A preview is never the letter: a large diagonal DRAFT across every page."""
        width, height = self._pagesize
        self.saveState()
        # An empty ActualText: the mark is seen but never copied into the letter's text
        # (the footer says DRAFT in words).
        self._code.append("/Span <</ActualText ()>> BDC")
        self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
        self.setFont(fonts.SANS_BOLD, 96)
        self.translate(width / 2, height / 2)
        self.rotate(40)
        self.drawCentredString(0, -30, "DRAFT")
        self.setFont(fonts.SANS_BOLD, 16)
        self.drawCentredString(0, -60, "preview, not issued")
        self._code.append("EMC")
        self.restoreState()


def build(
    story: list[Flowable],
    title: str,
    footer: str,
    wide: bool = False,
    meta: PdfMeta | None = None,
) -> tuple[bytes, int]:
    """Lay out ``story`` on A4 and return the PDF bytes and the page count."""
    meta = meta or PdfMeta()
    fonts.register()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=meta.author,
        subject=meta.subject or title,
        lang=meta.lang,
        creator="Case Manager",
        invariant=True,  # same input, same bytes: no random id; the date comes from meta
        initialFontName=fonts.SANS,  # else every page names Helvetica, never embedded
    )

    class _Canvas(NumberedCanvas):
        footer_text = footer

    _Canvas.meta = meta

    doc.build(story, canvasmaker=_Canvas)
    return buf.getvalue(), doc.page
