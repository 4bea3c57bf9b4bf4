"""The one base class of the errors a user can correct: a field and a message.

Every refusal the domain raises (a bad claim, a refused action, a bundle that
is not imported, ...) derives from ``DomainError``, so the command line
catches one type and prints one line, and the GUI catches one type and shows
it. Anything else reaching the top is a bug: logged and shown, never lost.

This module imports nothing from the project, so every layer may use it.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused input or action; ``field`` names what to correct, if one thing does.

    ``message`` is the sentence for the user. ``str()`` is that sentence on one
    line, starting with the field (``"amount: must be zero or more"``) unless
    the message already starts with it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        text = self.message
        if self.field and not text.startswith(f"{self.field}:"):
            text = f"{self.field}: {text}"
        return " ".join(text.splitlines())
