"""The pack form's tab for evidence kinds, refund rules and blanks the profile completes.

Like the rest of the form it only gathers input into the draft; the services
check the draft with the same checks as loading a pack file.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from ui.policy_editor.table import RowTable, split

EVIDENCE_COLS = ("Code", "Label")
PLACEHOLDER_COLS = ("Blank in the clause text", "Completed from the profile's")


class RulesTab(QWidget):
    """Evidence clause and kinds; refund basis, cap and pro rata; reply days; blanks."""

    edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.evidence_clause = self._line(form, "evidenceClause", "Evidence clause")
        self.evidence = RowTable(EVIDENCE_COLS, "evidenceTable")
        form.addRow("Evidence kinds", self.evidence.holder)
        self.refund_clause = self._line(form, "refundClause", "Refund clause")
        self.cap = QCheckBox("Never refund more than the amount paid")
        self.cap.setObjectName("refundCap")
        form.addRow("", self.cap)
        self.cap_clause = self._line(form, "refundCapClause", "Clause of the cap (optional)")
        self.quantum = self._line(form, "refundQuantum", "Round half up to")
        self.pro_rata = QCheckBox("Refund the unused share of a subscription period")
        self.pro_rata.setObjectName("proRata")
        form.addRow("", self.pro_rata)
        self.pro_kinds = self._line(form, "proRataKinds", "Pro rata for product kinds")
        self.pro_reasons = self._line(form, "proRataReasons", "Pro rata for reasons")
        self.pro_clause = self._line(form, "proRataClause", "Pro rata clause")
        self.reply_days = QSpinBox()
        self.reply_days.setObjectName("replyDays")
        self.reply_days.setRange(0, 99)  # out-of-range values are named by the checks
        form.addRow("Working days to answer a request for information", self.reply_days)
        self.verification = self._line(form, "verificationClause", "Verification clause")
        self.placeholders = RowTable(PLACEHOLDER_COLS, "placeholderTable")
        self.placeholders.setToolTip(
            "Text of a clause, such as [Your Support Email Here], that letters complete from "
            "the shop profile: name, address, email, phone, website, grievance_officer or "
            "grievance_contact. The letter says the quote was completed."
        )
        form.addRow("Blanks the profile completes", self.placeholders.holder)
        self.pro_rata.toggled.connect(self._pro_rata_toggled)
        for w in (self.cap, self.pro_rata):
            w.toggled.connect(self._edited)
        self.reply_days.valueChanged.connect(self._edited)
        for table in (self.evidence, self.placeholders):
            table.itemChanged.connect(self._edited)
            table.model().rowsRemoved.connect(self._edited)

    def _line(self, form: QFormLayout, name: str, label: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.textChanged.connect(self._edited)
        form.addRow(label, line)
        return line

    def _edited(self, *_: object) -> None:
        self.edited.emit()

    def _pro_rata_toggled(self, on: bool) -> None:
        for w in (self.pro_kinds, self.pro_reasons, self.pro_clause):
            w.setEnabled(on)

    def load(self, draft: dict) -> None:
        ev = draft.get("evidence", {})
        self.evidence_clause.setText(ev.get("clause", ""))
        self.evidence.setRowCount(0)
        for k in ev.get("kinds", []):
            self.evidence.add_row([k["code"], k["label"]])
        r = draft.get("refund", {})
        self.refund_clause.setText(r.get("clause", ""))
        self.cap.setChecked(bool(r.get("cap_at_paid")))
        self.cap_clause.setText(r.get("cap_clause") or "")
        self.quantum.setText(str(r.get("quantum", "")))
        pro = r.get("pro_rata") or {}
        self.pro_rata.setChecked(bool(pro))
        self.pro_kinds.setText(", ".join(pro.get("product_kinds", [])))
        self.pro_reasons.setText(", ".join(pro.get("reasons", [])))
        self.pro_clause.setText(pro.get("clause", ""))
        self._pro_rata_toggled(bool(pro))
        self.reply_days.setValue(int(draft.get("information_reply_days", 5)))
        self.verification.setText(draft.get("verification_clause") or "")
        self.placeholders.setRowCount(0)
        for p in draft.get("profile_placeholders", []):
            self.placeholders.add_row([p["text"], p["field"]])
        self.evidence.setColumnWidth(0, 160)
        self.placeholders.setColumnWidth(0, 280)

    def apply(self, d: dict[str, Any]) -> None:
        """Write the tab's fields into the draft ``d`` (keys the tab does not show are kept)."""
        ev = d.setdefault("evidence", {})
        ev["clause"] = self.evidence_clause.text().strip()
        ev["kinds"] = [{"code": c, "label": label} for c, label in self.evidence.rows()]
        refund = copy.deepcopy(d.get("refund", {}))
        refund["clause"] = self.refund_clause.text().strip()
        refund["cap_at_paid"] = self.cap.isChecked()
        refund["cap_clause"] = self.cap_clause.text().strip() or None
        refund["quantum"] = self.quantum.text().strip()
        refund["pro_rata"] = (
            {
                "product_kinds": split(self.pro_kinds.text()),
                "reasons": split(self.pro_reasons.text()),
                "clause": self.pro_clause.text().strip(),
            }
            if self.pro_rata.isChecked()
            else None
        )
        d["refund"] = refund
        d["information_reply_days"] = self.reply_days.value()
        d["verification_clause"] = self.verification.text().strip() or None
        blanks = [{"text": text, "field": field} for text, field in self.placeholders.rows()]
        if blanks or "profile_placeholders" in d:  # an untouched pack file stays as it was
            d["profile_placeholders"] = blanks
