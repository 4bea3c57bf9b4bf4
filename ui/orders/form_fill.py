"""Filling the case form from an imported order: every field stays editable, marked as taken."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from casemanager.domain import humanize
from casemanager.services.cases.drafts import CaseDraft
from casemanager.services.orders import lookup

MARK_STYLE = "border: 1px solid #3b82c4; border-left-width: 4px;"
MARK_PROPERTY = "from_order"


def fill_from_order(fields, order_line: int) -> CaseDraft:
    """Fill ``fields`` (a CaseFields) from imported order line ``order_line``; returns its draft."""
    draft = lookup.case_from_order(
        fields.ctx,
        order_line,
        zone=fields.zone.currentData() or fields.shop_zone,
        policy_id=fields.policy.currentData(),
    )
    source = f"order {draft.order_ref}"
    set_text = (
        (fields.email, draft.customer_email),
        (fields.name, draft.customer_name),
        (fields.order_ref, draft.order_ref),
        (fields.product, draft.product_name),
        (fields.amount, draft.amount),
    )
    for line, value in set_text:
        if value:
            line.setText(value)
            _mark(line, source)
    fields.kind.setCurrentIndex(max(0, fields.kind.findData(draft.product_kind)))
    fields.currency.setCurrentText(draft.currency)
    fields.third_party.setChecked(draft.third_party)
    for widget in (fields.kind, fields.currency, fields.third_party):
        _mark(widget, source)
    if draft.payment_method:
        fields.payment.setCurrentIndex(max(0, fields.payment.findData(draft.payment_method)))
        _mark(fields.payment, source)
    if draft.license_code:
        fields.license.setText(draft.license_code)
        fields.license.setEchoMode(QLineEdit.EchoMode.Password)  # masked, as everywhere
        _mark(fields.license, source)
    for name in ("purchased_at", "delivered_at"):
        value = getattr(draft, name)
        if value is not None:
            fields.dates[name].set_value(value, value)
            _mark(fields.dates[name].edit, source)
    if draft.subscription_end:
        fields.sub_start.setDate(draft.subscription_start)
        fields.sub_end.setDate(draft.subscription_end)
    others = lookup.cases_of_order(fields.ctx, draft.order_ref)
    listed = "; ".join(f"{c.number} ({humanize(c.status)})" for c in others[:5])
    fields.order_source.setText(
        f"Filled from {source}: marked fields, each still editable."
        + (f"\nOther cases of this order: {listed}" if listed else "")
    )
    fields.changed.emit()
    return draft


def _mark(widget: QWidget, source: str) -> None:
    widget.setProperty(MARK_PROPERTY, True)
    widget.setToolTip(f"Taken from {source}; edit freely")
    widget.setStyleSheet(MARK_STYLE)
    if isinstance(widget, QLineEdit) and not widget.property("mark_clears"):
        widget.setProperty("mark_clears", True)
        widget.textEdited.connect(lambda _t, w=widget: _unmark(w))


def _unmark(widget: QWidget) -> None:
    widget.setProperty(MARK_PROPERTY, False)
    widget.setToolTip("")
    widget.setStyleSheet("")


def marked(fields) -> set[str]:
    """The form's field names currently marked as taken from an order."""
    names = {name for name, w in fields.inputs.items() if w.property(MARK_PROPERTY)}
    names |= {n for n, f in fields.dates.items() if f.edit.property(MARK_PROPERTY)}
    for name, widget in (
        ("customer_email", fields.email),
        ("amount", fields.amount),
        ("currency", fields.currency),
        ("third_party", fields.third_party),
        ("license_code", fields.license),
    ):
        if widget.property(MARK_PROPERTY):
            names.add(name)
    return names
