"""Licence keys and codes: masked wherever shown, revealed only on purpose and logged."""

from __future__ import annotations

from casemanager.services import audit
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Case

SHOWN = 4
MASK_CHAR = "•"


def mask(code: str | None) -> str:
    """'QH7K-2M9P-XX4D-81ZQ' -> '•••••••••••••••81ZQ'; short codes are masked whole."""
    if not code:
        return ""
    if len(code) <= SHOWN:
        return MASK_CHAR * len(code)
    return MASK_CHAR * (len(code) - SHOWN) + code[-SHOWN:]


@uses_database
def reveal_license_code(ctx: AppContext, number: str, purpose: str = "") -> str:
    """The case's full licence code; the reveal is recorded in the audit trail."""
    with ctx.transaction():
        case = Case.get(Case.number == number)
        code = case.order.license_code
        audit.record(ctx, "license_code_revealed", case, {"purpose": purpose})
    return code
