"""The user guide shipped with the application (an HTML page of resources/help/)."""

from __future__ import annotations

from casemanager.paths import resource

GUIDE = ("help", "user-guide.html")


def user_guide_html() -> str:
    """The guide's HTML text: what each deadline means, a claim from receipt to appeal."""
    return resource(*GUIDE).read_text(encoding="utf-8")
