"""The case view: one case, its lifecycle actions, deadlines, appeal and history."""

from ui.case_view.view import CaseView

__all__ = ["CaseView"]
