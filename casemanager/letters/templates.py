"""Letter wording: the shipped templates and filling their named placeholders.

A template file (``resources/letters/<name>.txt``) starts with a ``Subject:``
line; the body follows, paragraphs separated by blank lines. ``{name}`` is a
placeholder (``{{`` and ``}}`` are literal braces); a paragraph that is only
``[[reasons]]``, ``[[facts]]`` or ``[[explanation]]`` is replaced by that
block. Templates are plain text: the renderer escapes the filled text, so
neither the shop's wording nor a customer's data can inject markup.
"""

from __future__ import annotations

import hashlib
import string
from functools import lru_cache

from casemanager.errors import DomainError
from casemanager.letters.model import KINDS, Template
from casemanager.paths import resource

TEMPLATE_DIR = resource("letters")
BLOCKS = ("reasons", "facts", "explanation")
# Snippets filled into a rejection's {next_steps}, depending on the pack.
PARTIALS = ("next_steps_appeal", "next_steps_final")
NAMES = (*KINDS, *PARTIALS)

COMMON_FIELDS = frozenset(
    {
        "customer_name",
        "case_number",
        "order_ref",
        "product",
        "policy_name",
        "reported_at",
        "letter_date",
        "shop_name",
        "shop_contact",
        "amount_paid",
        "signer",
        "claim",
    }
)
KIND_FIELDS = {
    "rejection": {
        "next_steps",
        "appeal_by",
        "appeal_proof",
        "appeal_clause",
        "appeal_to",
        "appeal_answer",
    },
    "acknowledgement": {"review_promise", "acknowledged_at"},
    "extension": {"review_by", "extended_by", "extension_reason"},
    "information_request": {"information", "reply_by"},
    "approval": {"refund_amount", "refund_method", "refund_by"},
    "replacement": {"replacement_by"},
    "appeal_acknowledgement": {"appeal_filed_at", "appeal_grounds", "review_line"},
    "appeal_decision": {"appeal_outcome", "appeal_filed_at", "remedy_line"},
    "next_steps_appeal": {
        "appeal_by",
        "appeal_proof",
        "appeal_clause",
        "appeal_to",
        "appeal_answer",
    },
    "next_steps_final": set(),
}


class TemplateError(DomainError, ValueError):
    """A template that cannot be used; ``field`` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


def allowed_fields(name: str) -> frozenset[str]:
    return COMMON_FIELDS | frozenset(KIND_FIELDS.get(name, ()))


def version_of(text: str) -> str:
    """The version of shipped wording: 'builtin-' and a short hash of its text."""
    return "builtin-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def parse(name: str, text: str, version: str) -> Template:
    """Split a template's text into subject and body and check its placeholders."""
    if name not in NAMES:
        raise TemplateError("name", f"unknown letter template {name!r}")
    text = text.replace("\r\n", "\n").strip("\n")
    first, _, body = text.partition("\n")
    if first.lower().startswith("subject:"):
        subject = first.split(":", 1)[1].strip()
    else:
        subject, body = "", text
    allowed = allowed_fields(name)
    for part in (subject, body):
        for field in placeholders(part):
            if field not in allowed:
                known = ", ".join(sorted(allowed))
                raise TemplateError("template", f"unknown placeholder {{{field}}}; known: {known}")
    return Template(name=name, subject=subject, body=body.strip("\n"), version=version)


def placeholders(text: str) -> list[str]:
    """The placeholder names in ``text``; raises TemplateError on a malformed brace."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError("template", f"{exc} (write {{{{ and }}}} for literal braces)") from None
    names = []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise TemplateError("template", f"placeholder {{{field}}} must be a plain name")
        names.append(field)
    return names


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder by its value (plain text, escaped later by the renderer)."""
    out: list[str] = []
    for literal, field, _spec, _conv in string.Formatter().parse(text):
        out.append(literal)
        if field is not None:
            out.append(str(values.get(field, f"[{field}: not known]")))
    return "".join(out)


@lru_cache(maxsize=32)
def builtin(name: str) -> Template:
    """The wording shipped in resources/letters (the default for every shop)."""
    if name not in NAMES:
        raise TemplateError("name", f"unknown letter template {name!r}")
    text = (TEMPLATE_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return parse(name, text, version_of(text))
