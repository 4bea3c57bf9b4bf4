"""Render a letter (plain ``LetterData``) to PDF bytes. Pure: no database, no clock."""

from __future__ import annotations

import hashlib

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from casemanager.letters import fonts, templates
from casemanager.letters.layout import PdfMeta, build, letterhead, para
from casemanager.letters.model import ClauseQuote, LetterData, RenderResult
from casemanager.letters.tagging import Node


def _recipient(data: LetterData) -> list[Flowable]:
    r = data.recipient
    lines = [r.name, *[x for x in r.address.splitlines() if x.strip()]]
    contact = " · ".join(x for x in (r.email, r.phone) if x)
    if contact:
        lines.append(contact)
    return [para("\n".join(lines), "address"), Spacer(1, 4 * mm)]


def _references(data: LetterData) -> list[Flowable]:
    # Paragraphs rather than a table: any value may be very long and must wrap.
    return [para(f"{label}: {value}", "small") for label, value in data.references]


def _reasons(data: LetterData) -> list[Flowable]:
    out: list[Flowable] = []
    for q in data.reasons:
        head = para(f"Clause {q.id} — {q.title}", "clause", tag="H2")
        quote = para(q.text.strip(), "quote", tag="BlockQuote")
        note = [para(completed_note(q), "small")] if q.completed else []
        out.append(KeepTogether([head, quote, *note]) if len(q.text) < 1500 else head)
        if len(q.text) >= 1500:
            out += [quote, *note]
    return out


def completed_note(q: ClauseQuote) -> str:
    """Says which blanks of the policy's own text the quote shows completed, and with what."""
    parts = [f"“{blank}” as {what}, {value}" for blank, value, what in q.completed]
    return (
        f"The policy's text of clause {q.id} leaves a blank; we completed " + "; ".join(parts) + "."
    )


def _block(name: str, data: LetterData) -> list[Flowable]:
    if name == "reasons":
        return _reasons(data)
    if name == "facts":
        facts = Node("L")
        items = [para(f, "bullet", bullet="•", tag=Node("LI", facts)) for f in data.facts]
        return [*items, Spacer(1, 2 * mm)]
    if name == "explanation":
        return [para(data.explanation)] if data.explanation.strip() else []
    return []


def _body(data: LetterData) -> list[Flowable]:
    values = data.values
    out: list[Flowable] = []
    for chunk in data.template.body.split("\n\n"):
        stripped = chunk.strip()
        if not stripped:
            continue
        if stripped.startswith("[[") and stripped.endswith("]]"):
            out += _block(stripped[2:-2].strip(), data)
            continue
        text = templates.fill(stripped, values)
        # A value may itself hold blank lines (the information requested): keep them.
        for piece in text.split("\n\n"):
            if piece.strip():
                out.append(para(piece.strip()))
    return out


def _signature(data: LetterData) -> list[Flowable]:
    lines: list[Flowable] = [para("Yours sincerely,"), Spacer(1, 12 * mm)]
    if data.signer:
        lines.append(para(data.signer, "address"))
    if data.shop.name:
        lines.append(para(f"for {data.shop.name}", "small"))
    return lines


def all_text(data: LetterData) -> str:
    """Every piece of text the letter prints (to find characters no font has)."""
    parts = [data.shop.name, data.shop.address, data.shop.contact_line, data.date]
    parts += [data.recipient.name, data.recipient.address, data.recipient.email]
    parts += [f"{k} {v}" for k, v in data.references]
    parts += [data.template.subject, data.template.body, data.explanation, data.signer]
    parts += list(data.values.values()) + list(data.facts)
    parts += [f"{q.id} {q.title} {q.text}" for q in data.reasons]
    parts += [completed_note(q) for q in data.reasons if q.completed]
    return "\n".join(parts)


def text_digest(data: LetterData) -> str:
    """A short hash of everything the letter says, printed in an issued letter's footer."""
    return hashlib.sha256(all_text(data).encode("utf-8")).hexdigest()[:12]


def footer_of(data: LetterData) -> str:
    if data.draft:
        return f"DRAFT — preview, not issued · {data.footer}"
    # The reference names the case, so the shop's name, the reference and the time suffice.
    who = " · ".join(p for p in (data.shop.name, f"Letter {data.reference}") if p)
    return f"{who}\nIssued {data.issued_line} · text {text_digest(data)}"


def render_letter(data: LetterData) -> RenderResult:
    """The letter as PDF bytes, its page count and any characters no font can draw."""
    story: list[Flowable] = letterhead(data.shop)
    story.append(para(data.date, "date"))
    story += _recipient(data)
    story += _references(data)
    subject = templates.fill(data.template.subject, data.values)
    if subject:
        story.append(para(subject, "subject", tag="H1"))
    else:
        story.append(Spacer(1, 6 * mm))
    body = _body(data)
    # The closing paragraph goes with the signature: never a signature alone on a page.
    closing = body.pop() if body else Spacer(1, 0)
    story += body
    story.append(KeepTogether([closing, Spacer(1, 4 * mm), *_signature(data)]))
    meta = PdfMeta(
        author=data.shop.name,
        subject=f"{subject or data.kind} ({data.reference or 'draft'})",
        created=data.issued_at,
        draft=data.draft,
    )
    pdf, pages = build(story, title=subject or data.kind, footer=footer_of(data), meta=meta)
    return RenderResult(pdf=pdf, pages=pages, missing=frozenset(fonts.uncovered(all_text(data))))
