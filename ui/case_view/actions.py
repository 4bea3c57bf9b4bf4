"""How the case view offers each lifecycle action: its shortcut and, for a note, its prompt.

The service (``transitions.ACTIONS``) says what an action does and when it is
allowed; this table is only how the owner reaches it. Actions that need more
than a note (decision, appeal, escalation, ...) have their own dialog in
``ui.case_view.dialogs``.
"""

from __future__ import annotations

# All Ctrl+Shift+letter, clear of the main window's Ctrl+letter ones.
SHORTCUTS = {
    "acknowledge": "Ctrl+Shift+K",
    "start_review": "Ctrl+Shift+R",
    "request_info": "Ctrl+Shift+I",
    "info_received": "Ctrl+Shift+J",
    "extend": "Ctrl+Shift+T",
    "decide": "Ctrl+Shift+D",
    "notify": "Ctrl+Shift+N",
    "start_refund": "Ctrl+Shift+F",
    "refund_paid": "Ctrl+Shift+P",
    "send_replacement": "Ctrl+Shift+L",
    "file_appeal": "Ctrl+Shift+A",
    "review_appeal": "Ctrl+Shift+U",
    "decide_appeal": "Ctrl+Shift+G",
    "escalate": "Ctrl+Shift+E",
    "escalation_outcome": "Ctrl+Shift+O",
    "close": "Ctrl+Shift+C",
    "withdraw": "Ctrl+Shift+W",
    "cancel": "Ctrl+Shift+X",
}

# The note dialog's field label and whether the note is required; "Note", optional, otherwise.
NOTE_PROMPTS = {
    "request_info": ("Information the customer must send", True),
    "extend": ("Notice of the extended review sent to the customer", True),
}

# Steps that cannot be undone: their dialog says so, and why, before OK.
FINAL_WARNINGS = {
    "close": "Closing is final: a closed case cannot be reopened or undone. Close it only "
    "when nothing more is owed to the customer.",
    "withdraw": "A withdrawn claim is final: it cannot be undone. Record it only when the "
    "customer has withdrawn the claim.",
    "cancel": "A cancelled order is final: it cannot be undone. Cancel only an order that was "
    "not delivered.",
}
