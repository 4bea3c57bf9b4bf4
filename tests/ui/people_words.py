"""Walk every visible text of a widget tree and find the product's internal codes in it.

Used by the scan of every main widget and dialog: a code such as ``error_screenshot``,
``acknowledge_by`` or ``under_review`` on screen means some label was not looked up.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from casemanager.policy import limits, list_packs, load_pack
from casemanager.policy.vocabulary import (
    CASE_EVENTS,
    DECISIONS,
    EVENTS,
    EVIDENCE_KINDS,
    PRODUCT_KINDS,
    REASONS,
)
from casemanager.services.letters.issuing import KIND_LABELS
from casemanager.services.lifecycle.transitions import ACTIONS

_TAG = re.compile(r"<[^>]+>")


def pack_ids() -> set[str]:
    return {i.id for i in list_packs()}


def internal_codes() -> set[str]:
    """Codes people must never read: snake_case vocabulary, deadline names, pack ids."""
    codes = {
        *EVIDENCE_KINDS,
        *REASONS,
        *PRODUCT_KINDS,
        *DECISIONS,
        *EVENTS,
        *CASE_EVENTS,
        *limits.CASE_STATUSES,
        *limits.EVIDENCE_SOURCES,
        *KIND_LABELS,
        *ACTIONS,
        *(a.audit_kind for a in ACTIONS.values()),
    }
    for info in list_packs():
        pack = load_pack(info.id)
        codes |= {d.name for d in pack.deadlines}
        codes.add(pack.id)
    # Plain words ('refund', 'other', 'fraud') are fine on screen; codes have an underscore,
    # except pack ids, which are never words.
    packs = {i.id for i in list_packs()}
    return {c for c in codes if "_" in c or c in packs}


def _model_texts(model: QAbstractItemModel) -> Iterator[str]:
    """Headers and the first rows' cells (list models have a single column)."""
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # QAbstractListModel keeps columnCount private: one column
        columns = 1
    for col in range(columns):
        header = model.headerData(col, Qt.Orientation.Horizontal)
        if header:
            yield str(header)
    for row in range(min(model.rowCount(QModelIndex()), 200)):
        for col in range(columns):
            value = model.index(row, col).data(Qt.ItemDataRole.DisplayRole)
            if value not in (None, ""):
                yield str(value)


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a person sees in ``top`` (tooltips left out)."""
    yield "title", top.windowTitle()
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top) and w is not top:
            continue
        where = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, QLabel):
            yield where, html.unescape(_TAG.sub(" ", w.text()))
        elif isinstance(w, QAbstractButton):
            yield where, w.text()
        elif isinstance(w, QGroupBox):
            yield where, w.title()
        elif isinstance(w, QLineEdit):
            yield where, w.text()
            yield where, w.placeholderText()
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            yield where, w.toPlainText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield where, w.itemText(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield where, w.tabText(i)
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            for text in _model_texts(w.model()):
                yield where, text


def codes_on_screen(top: QWidget, codes: set[str]) -> list[str]:
    """Every '<widget>: <code> in «text»' found; empty when the screen speaks plainly.

    A file name (``error_screenshot.png``) and a letter template's placeholder
    (``{reported_at}``, which the wording editor is about) are not codes on screen.
    """
    found = []
    pattern = re.compile(
        r"(?<![\w@/\\.{-])("
        + "|".join(sorted(map(re.escape, codes), key=len, reverse=True))
        + r")(?![\w@}]|\.\w)"
    )
    for where, text in visible_texts(top):
        for match in pattern.finditer(text or ""):
            start = max(0, match.start() - 30)
            found.append(f"{where}: {match.group(1)} in «{text[start : match.end() + 30]}»")
    return found
