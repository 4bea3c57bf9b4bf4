"""The customer's claim in one sentence, as every decision letter restates it.

Plain wording from plain data: a reader (the customer, a mediator) sees at the
top what the letter answers, in the customer's terms rather than a reason code.
"""

from __future__ import annotations

# What the customer told the shop, per claim reason; {product} is the product's name.
REASON_WORDS: dict[str, str] = {
    "change_of_mind": "you no longer wanted {product}",
    "wrong_purchase": "you had bought the wrong product when you ordered {product}",
    "incompatible": "{product} does not work with your device, system or account",
    "duplicate_purchase": "you had bought {product} twice",
    "lost_access": "you lost access to the account to which {product} was delivered",
    "invalid_code": "the key or code of {product} was invalid, already used or expired "
    "when it was delivered",
    "non_delivery": "you paid for {product} but it did not reach you in time",
    "wrong_item_sent": "we sent you another product, brand or version than the {product} "
    "you ordered",
    "technical_defect": "a defect makes {product} unusable",
    "service_failure": "the subscription {product} does not provide the functions it promised",
    "unauthorized": "{product} was bought without the account holder's consent",
    "fraud": "the purchase of {product} was a fraudulent transaction",
    "service_shutdown": "the operator shut {product} down, or it was banned",
    "platform_termination": "we ended {product} early without notice",
    "cancellation": "you wished to cancel your order of {product}",
}


def claim_sentence(
    reason: str, product: str, reported: str, order_ref: str, purchased: str, amount: str
) -> str:
    """'Your claim: on 10 March 2026 you told us that …, for your order AM-1 of 2 March
    2026 (₹1,299.00).' An unknown reason is named by its code."""
    words = REASON_WORDS.get(reason, "your claim concerns {product} (" + reason + ")")
    told = words.format(product=product)
    order = f"order {order_ref} of {purchased}" if order_ref else f"purchase of {purchased}"
    return f"Your claim: on {reported} you told us that {told}, for your {order} ({amount})."
