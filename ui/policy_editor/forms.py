"""The pack form: every part of a pack in fields and tables, gathered back into a draft.

The form only gathers input: ``draft()`` returns the pack JSON the fields say,
and the services check it (the same checks as loading a file).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from casemanager.services.admin.policy_editing import CHOICES
from ui.policy_editor.rules_tab import RulesTab
from ui.policy_editor.table import RowTable, split


def _number(text: str) -> Any:
    """A whole number when the text is one; otherwise the text, for the checks to name."""
    text = text.strip()
    return int(text) if text.isdigit() else text


def _hours_text(pairs: list) -> str:
    return ", ".join(f"{a}-{b}" for a, b in pairs)


def _hours(text: str) -> list:
    """'09:00-13:00, 14:00-18:00' -> [["09:00", "13:00"], ["14:00", "18:00"]]."""
    return [[p.strip() for p in part.split("-")] for part in split(text)]


CLAUSE_COLS = ("Id", "Title", "Text")
REASON_COLS = (
    "Reason",
    "Result",
    "Clause",
    "Evidence",
    "Remedies",
    "Window days",
    "Window from",
    "Window clause",
)
DEADLINE_COLS = ("Name", "Rule", "Amount", "Start event", "When", "Clause", "Label")
CLOSURE_COLS = ("Date", "Name")
OPENING_COLS = ("Date", "Hours", "Name")


class PackForm(QTabWidget):
    """Tabs General, Clauses, Reasons, Deadlines, Evidence and refunds, Calendar of a draft."""

    edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("packForm")
        self._base: dict = {}
        self._loading = False
        general = QWidget()
        form = QFormLayout(general)
        self.pack_id = QLineEdit()
        self.pack_id.setReadOnly(True)
        self.name = QLineEdit()
        self.version = QLineEdit()
        self.effective = QLineEdit()
        self.effective.setPlaceholderText("YYYY-MM-DD")
        self.appeals = QSpinBox()
        self.appeals.setRange(0, 10)
        self.pause = QCheckBox("Pause the shop's clocks while awaiting the customer")
        for label, widget, name in (
            ("Id", self.pack_id, "packId"),
            ("Name", self.name, "packName"),
            ("Version", self.version, "packVersion"),
            ("Effective from", self.effective, "packEffective"),
            ("Appeals allowed", self.appeals, "packAppeals"),
            ("", self.pause, "packPause"),
        ):
            widget.setObjectName(name)
            form.addRow(label, widget)
        self.addTab(general, "General")
        self.clauses = RowTable(CLAUSE_COLS, "clauseTable")
        self.addTab(self.clauses.holder, "Clauses")
        self.reasons = RowTable(REASON_COLS, "reasonTable")
        self.addTab(self.reasons.holder, "Reasons and report windows")
        self.deadlines = RowTable(DEADLINE_COLS, "deadlineTable")
        self.addTab(self.deadlines.holder, "Deadlines")
        self.rules = RulesTab()
        self.rules.setObjectName("rulesTab")
        self.addTab(self.rules, "Evidence and refunds")
        self.rules.edited.connect(self._changed)
        self.addTab(self._calendar_tab(), "Calendar")
        for line in (self.name, self.version, self.effective, self.timezone, self.country):
            line.textChanged.connect(self._changed)
        self.subdivision.textChanged.connect(self._changed)
        for line in self.week.values():
            line.textChanged.connect(self._changed)
        self.appeals.valueChanged.connect(self._changed)
        self.pause.toggled.connect(self._changed)
        self.whole_breaks.toggled.connect(self._changed)
        for table in (self.clauses, self.reasons, self.deadlines, self.closures, self.openings):
            table.itemChanged.connect(self._changed)
            table.model().rowsRemoved.connect(self._changed)

    def _calendar_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.timezone = QLineEdit()
        self.timezone.setObjectName("calendarZone")
        form.addRow("Time zone", self.timezone)
        self.week: dict[str, QLineEdit] = {}
        for day in CHOICES["weekdays"]:
            line = QLineEdit()
            line.setObjectName(f"hours_{day}")
            line.setPlaceholderText("closed, or e.g. 09:00-13:00, 14:00-18:00")
            self.week[day] = line
            form.addRow(f"Opening hours {day.title()}", line)
        self.country = QLineEdit()
        self.country.setObjectName("holidayCountry")
        self.subdivision = QLineEdit()
        self.subdivision.setObjectName("holidaySubdivision")
        form.addRow("Holidays of country", self.country)
        form.addRow("Subdivision", self.subdivision)
        self.whole_breaks = QCheckBox("Close the whole official break (rest days inside it too)")
        self.whole_breaks.setObjectName("wholeBreaks")
        form.addRow("", self.whole_breaks)
        self.closures = RowTable(CLOSURE_COLS, "closureTable")
        self.openings = RowTable(OPENING_COLS, "openingTable")
        form.addRow("Extra closures", self.closures.holder)
        form.addRow("Extra openings", self.openings.holder)
        return tab

    def settle_days(self, days: list[tuple[dt.date, str, bool]]) -> None:
        """Make each (date, name, open) an extra closure, or an extra opening at the
        weekday's usual hours, replacing any closure or opening already on that date."""
        self._loading = True
        try:
            for day, name, open_ in days:
                iso = day.isoformat()
                for table in (self.closures, self.openings):
                    row = table.find(0, iso)
                    if row >= 0:
                        table.removeRow(row)
                if open_:
                    usual = self.week[CHOICES["weekdays"][day.weekday()]].text().strip()
                    first = next((w.text() for w in self.week.values() if w.text().strip()), "")
                    self.openings.add_row([iso, usual or first or "09:00-18:00", name])
                else:
                    self.closures.add_row([iso, name])
        finally:
            self._loading = False
        self.edited.emit()

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self.edited.emit()

    # -- draft in, draft out ---------------------------------------------------

    def load(self, draft: dict) -> None:
        self._loading = True
        try:
            self._base = copy.deepcopy(draft)
            self.pack_id.setText(draft.get("id", ""))
            self.name.setText(draft.get("name", ""))
            self.version.setText(draft.get("version", ""))
            self.effective.setText(draft.get("effective", ""))
            self.appeals.setValue(int(draft.get("appeals_allowed", 0)))
            self.pause.setChecked(bool(draft.get("pause_while_awaiting_customer")))
            self.clauses.setRowCount(0)
            for c in draft.get("clauses", []):
                self.clauses.add_row([c["id"], c["title"], c["text"]])
            self.reasons.setRowCount(0)
            for code, r in draft.get("reasons", {}).items():
                w = r.get("window") or {}
                self.reasons.add_row(
                    [code, r["result"], r["clause"], ", ".join(r.get("evidence", [])),
                     ", ".join(r.get("remedies", [])), str(w.get("days", "")),
                     ", ".join(w.get("from", [])), w.get("clause", "")]
                )  # fmt: skip
            self.deadlines.setRowCount(0)
            for name, d in draft.get("deadlines", {}).items():
                self.deadlines.add_row(
                    [name, d["rule"], str(d["amount"]), d["from"], d["when"], d["clause"],
                     d.get("label", "")]
                )  # fmt: skip
            self.rules.load(draft)
            cal = draft.get("calendar", {})
            self.timezone.setText(cal.get("timezone", ""))
            for day, line in self.week.items():
                line.setText(_hours_text(cal.get("opening_hours", {}).get(day, [])))
            hol = cal.get("holidays", {})
            self.country.setText(hol.get("country", ""))
            self.subdivision.setText(hol.get("subdivision") or "")
            self.whole_breaks.setChecked(bool(cal.get("close_whole_breaks")))
            self.closures.setRowCount(0)
            for c in cal.get("extra_closures", []):
                self.closures.add_row([c["date"], c.get("name", "")])
            self.openings.setRowCount(0)
            for o in cal.get("extra_openings", []):
                self.openings.add_row([o["date"], _hours_text(o["hours"]), o.get("name", "")])
        finally:
            self._loading = False

    def draft(self) -> dict:
        """The pack JSON as the fields say it (parts the form does not show kept as they were)."""
        d = copy.deepcopy(self._base)
        d["name"] = self.name.text().strip()
        d["version"] = self.version.text().strip()
        d["effective"] = self.effective.text().strip()
        d["appeals_allowed"] = self.appeals.value()
        d["pause_while_awaiting_customer"] = self.pause.isChecked()
        d["clauses"] = [{"id": i, "title": t, "text": x} for i, t, x in self.clauses.rows()]
        old_reasons = self._base.get("reasons", {})
        reasons: dict[str, Any] = {}
        for code, result, clause, evidence, remedies, days, start, wclause in self.reasons.rows():
            r = copy.deepcopy(old_reasons.get(code, {}))
            r.update(result=result, clause=clause, evidence=split(evidence))
            r["remedies"] = split(remedies)
            if days or start or wclause:
                r["window"] = {"days": _number(days), "from": split(start), "clause": wclause}
            else:
                r["window"] = None
            reasons[code] = r
        d["reasons"] = reasons
        old_deadlines = self._base.get("deadlines", {})
        deadlines: dict[str, Any] = {}
        for name, rule, amount, start, when, clause, label in self.deadlines.rows():
            item = copy.deepcopy(old_deadlines.get(name, {}))
            item.update(rule=rule, amount=_number(amount), when=when, clause=clause)
            item["from"] = start
            item["label"] = label or None
            deadlines[name] = item
        d["deadlines"] = deadlines
        self.rules.apply(d)
        cal = d.setdefault("calendar", {})
        cal["timezone"] = self.timezone.text().strip()
        cal["opening_hours"] = {day: _hours(line.text()) for day, line in self.week.items()}
        cal["holidays"] = {
            "country": self.country.text().strip(),
            "subdivision": self.subdivision.text().strip() or None,
        }
        cal["close_whole_breaks"] = self.whole_breaks.isChecked()
        cal["extra_closures"] = [
            {"date": day, "name": name or None} for day, name in self.closures.rows()
        ]
        cal["extra_openings"] = [
            {"date": day, "hours": _hours(hours), "name": name or None}
            for day, hours, name in self.openings.rows()
        ]
        return d
