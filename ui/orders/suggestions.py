"""Offering imported orders while the owner types an order id or a customer e-mail."""

from __future__ import annotations

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from casemanager.services.context import AppContext
from casemanager.services.orders import lookup

LIMIT = 8
POPUP_WIDTH = 520


class OrderSuggester(QObject):
    """Attach to a line edit: each edit looks orders up; choosing one emits its line id."""

    order_chosen = Signal(int)

    def __init__(self, ctx: AppContext, line: QLineEdit) -> None:
        super().__init__(line)
        self.ctx = ctx
        self.line = line
        self.found: dict[str, int] = {}
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        # The service already matched by prefix; show every label it returned.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.popup().setMinimumWidth(POPUP_WIDTH)  # the labels name the product too
        line.setCompleter(self.completer)
        line.textEdited.connect(self.suggest)
        self.completer.activated.connect(self._activated)

    def suggest(self, text: str) -> None:
        found = lookup.find_orders(self.ctx, text, LIMIT)
        self.found = {s.label: s.id for s in found}
        self.model.setStringList(list(self.found))
        if found:
            self.completer.complete()

    def _activated(self, label: str) -> None:
        order_line = self.found.get(label)
        if order_line is not None:
            self.order_chosen.emit(order_line)
