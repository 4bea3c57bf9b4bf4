"""What each file of a batch most likely proves, judged from its content, then its name.

An image is a screenshot (of the error, or of what the reason needs shown); an
e-mail is the customer's communication; a PDF or a text file is read for the
words of a receipt, an order, a test report or a police report. A guess is only
a default: the owner sees one row per file and changes what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from casemanager.content.filetypes import EMAIL, IMAGE, FileType
from casemanager.content.text import sample_text
from casemanager.services.context import AppContext, uses_database
from casemanager.services.evidence import checklist, intake

COMMUNICATION = "Customer communication"

_PAYMENT = re.compile(
    r"payment|paid|receipt|invoice|bill\b|transaction|statement|bank|upi|paypal|alipay|"
    r"card ending|amount charged|支付|付款|收据|发票",
    re.I,
)
_ORDER = re.compile(r"order\s*(?:id|no|number|#|:)|order confirmation|订单", re.I)
_FRAUD = re.compile(
    r"police|first information report|\bFIR\b|chargeback|age certificate|birth certificate|"
    r"guardian|fraud|unauthori[sz]ed|报警|诈骗",
    re.I,
)
_DEFECT = re.compile(r"test report|diagnostic|crash log|error log|stack trace|defect", re.I)
_NOT_DELIVERED = re.compile(r"not (?:been )?delivered|never arrived|no (?:code|key) received", re.I)
_ERROR = re.compile(r"\berror\b|invalid|already (?:used|redeemed)|failed|报错|错误", re.I)
# What a screenshot shows best for the claim's reason.
_SCREENSHOT_FOR_REASON = {
    "non_delivery": "non_delivery_proof",
    "technical_defect": "defect_proof",
    "service_failure": "defect_proof",
}


@dataclass(frozen=True)
class KindGuess:
    name: str
    kind: str
    description: str
    label: str  # what the file is ("PNG image")


def guess_kind(
    file: FileType, name: str, text: str, reason: str, offered: Sequence[str]
) -> tuple[str, str]:
    """(kind, description) for one file; the kind is always one of ``offered``."""
    words = f"{name}\n{text}"
    description = ""
    if file.category == EMAIL:
        kind, description = "other", COMMUNICATION
    elif file.category == IMAGE:
        if _PAYMENT.search(name):
            kind = "payment_proof"
        elif _FRAUD.search(name):
            kind = "fraud_proof"
        else:
            kind = _SCREENSHOT_FOR_REASON.get(reason, "error_screenshot")
            if kind not in offered:
                kind = "error_screenshot"
    elif _FRAUD.search(words) and reason in ("fraud", "unauthorized"):
        kind = "fraud_proof"
    elif _PAYMENT.search(words):
        kind = "payment_proof"
    elif _ORDER.search(words):
        kind = "order_reference"
    elif _DEFECT.search(words):
        kind = "defect_proof"
    elif _NOT_DELIVERED.search(words):
        kind = "non_delivery_proof"
    elif _ERROR.search(name):
        kind = "error_screenshot"
    else:
        kind = "other"
    return (kind if kind in offered else "other"), description


@uses_database
def guess_kinds(
    ctx: AppContext, case_number: str, files: Sequence[tuple[str, bytes]]
) -> list[KindGuess]:
    """One guess per file, in order, for the case's reason and its pack's evidence kinds."""
    reason = checklist.case_reason(ctx, case_number)
    offered = [code for code, _label in checklist.kind_choices(ctx, case_number)]
    out = []
    for name, data in files:
        file = intake.check_file(ctx, data)  # the batch was checked: this only re-reads
        text = sample_text(data, file.mime)
        kind, description = guess_kind(file, name, text, reason, offered)
        out.append(KindGuess(name, kind, description, file.label))
    return out
