"""Printable reports: the summary of one case and the daily deadline sheet (read-only)."""

from __future__ import annotations

import datetime as dt

from casemanager.domain import FINAL_STATUSES, humanize
from casemanager.letters.model import RenderResult, Report, SummarySection
from casemanager.letters.report import render_report
from casemanager.policy.deadlines import is_shop_duty, is_statutory, label_of
from casemanager.services.admin.policies import pack_for_case
from casemanager.services.cases.secrets import mask
from casemanager.services.context import AppContext, uses_database
from casemanager.services.letters.letter_data import Formatter, LetterError, money, shop_of
from casemanager.services.lifecycle.deadlines import CASE_EVENT_COLUMNS
from casemanager.store.models import AuditEvent, Case, Deadline, Evidence, Letter


def _case(number: str) -> Case:
    case = Case.get_or_none(Case.number == number)
    if case is None:
        raise LetterError("case", f"no case {number!r}")
    return case


def _next_due(case: Case, pack, fmt: Formatter) -> str:  # noqa: ANN001 (PolicyPack)
    if not case.next_due_name or case.next_due_at is None:  # an imported half-filled pair
        return "—"
    return f"{label_of(pack, case.next_due_name)}, {fmt.exact(case.next_due_at)}"


@uses_database
def case_summary(ctx: AppContext, number: str) -> Report:
    """Every field of the case, its deadlines, evidence (with hashes), letters and history."""
    case = _case(number)
    pack = pack_for_case(case)
    shop, _tz = shop_of(ctx)
    fmt = Formatter(pack.calendar.timezone)
    order, customer, product = case.order, case.customer, case.order.product
    claim = (
        ("Status", humanize(case.status)),
        ("Policy", f"{pack.name} ({case.policy_id}, version {case.policy_version})"),
        ("Reason", humanize(case.reason)),
        ("Description", case.description or "—"),
        ("Discovered", fmt.when(case.discovered_at)),
        ("Reported (received)", fmt.when(case.reported_at)),
        ("Next due", _next_due(case, pack, fmt)),
        ("Created / updated", f"{fmt.when(case.created_at)} / {fmt.when(case.updated_at)}"),
        ("Closed", fmt.when(case.closed_at)),
    )
    paid = f"{money(order.amount_paid, order.currency)} by {humanize(order.payment_method or '—')}"
    people = (
        ("Customer", customer.name),
        ("E-mail / phone", " / ".join(x for x in (customer.email, customer.phone) if x) or "—"),
        ("Address", customer.address or "—"),
        ("Order", order.order_ref),
        ("Product", f"{product.name} ({humanize(product.kind)})"),
        ("Third party", f"yes, {product.vendor}" if product.third_party else "no"),
        ("Purchased", fmt.when(order.purchased_at)),
        ("Delivered", fmt.when(order.delivered_at)),
        ("Amount paid", paid),
        ("Licence code", mask(order.license_code) or "—"),
    )  # fmt: skip
    events = tuple(
        (humanize(name.removesuffix("_at")), fmt.when(getattr(case, name)))
        for name in CASE_EVENT_COLUMNS
        if getattr(case, name) is not None
    )
    deadlines = [("Deadline", "Due", "State", "Met")] + [
        (label_of(pack, d.name), fmt.exact(d.due_at), d.state, fmt.when(d.met_at))
        for d in case.deadlines.order_by(Deadline.due_at)
    ]
    evidence = [("Kind", "Received", "File", "SHA-256")] + [
        (
            pack.evidence_label(e.kind) + (" (removed)" if e.removed_at else ""),
            fmt.when(e.received_at),
            e.original_name or e.description or "—",
            e.blob_id or "purged",
        )
        for e in case.evidence.order_by(Evidence.id)
    ]
    decisions = [
        f"{fmt.when(d.decided_at)}: {d.outcome}"
        + (f", {d.remedy}" if d.remedy else "")
        + (f", {money(d.refund_amount, d.currency or '')}" if d.refund_amount is not None else "")
        + (f"; clauses {', '.join(d.clauses)}" if d.clauses else "")
        + f"; by {d.decided_by}. {d.explanation}"
        for d in case.decisions
    ]
    decisions += [
        f"Appeal filed {fmt.when(a.filed_at)}{' (late)' if a.late else ''}: {a.grounds}"
        + (f" → {a.outcome} {fmt.when(a.decided_at)}. {a.explanation}" if a.outcome else "")
        for a in case.appeals
    ]
    letters = [("Letter", "Issued", "By", "SHA-256")] + [
        (humanize(x.kind), fmt.when(x.issued_at), x.issued_by, x.blob_id)
        for x in case.letters.order_by(Letter.id)
    ]
    history = [("When", "Who", "What", "Note")] + [
        (fmt.when(e.at), e.actor, humanize(e.kind), str(e.data.get("note", "")))
        for e in AuditEvent.select().where(AuditEvent.case == case).order_by(AuditEvent.id)
    ]
    sections = (
        SummarySection("Claim", rows=claim),
        SummarySection("Customer and order", rows=people),
        SummarySection("Events", rows=events),
        SummarySection("Deadlines", table=tuple(deadlines) if len(deadlines) > 1 else ()),
        SummarySection("Evidence", table=tuple(evidence) if len(evidence) > 1 else ()),
        SummarySection("Decisions and appeals", lines=tuple(decisions)),
        SummarySection("Letters issued", table=tuple(letters) if len(letters) > 1 else ()),
        SummarySection("History", table=tuple(history)),
    )
    return Report(
        title=f"Case summary {case.number}",
        shop=shop,
        subtitle=f"As of {fmt.when(ctx.clock.now())}; times in {pack.calendar.timezone}",
        sections=sections,
        footer=case.number,
    )


@uses_database
def deadline_sheet(ctx: AppContext, day: dt.date | None = None) -> Report:
    """The shop's open deadlines due by the end of ``day`` (default today), overdue first.

    The customer's own deadlines (report window, appeal) are left out: one passing
    unused is no task for the shop.
    """
    shop, tz = shop_of(ctx)
    fmt = Formatter(tz)
    now = ctx.clock.now()
    day = day or now.astimezone(fmt.tz).date()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), fmt.tz)
    rows = (
        Deadline.select(Deadline, Case)
        .join(Case)
        .where(
            (Deadline.state == "open")
            & (Deadline.due_at < end)
            & Case.status.not_in([str(s) for s in FINAL_STATUSES])
        )
        .order_by(Deadline.due_at)
    )
    table = [("Due", "Case", "Customer", "Deadline", "Status")]
    guesses: list[str] = []
    for d in rows:
        pack = pack_for_case(d.case)
        if not is_shop_duty(pack, d.name):
            continue
        flag = "OVERDUE " if d.due_at < now else ""
        label = ("The law: " if is_statutory(pack, d.name) else "") + label_of(pack, d.name)
        note = next((x for x in d.explanation if x.startswith("Resting on estimated")), None)
        if note:
            label += " *"
            guesses.append(f"* {d.case.number} {label_of(pack, d.name)}: {note}")
        local = d.due_at.astimezone(fmt.tz)
        table.append(
            (f"{flag}{local.day} {local:%b %H:%M}", d.case.number, d.case.customer.name,
             label, humanize(d.case.status))
        )  # fmt: skip
    section = SummarySection(
        f"{len(table) - 1} deadline(s) due by the end of {day:%d %B %Y}; times "
        f"{fmt.zone(now.astimezone(fmt.tz))}",
        table=tuple(table) if len(table) > 1 else (),
        widths=(0.15, 0.13, 0.2, 0.37, 0.15),
        lines=tuple(guesses) if len(table) > 1 else ("No open deadline falls due.",),
    )
    return Report(
        title=f"Deadlines for {day.day} {day:%B %Y}",
        shop=shop,
        subtitle=f"Printed {fmt.when(now)}",
        sections=(section,),
        footer=f"Deadline sheet {day.isoformat()}",
        landscape=True,
    )


@uses_database
def render_case_summary(ctx: AppContext, number: str) -> RenderResult:
    return render_report(case_summary(ctx, number))


@uses_database
def render_deadline_sheet(ctx: AppContext, day: dt.date | None = None) -> RenderResult:
    return render_report(deadline_sheet(ctx, day))
