"""Blanks in a pack's clause texts that the shop's profile completes.

A policy copied from a template may keep a blank such as ``[Your Support Email
Here]``. The pack names the blank and the profile field that completes it; a
letter quoting the clause prints the completed text and says it was completed
so, because the quote is otherwise verbatim. Pure: the caller passes the
profile's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Profile fields a blank may name, with how a letter describes them.
PROFILE_FIELDS: dict[str, str] = {
    "name": "our shop's name",
    "address": "our postal address",
    "email": "our e-mail address",
    "phone": "our telephone number",
    "website": "our website",
    "grievance_officer": "our grievance officer",
    "grievance_contact": "our grievance officer's contact",
}


@dataclass(frozen=True)
class Placeholder:
    """``text`` in a clause is replaced by the profile's ``field``."""

    text: str
    field: str


def fill(
    text: str, placeholders: tuple[Placeholder, ...], profile: Mapping[str, str]
) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """The clause text completed, and (blank, value, what) for each blank it completed.

    A blank whose profile field is empty stays as it is: the letter then shows
    the policy exactly as written rather than an invented value.
    """
    done = []
    for p in placeholders:
        value = " ".join(str(profile.get(p.field) or "").split())
        if value and p.text in text:
            text = text.replace(p.text, value)
            done.append((p.text, value, PROFILE_FIELDS.get(p.field, p.field)))
    return text, tuple(done)
