"""Letters of a case: preview (render only), issue (store immutably), list, templates.

Issuing stores the exact PDF bytes as a content-addressed Blob and a Letter
row naming the template version, in one transaction with one audit event. A
letter is never changed: a correction is a new letter. Issuing a decision
notice (rejection, approval, replacement, appeal decision) records that the
customer was notified through the lifecycle's ``notify`` action, which starts
the next clock (``appeal_by`` after a rejection); that is its only call site
here, ``_notify_with``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace

from casemanager.letters import DECISION_KINDS, KINDS, LetterData, RenderResult, render_letter
from casemanager.letters import templates as tpl
from casemanager.letters.model import Template
from casemanager.letters.templates import TemplateError
from casemanager.services import audit
from casemanager.services.admin import settings
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.cases.locking import lock_case
from casemanager.services.context import AppContext, uses_database
from casemanager.services.letters.letter_data import (
    Formatter,
    LetterError,
    assemble,
    event_of,
    extension_offered,
    signer_of,
)
from casemanager.services.lifecycle import transitions
from casemanager.store.models import Blob, Case, Letter, LetterTemplate

__all__ = [
    "KINDS",
    "IssuedLetter",
    "LetterAlreadyIssued",
    "LetterError",
    "LetterIncomplete",
    "TemplateError",
    "TemplateInfo",
    "available_kinds",
    "current_template",
    "issue",
    "letter_pdf",
    "list_letters",
    "preview",
    "save_template",
    "template_info",
    "template_names",
    "template_text",
]

KIND_LABELS = {
    "rejection": "Rejection",
    "acknowledgement": "Acknowledgement of receipt",
    "extension": "Extension notice",
    "information_request": "Request for information",
    "approval": "Approval (refund)",
    "replacement": "Approval (replacement)",
    "appeal_acknowledgement": "Appeal acknowledgement",
    "appeal_decision": "Appeal decision",
}


class LetterIncomplete(LetterError):
    """Issuing refused until the shop profile and the signer are complete (see Settings)."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = tuple(missing)
        super().__init__(
            "shop",
            "This letter cannot be issued yet: " + "; ".join(missing) + " (complete them in "
            "Settings; a preview shows the letter as a draft meanwhile).",
        )


class LetterAlreadyIssued(LetterError):
    """The same kind of letter was already issued for the same event; ask before again."""

    def __init__(self, reference: str, issued_at: dt.datetime) -> None:
        self.reference = reference
        super().__init__(
            "again",
            f"A letter of this kind was already issued for this event ({reference}, "
            f"{issued_at.isoformat(timespec='minutes')}); issue it again only as a correction.",
        )


@dataclass(frozen=True)
class IssuedLetter:
    id: int
    case_number: str
    kind: str
    sha256: str
    size: int
    template_version: str
    issued_at: dt.datetime
    issued_by: str
    notified: bool  # issuing recorded "customer notified"
    reference: str = ""


@uses_database
def current_template(ctx: AppContext, name: str) -> Template:
    """The wording in force: the shop's newest edit, else the shipped text."""
    row = (
        LetterTemplate.select()
        .where(LetterTemplate.name == name)
        .order_by(LetterTemplate.version.desc())
        .first()
    )
    if row is None:
        return tpl.builtin(name)
    return tpl.parse(name, row.text, f"shop-{row.version}")


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    text: str
    version: str
    fields: tuple[str, ...]  # placeholders this template may use


def template_names() -> tuple[str, ...]:
    """Every editable template: one per letter kind, and the rejection's next-step snippets."""
    return tpl.NAMES


@uses_database
def template_info(ctx: AppContext, name: str) -> TemplateInfo:
    fields = tuple(sorted(tpl.allowed_fields(name)))
    return TemplateInfo(name, template_text(ctx, name), current_template(ctx, name).version, fields)


@uses_database
def template_text(ctx: AppContext, name: str) -> str:
    """The editable text of the template in force (subject line first)."""
    t = current_template(ctx, name)
    return f"Subject: {t.subject}\n\n{t.body}\n" if t.subject else f"{t.body}\n"


@uses_database
def save_template(ctx: AppContext, name: str, text: str) -> Template:
    """Store an edit of a template as its next version; raises TemplateError naming the problem."""
    tpl.parse(name, text, "new")  # raises before anything is stored
    with ctx.transaction():
        last = (
            LetterTemplate.select(LetterTemplate.version)
            .where(LetterTemplate.name == name)
            .order_by(LetterTemplate.version.desc())
            .first()
        )
        version = (last.version if last else 0) + 1
        LetterTemplate.create(
            name=name, version=version, text=text, created_at=ctx.clock.now(), created_by=ctx.actor
        )
        audit.record(ctx, "letter_template_saved", None, {"name": name, "version": version})
    return tpl.parse(name, text, f"shop-{version}")


def _get_case(number: str) -> Case:
    case = Case.get_or_none(Case.number == number)
    if case is None:
        raise LetterError("case", f"no case {number!r}")
    return case


@uses_database
def letter_data(ctx: AppContext, number: str, kind: str) -> LetterData:
    if kind not in KINDS:
        raise LetterError("kind", f"unknown letter kind {kind!r}; one of {', '.join(KINDS)}")
    partials = {name: current_template(ctx, name) for name in tpl.PARTIALS}
    return assemble(ctx, _get_case(number), kind, current_template(ctx, kind), partials)


@uses_database
def preview(ctx: AppContext, number: str, kind: str) -> RenderResult:
    """Render the letter as a draft (marked DRAFT, no reference); stores nothing."""
    return render_letter(letter_data(ctx, number, kind))


@uses_database
def missing_for_issue(ctx: AppContext, number: str, kind: str) -> list[str]:
    """What the letter still lacks before it may go out (empty: it may be issued)."""
    profile = settings.shop_profile(ctx)
    missing = []
    if not profile.name.strip():
        missing.append("the shop's name")
    if not (profile.address.strip() or profile.email.strip()):
        missing.append("a postal address or e-mail address of the shop")
    if not signer_of(ctx, _get_case(number), kind).strip():
        missing.append("the name of the person who signs (your name in Settings)")
    return missing


@uses_database
def available_kinds(ctx: AppContext, number: str) -> list[str]:
    """The kinds of letter the case's records allow now (the others raise LetterError)."""
    from casemanager.services.letters.letter_data import _decision  # noqa: PLC0415 (same package)

    case = _get_case(number)
    out = ["acknowledgement"]
    if extension_offered(case, pack_for_case(case)):
        out.append("extension")
    if case.info_requested_at:
        out.append("information_request")
    for kind, outcome in (("rejection", "rejected"), ("approval", "approved")):
        try:
            decision = _decision(case, outcome, kind)
        except LetterError:
            continue
        out.append(kind)
        if kind == "approval" and decision.remedy == "replacement":
            out[-1] = "replacement"
    if case.appeals.count():
        out.append("appeal_acknowledgement")
        if any(a.outcome for a in case.appeals):
            out.append("appeal_decision")
    return out


def _needs_notice(case: Case, kind: str) -> bool:
    """A decision notice whose decision (or appeal decision) the customer has not been told of."""
    if kind not in DECISION_KINDS:
        return False
    try:
        # The lifecycle owns the rule (decision newer than the last notice, audit order on ties).
        transitions.check_allowed(case, transitions.ACTIONS["notify"])
    except transitions.LifecycleError:
        return False
    return True


def _notify_with(ctx: AppContext, case: Case, kind: str, payload: dict) -> None:
    """The one place issuing a letter records "customer notified" (lifecycle's notify)."""
    transitions.perform(
        ctx, case.number, "notify", note=f"{KIND_LABELS[kind]} letter issued", data=payload
    )


@uses_database
def issue(ctx: AppContext, number: str, kind: str, again: bool = False) -> IssuedLetter:
    """Render and store the letter immutably; one transaction, one audit event.

    Refused (LetterIncomplete) while the shop profile or the signer is missing; a letter
    of the same kind for the same event already issued raises LetterAlreadyIssued unless
    ``again``.
    """
    missing = missing_for_issue(ctx, number, kind)
    if missing:
        raise LetterIncomplete(missing)
    # Rendering takes long on long texts: done before the write lock is taken (other
    # writers would wait for it), and redone inside only if the case changed meanwhile.
    now = ctx.clock.now()
    with ctx.snapshot():
        data = _prepared(ctx, number, kind, again, now)[-1]
    result = render_letter(data)
    with ctx.transaction():
        lock_case(ctx, number)  # two seats issuing at once get two references, in order
        case, event_at, earlier, reference, fresh = _prepared(ctx, number, kind, again, now)
        if fresh != data:
            data, result = fresh, render_letter(fresh)
        sha = hashlib.sha256(result.pdf).hexdigest()
        Blob.insert(
            sha256=sha, size=len(result.pdf), mime="application/pdf", data=result.pdf,
            created_at=now,
        ).on_conflict_ignore().execute()  # fmt: skip
        letter = Letter.create(
            case=case,
            kind=kind,
            blob=sha,
            template_version=data.template.version,
            issued_at=now,
            issued_by=data.signer,
            reference=reference,
            event_at=event_at,
        )
        payload = {
            "letter": letter.id,
            "letter_kind": kind,
            "reference": reference,
            "sha256": sha,
            "pages": result.pages,
            "template_version": data.template.version,
            "signer": data.signer,
        }
        if earlier is not None:
            payload["again_after"] = earlier.reference
        if result.missing:
            payload["characters_without_font"] = "".join(sorted(result.missing))
        notified = _needs_notice(case, kind)
        if notified:
            _notify_with(ctx, case, kind, payload)
        else:
            audit.record(ctx, "letter_issued", case, payload)
    return _issued(letter, notified)


def _prepared(ctx: AppContext, number: str, kind: str, again: bool, now: dt.datetime) -> tuple:
    """The case, the event the letter answers, an earlier letter for it, the new letter's
    reference and its data, as of ``now``."""
    case = _get_case(number)
    event_at = event_of(case, kind, now)
    earlier = (
        case.letters.where((Letter.kind == kind) & (Letter.event_at == event_at))
        .order_by(Letter.id.desc())
        .first()
    )
    if earlier is not None and not again:
        name = earlier.reference or f"letter {earlier.id}"
        raise LetterAlreadyIssued(name, earlier.issued_at)
    reference = f"{case.number}/L{case.letters.count() + 1}"
    fmt = Formatter(pack_for_case(case).calendar.timezone)
    data = replace(
        letter_data(ctx, number, kind),
        draft=False,
        reference=reference,
        issued_at=now,
        issued_line=fmt.when(now),
    )
    return case, event_at, earlier, reference, data


def _issued(letter: Letter, notified: bool = False) -> IssuedLetter:
    return IssuedLetter(
        id=letter.id,
        case_number=letter.case.number,
        kind=letter.kind,
        sha256=letter.blob_id,
        size=letter.blob.size,
        template_version=letter.template_version,
        issued_at=letter.issued_at,
        issued_by=letter.issued_by,
        notified=notified,
        reference=letter.reference or "",
    )


@uses_database
def list_letters(ctx: AppContext, number: str) -> list[IssuedLetter]:
    case = _get_case(number)
    return [_issued(x) for x in case.letters.order_by(Letter.id)]


@uses_database
def letter_pdf(ctx: AppContext, letter_id: int) -> bytes:
    """The exact bytes issued, checked against their hash."""
    letter = Letter.get_or_none(Letter.id == letter_id)
    if letter is None:
        raise LetterError("letter", f"no issued letter {letter_id}")
    data = bytes(letter.blob.data)
    if hashlib.sha256(data).hexdigest() != letter.blob_id:
        raise LetterError("letter", f"letter {letter_id}: stored bytes do not match their hash")
    return data
