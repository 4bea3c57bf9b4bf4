"""The case form's input widgets: gathering a CaseDraft and showing per-field problems."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casemanager.domain import PAYMENT_METHODS, PRODUCT_KINDS, humanize
from casemanager.services.cases import customers, drafts
from casemanager.services.cases.drafts import CaseDraft
from casemanager.services.context import AppContext
from ui.datetime_field import DateTimeField, ProblemLabel
from ui.orders import form_fill
from ui.orders.suggestions import OrderSuggester

CURRENCIES = ("INR", "CNY", "USD", "EUR")


class CaseFields(QWidget):
    """Every input of the case form; ``changed`` fires on any edit."""

    changed = Signal()
    reveal_requested = Signal()

    def __init__(
        self, ctx: AppContext, packs: list[drafts.PackChoice], shop_zone: str, parent=None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.packs = {p.id: p for p in packs}
        self.shop_zone = shop_zone
        self.errors: dict[str, ProblemLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._customer_box())
        left.addWidget(self._order_box())
        left.addStretch(1)
        right.addWidget(self._claim_box())
        right.addWidget(self._dates_box())
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    # -- construction --------------------------------------------------------

    def _row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        widget.setObjectName(name)
        # Always in the layout, one line high: a problem appearing moves nothing.
        error = ProblemLabel()
        error.setObjectName(f"{name}_error")
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, holder)
        self.errors[name] = error
        self.inputs[name] = widget

    def _line(self, placeholder: str = "") -> QLineEdit:
        line = QLineEdit(placeholderText=placeholder)
        line.textChanged.connect(self.changed)
        return line

    def _customer_box(self) -> QGroupBox:
        box = QGroupBox("Customer")
        form = QFormLayout(box)
        self.email = self._line("customer@example.com")
        self._suggestions = QStringListModel(self)
        completer = QCompleter(self._suggestions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.email.setCompleter(completer)
        self.email.textEdited.connect(self._suggest)
        completer.activated.connect(self._customer_chosen)
        self.email.editingFinished.connect(lambda: self._customer_chosen(self.email.text()))
        self.name = self._line("Full name")
        self.phone = self._line("+91 …")
        self.other_cases = QLabel()
        self.other_cases.setObjectName("otherCases")
        self.other_cases.setWordWrap(True)
        self._row(form, "E-mail", "customer_email", self.email)
        self._row(form, "Name *", "customer_name", self.name)
        self._row(form, "Phone", "customer_phone", self.phone)
        form.addRow("", self.other_cases)
        return box

    def _order_box(self) -> QGroupBox:
        box = QGroupBox("Order and product")
        form = QFormLayout(box)
        self.order_ref = self._line("Order id")
        self.product = self._line("Product name")
        self.kind = QComboBox()
        for kind in PRODUCT_KINDS:
            self.kind.addItem(humanize(kind), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.third_party = QCheckBox("made by a third party")
        self.third_party.toggled.connect(self.changed)
        self.amount = self._line("0.00")
        self.currency = QComboBox(editable=True)
        self.currency.addItems(CURRENCIES)
        self.currency.currentTextChanged.connect(self.changed)
        money = QWidget()
        money_row = QHBoxLayout(money)
        money_row.setContentsMargins(0, 0, 0, 0)
        money_row.addWidget(self.amount, 1)
        money_row.addWidget(self.currency)
        self.payment = QComboBox()
        self.payment.addItem("—", "")
        for method in PAYMENT_METHODS:
            self.payment.addItem(humanize(method), method)
        self.license = self._line("Licence key or code")
        self.reveal_button = QLabel('<a href="reveal">Reveal</a>')
        self.reveal_button.linkActivated.connect(lambda _l: self.reveal_requested.emit())
        self.reveal_button.hide()
        code = QWidget()
        code_row = QHBoxLayout(code)
        code_row.setContentsMargins(0, 0, 0, 0)
        code_row.addWidget(self.license, 1)
        code_row.addWidget(self.reveal_button)
        self.sub_start = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.sub_end = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        for edit in (self.sub_start, self.sub_end):
            edit.dateChanged.connect(self.changed)
        # Imported orders, offered as the owner types an order id or e-mail (ui.orders).
        self.order_search = QLineEdit(placeholderText="Order id or customer e-mail")
        self.order_search.setObjectName("orderSearch")
        self.order_source = QLabel(objectName="orderSource", wordWrap=True)
        OrderSuggester(self.ctx, self.order_search).order_chosen.connect(self.fill_from_order)
        form.addRow("From an order", self.order_search)
        form.addRow("", self.order_source)
        self._row(form, "Order id *", "order_ref", self.order_ref)
        self._row(form, "Product *", "product_name", self.product)
        self._row(form, "Kind", "product_kind", self.kind)
        form.addRow("", self.third_party)
        self._row(form, "Amount paid *", "amount", money)
        self._row(form, "Payment", "payment_method", self.payment)
        self._row(form, "Code", "license_code", code)
        self._row(form, "Subscription from", "subscription_start", self.sub_start)
        self._row(form, "Subscription until", "subscription_end", self.sub_end)
        return box

    def _dates_box(self) -> QGroupBox:
        box = QGroupBox("Dates")
        form = QFormLayout(box)
        self.zone = QComboBox()
        self.zone.setObjectName("zone")
        self.zone.currentIndexChanged.connect(self.changed)
        form.addRow("Times in", self.zone)
        self.zone.currentIndexChanged.connect(self._zone_changed)
        self.dates = {
            name: DateTimeField(optional, self.shop_zone, self._now_wall)
            for name, optional in (
                ("purchased_at", False),
                ("delivered_at", True),
                ("discovered_at", True),
                ("reported_at", False),
            )
        }
        for (name, field), label in zip(
            self.dates.items(),
            ("Purchased *", "Delivered", "Problem found", "Reported *"),
            strict=True,
        ):
            field.changed.connect(self.changed)
            self._row(form, label, name, field)
        return box

    def _claim_box(self) -> QGroupBox:
        box = QGroupBox("Claim")
        form = QFormLayout(box)
        self.policy = QComboBox()
        # Long pack names must not widen the form past the window.
        self.policy.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.policy.setMinimumContentsLength(24)
        for pack in self.packs.values():
            self.policy.addItem(pack.name, pack.id)
        self.policy.currentIndexChanged.connect(self._policy_changed)
        self.reason = QComboBox()
        self.reason.currentIndexChanged.connect(self.changed)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What the customer says happened")
        self.description.setMaximumHeight(90)
        self.description.textChanged.connect(self.changed)
        self._row(form, "Policy *", "policy_id", self.policy)
        self._row(form, "Reason *", "reason", self.reason)
        self._row(form, "Description", "description", self.description)
        return box

    # -- reactions -------------------------------------------------------------

    def _suggest(self, text: str) -> None:
        self._suggestions.setStringList(
            [c.email for c in customers.suggest_by_email(self.ctx, text)]
        )

    def _customer_chosen(self, email: str) -> None:
        found = customers.find_by_email(self.ctx, email)
        if found is None:
            self.other_cases.clear()
            return
        if not self.name.text().strip():
            self.name.setText(found.name)
        if not self.phone.text().strip():
            self.phone.setText(found.phone)
        others = customers.cases_of(self.ctx, found.id, except_number=getattr(self, "number", None))
        lines = [f"{c.number} · {humanize(c.status)} · {c.product}" for c in others[:5]]
        more = f" (+{len(others) - 5} more)" if len(others) > 5 else ""
        self.other_cases.setText(
            f"Known customer; other cases{more}:\n" + "\n".join(lines)
            if lines
            else "Known customer, no other cases."
        )

    def _now_wall(self) -> dt.datetime:
        return drafts.wall_now(self.ctx, self.zone.currentData() or self.shop_zone)

    def _zone_changed(self) -> None:
        for field in getattr(self, "dates", {}).values():
            field.set_zone(self.zone.currentData() or self.shop_zone)

    def fill_from_order(self, order_line: int) -> None:
        form_fill.fill_from_order(self, order_line)

    def _kind_changed(self) -> None:
        subscription = self.kind.currentData() == "subscription"
        self.sub_start.setEnabled(subscription)
        self.sub_end.setEnabled(subscription)
        self.changed.emit()

    def _policy_changed(self) -> None:
        pack = self.packs.get(self.policy.currentData())
        current_reason = self.reason.currentData()
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItem("— choose —", "")
        for code in pack.reasons if pack else ():
            self.reason.addItem(humanize(code), code)
        self.reason.setCurrentIndex(max(0, self.reason.findData(current_reason)))
        self.reason.blockSignals(False)
        zone = self.zone.currentData()
        self.zone.blockSignals(True)
        self.zone.clear()
        if pack:
            self.zone.addItem(f"Policy zone ({pack.zone})", pack.zone)
        if not pack or pack.zone != self.shop_zone:
            self.zone.addItem(f"Shop zone ({self.shop_zone})", self.shop_zone)
        self.zone.setCurrentIndex(max(0, self.zone.findData(zone)))
        self.zone.blockSignals(False)
        self._zone_changed()
        self.changed.emit()

    # -- draft in and out ----------------------------------------------------------

    def draft(self, evidence: tuple[str, ...] = ()) -> CaseDraft:
        return CaseDraft(
            customer_name=self.name.text(),
            customer_email=self.email.text(),
            customer_phone=self.phone.text(),
            order_ref=self.order_ref.text(),
            product_name=self.product.text(),
            product_kind=self.kind.currentData(),
            third_party=self.third_party.isChecked(),
            purchased_at=self.dates["purchased_at"].value(),
            delivered_at=self.dates["delivered_at"].value(),
            discovered_at=self.dates["discovered_at"].value(),
            reported_at=self.dates["reported_at"].value(),
            zone=self.zone.currentData() or self.shop_zone,
            amount=self.amount.text(),
            currency=self.currency.currentText(),
            payment_method=self.payment.currentData() or "",
            license_code=self.license.text(),
            subscription_start=self.sub_start.date().toPython()
            if self.sub_start.isEnabled()
            else None,
            subscription_end=self.sub_end.date().toPython() if self.sub_end.isEnabled() else None,
            reason=self.reason.currentData() or "",
            description=self.description.toPlainText(),
            policy_id=self.policy.currentData() or "",
            evidence=evidence,
        )

    def load(self, draft: CaseDraft, now_wall: dt.datetime) -> None:
        """Fill every field from ``draft`` (times default to ``now_wall``)."""
        self.blockSignals(True)
        self.policy.setCurrentIndex(max(0, self.policy.findData(draft.policy_id)))
        self._policy_changed()
        self.zone.setCurrentIndex(max(0, self.zone.findData(draft.zone)))
        self.email.setText(draft.customer_email)
        self.name.setText(draft.customer_name)
        self.phone.setText(draft.customer_phone)
        self.order_ref.setText(draft.order_ref)
        self.product.setText(draft.product_name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(draft.product_kind)))
        self._kind_changed()
        self.third_party.setChecked(draft.third_party)
        self.amount.setText(draft.amount)
        self.currency.setCurrentText(draft.currency)
        self.payment.setCurrentIndex(max(0, self.payment.findData(draft.payment_method)))
        self.license.setText(draft.license_code)
        for name, field in self.dates.items():
            field.set_value(getattr(draft, name), now_wall)
        self.sub_start.setDate(draft.subscription_start or now_wall.date())
        self.sub_end.setDate(draft.subscription_end or now_wall.date())
        self.reason.setCurrentIndex(max(0, self.reason.findData(draft.reason)))
        self.description.setPlainText(draft.description)
        self.blockSignals(False)

    def mask_license(self, masked: bool) -> None:
        self.license.setEchoMode(
            QLineEdit.EchoMode.Password if masked else QLineEdit.EchoMode.Normal
        )
        self.license.setReadOnly(masked)
        self.reveal_button.setVisible(masked)

    def typing_problems(self) -> dict[str, str]:
        """Dates typed that cannot be read (the draft holds no value for them)."""
        return {name: f.problem() for name, f in self.dates.items() if f.problem()}

    def show_problems(self, problems: dict[str, str], fields: set[str] | None = None) -> None:
        """Show each problem under its field; only ``fields`` (all when None) are shown."""
        problems = {**problems, **self.typing_problems()}
        for name, label in self.errors.items():
            message = problems.get(name, "")
            if name == "amount" and not message:
                message = problems.get("currency", "")
            if (
                fields is not None
                and name not in fields
                and not (name == "amount" and "currency" in fields)
            ):
                message = ""
            label.set_problem(message)
