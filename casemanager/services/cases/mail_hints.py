"""What a customer's mail suggests: its order id, the claim's reason, the product kind, and
the evidence kind of each attachment. Suggestions only: the owner reviews every one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from casemanager.content.filetypes import EMAIL, IMAGE, PDF, FileType

# Order ids of the shipped packs' shops: Anti Mart "AM-…", ANTNUM "AN-YYYYMMDD-NNNN".
DEFAULT_ORDER_PATTERNS: tuple[str, ...] = (
    r"\bA[MN]-\d{8}-\d{4,6}\b",
    r"\bAM-\d+\b",
    r"\bAN-\d{8}-\d{4}\b",
)
CASE_NUMBER = re.compile(r"\bRC-\d{4}-\d{5}\b")

# First match wins, so the more specific phrases come first.
_REASONS: tuple[tuple[str, str], ...] = (
    (
        "duplicate_purchase",
        r"charged twice|paid twice|double charge|duplicate|bought it twice|重复",
    ),
    ("unauthorized", r"didn'?t (?:make|authori[sz]e)|unauthori[sz]ed|not me who|without my"),
    ("fraud", r"\bfraud|\bscam|stolen card|诈骗"),
    (
        "non_delivery",
        r"not (?:yet )?(?:been )?(?:received|delivered)|never (?:got|received|arrived)"
        r"|didn'?t (?:get|receive)|no (?:code|key) (?:was )?(?:sent|received)|未收到|没收到",
    ),
    ("wrong_item_sent", r"wrong (?:item|product|key|code|region|edition)|sent me the wrong|发错"),
    (
        "invalid_code",
        r"invalid|already (?:been )?(?:used|redeemed|activated)|does ?n[o']t work|not working"
        r"|won'?t (?:activate|redeem)|activation (?:failed|error)|无效|已被使用|激活失败",
    ),
    ("incompatible", r"not compatible|incompatible|doesn'?t support|不兼容"),
    ("lost_access", r"lost access|can'?t (?:log ?in|sign in|access)|locked out"),
    ("service_shutdown", r"shut ?down|discontinued|closing down"),
    ("platform_termination", r"\bbanned|account (?:was )?(?:terminated|suspended)"),
    ("service_failure", r"outage|service (?:is )?down|not available|unavailable"),
    ("technical_defect", r"\berror\b|\bcrash|\bdefect|\bbug\b|报错|错误"),
    ("wrong_purchase", r"bought the wrong|by mistake|wrong (?:one|version)|accidentally"),
    ("cancellation", r"\bcancel"),
    ("change_of_mind", r"changed? my mind|no longer (?:need|want)|don'?t (?:need|want) it"),
)
_KINDS: tuple[tuple[str, str], ...] = (
    ("subscription", r"subscription|monthly plan|annual plan|renewal|订阅|会员"),
    ("gift_card", r"gift ?card|voucher|礼品卡"),
    ("game_code", r"game (?:code|key)|steam|xbox|playstation|psn|nintendo|游戏"),
    ("in_game_item", r"in-game|skins?\b|coins\b|diamonds\b|gems\b"),
    ("license_key", r"licen[cs]e|product key|activation key|serial|激活码|序列号"),
)
_PAYMENT_WORDS = re.compile(
    r"pay|receipt|invoice|bill|transaction|statement|bank|upi|paypal|支付|付款|收据|发票", re.I
)
_REASON_PROOF = {"non_delivery": "non_delivery_proof", "technical_defect": "defect_proof"}


def _compiled(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    out = []
    for text in patterns:
        try:
            out.append(re.compile(text))
        except re.error:
            continue  # a shop's setting that no longer compiles finds nothing
    return out


def find_order_id(patterns: Iterable[str], *texts: str) -> str:
    """The first order id any pattern finds, searching the texts in order (subject first)."""
    compiled = _compiled(patterns)
    for text in texts:
        for pattern in compiled:
            match = pattern.search(text or "")
            if match:
                return (match.group(1) if pattern.groups else match.group(0)).strip()
    return ""


def find_case_number(subject: str) -> str:
    match = CASE_NUMBER.search(subject or "")
    return match.group(0) if match else ""


def suggest_reason(text: str, allowed: Iterable[str]) -> str:
    allowed = set(allowed)
    for code, pattern in _REASONS:
        if code in allowed and re.search(pattern, text, re.I):
            return code
    return ""


def suggest_product_kind(text: str) -> str:
    for code, pattern in _KINDS:
        if re.search(pattern, text, re.I):
            return code
    return ""


def suggest_product(text: str, known: Iterable[str]) -> str:
    """The longest known product name the text mentions (case-insensitive)."""
    lowered = text.lower()
    found = [name for name in known if len(name) >= 3 and name.lower() in lowered]
    return max(found, key=len, default="")


def evidence_kind(file: FileType, name: str, reason: str) -> str:
    """What an attached file most likely proves, judged from its type and name."""
    if file.category == EMAIL:
        return "other"
    if _PAYMENT_WORDS.search(name or ""):
        return "payment_proof"
    if file.category == IMAGE:
        return _REASON_PROOF.get(reason, "error_screenshot")
    if file.category == PDF:
        return "other"
    return "other"
