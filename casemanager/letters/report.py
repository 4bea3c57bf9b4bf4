"""Render a printable report (case summary, daily deadline sheet) from plain ``Report`` data."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from casemanager.letters import fonts
from casemanager.letters.layout import MUTED, RULE, PdfMeta, build, letterhead, para
from casemanager.letters.model import RenderResult, Report, SummarySection
from casemanager.letters.tagging import Node, TaggedTable

_TABLE_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        # A table sets its cells' font even for paragraphs: Helvetica unless told, never
        # embedded.
        ("FONTNAME", (0, 0), (-1, -1), fonts.SANS),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _cell(text: str, row: Node, head: bool = False):
    # Long values wrap inside their cell; LongTable splits rows across pages.
    return para(text, "cellhead" if head else "cell", tag=Node("TH" if head else "TD", row))


def _cells(table: Node, rows: list[list[str]], head_rows: int, head_cols: int) -> list[list]:
    """Table cells, each the marked content of its own cell of its own row."""
    out = []
    for r, row in enumerate(rows):
        node = Node("TR", table)
        out.append([_cell(c, node, r < head_rows or k < head_cols) for k, c in enumerate(row)])
    return out


LONG_VALUE = 1200  # characters: longer field values are set as paragraphs, not table cells


def _rows_table(rows: list[tuple[str, str]], width: float) -> list[Flowable]:
    if not rows:
        return []
    data = _cells(Node("Table"), [[k, v] for k, v in rows], head_rows=0, head_cols=1)
    table = TaggedTable(data, colWidths=[width * 0.28, width * 0.72], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), fonts.SANS)]
        )
    )
    return [table]


def _section(section: SummarySection, width: float) -> list[Flowable]:
    out: list[Flowable] = [para(section.title, "h2", tag="H2")]
    rows: list[tuple[str, str]] = []
    for label, value in section.rows:
        if len(value) <= LONG_VALUE:
            rows.append((label, value))
            continue
        # A cell cannot split across pages: a long value follows the table as paragraphs.
        out += _rows_table(rows, width)
        rows = []
        out.append(para(label, "cellhead", tag="H3"))
        out += [para(piece, "cell") for piece in value.split("\n\n") if piece.strip()]
    out += _rows_table(rows, width)
    if section.table:
        head = section.table[0]
        data = _cells(Node("Table"), [list(r) for r in section.table], head_rows=1, head_cols=0)
        fractions = section.widths or (1 / len(head),) * len(head)
        widths = [width * f for f in fractions]
        table = TaggedTable(data, repeatRows=1, hAlign="LEFT", colWidths=widths)
        table.setStyle(_TABLE_STYLE)
        out.append(table)
    items = Node("L")
    out += [para(x, "bullet", bullet="•", tag=Node("LI", items)) for x in section.lines]
    out.append(Spacer(1, 3 * mm))
    return out


def _text(report: Report) -> str:
    parts = [report.title, report.subtitle]
    for s in report.sections:
        parts.append(s.title)
        parts += [f"{k} {v}" for k, v in s.rows]
        parts += [" ".join(r) for r in s.table]
        parts += list(s.lines)
    return "\n".join(parts)


def render_report(report: Report) -> RenderResult:
    """The report as PDF bytes (A4, landscape if asked), with "Page n of m"."""
    fonts.register()
    width = (297 if report.landscape else 210) * mm - 40 * mm
    if report.landscape:
        # A working sheet: one line of heading, so the first page holds as many rows as any.
        heading = " · ".join(x for x in (report.shop.name, report.title, report.subtitle) if x)
        story: list[Flowable] = [para(heading, "small", tag="H1")]
    else:
        story = letterhead(report.shop)
        story.append(para(report.title, "subject", tag="H1"))
        if report.subtitle:
            story.append(para(report.subtitle, "small"))
    story.append(Spacer(1, 3 * mm))
    for section in report.sections:
        story += _section(section, width)
    if not report.sections:
        story.append(para("Nothing to show.", "body"))
    pdf, pages = build(
        story, report.title, report.footer, wide=report.landscape,
        meta=PdfMeta(author=report.shop.name, subject=report.subtitle or report.title),
    )  # fmt: skip
    return RenderResult(pdf=pdf, pages=pages, missing=frozenset(fonts.uncovered(_text(report))))
