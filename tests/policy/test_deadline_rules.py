"""Deadline rules as pack data: what meets each, whose it is, what it supersedes."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from casemanager.policy import PackError, assess, load_pack, parse_claim, parse_pack
from casemanager.policy.case_deadlines import CaseFacts, next_due, plan_deadlines
from casemanager.policy.packs import BUILTIN_DIR

NEW_KEYS = ("met_by", "side", "supersedes", "binding_after")
CN = dt.timezone(dt.timedelta(hours=8))
RENAMES = {
    "acknowledge_by": "confirm_receipt",
    "review_by": "decide_within",
    "review_extended_by": "decide_within_longer",
    "notify_by": "tell_amount",
    "refund_by": "pay_back",
    "appeal_by": "customer_may_appeal",
}


def raw(pack_id: str) -> dict:
    return json.loads((BUILTIN_DIR / f"{pack_id}.json").read_text(encoding="utf-8"))


def _load(data: dict, tmp_path: Path):
    path = tmp_path / f"{data['id']}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return parse_pack(data, path=path)


def _without_new_keys(data: dict) -> dict:
    old = copy.deepcopy(data)
    for rule in old["deadlines"].values():
        for key in NEW_KEYS:
            rule.pop(key, None)
    return old


def renamed(data: dict) -> dict:
    """The pack with every deadline renamed, as a shop's own copy might."""
    out = copy.deepcopy(data)
    out["id"] = "renamed"
    out["deadlines"] = {RENAMES[n]: rule for n, rule in data["deadlines"].items()}
    for rule in out["deadlines"].values():
        if rule.get("supersedes"):
            rule["supersedes"] = RENAMES[rule["supersedes"]]
    return out


def test_antnum_rules_say_what_meets_them():
    """A deadline would be met by the wrong event, or the appeal window counted as the shop's."""
    rules = {
        r.name: (r.met_by, r.side, r.supersedes, r.binding_after)
        for r in load_pack("antnum").deadlines
    }
    assert rules == {
        "acknowledge_by": ("acknowledged_at", "shop", None, None),
        "review_by": ("verified_at", "shop", None, None),
        "review_extended_by": ("verified_at", "shop", "review_by", "extension_notice_at"),
        "notify_by": ("notified_at", "shop", None, None),
        "refund_by": ("remedied_at", "shop", None, None),
        "appeal_by": ("appealed_at", "customer", None, None),
    }
    refund = load_pack("antimart").deadline_rule("refund_by")
    assert (refund.met_by, refund.side) == ("remedied_at", "shop")


@pytest.mark.parametrize("pack_id", ["antimart", "antnum"])
def test_an_old_pack_file_without_the_new_keys_loads_the_same(tmp_path, pack_id):
    """A shop's pack copied before these keys existed would stop loading or mean otherwise."""
    old = _load(_without_new_keys(raw(pack_id)), tmp_path)
    assert old.deadlines == load_pack(pack_id).deadlines


def test_explicit_null_is_kept_not_defaulted(tmp_path):
    """A shop that removed what meets a deadline or its notice would get the old default back."""
    data = raw("antnum")
    data["deadlines"]["notify_by"]["met_by"] = None
    data["deadlines"]["review_extended_by"]["binding_after"] = None
    pack = _load(data, tmp_path)
    assert pack.deadline_rule("notify_by").met_by is None
    assert pack.deadline_rule("review_extended_by").binding_after is None


def test_side_defaults_from_what_meets_the_deadline(tmp_path):
    """A shop's own deadline met by the customer's appeal would count as the shop's duty."""
    data = raw("antnum")
    data["deadlines"]["second_appeal_by"] = {
        "rule": "working_days",
        "amount": 5,
        "from": "notified_at",
        "when": "event",
        "clause": "5",
        "met_by": "appealed_at",
    }
    data["deadlines"]["internal_check_by"] = {
        "rule": "working_days",
        "amount": 2,
        "from": "reported_at",
        "when": "always",
        "clause": "3.3.1",
    }
    pack = _load(data, tmp_path)
    assert pack.deadline_rule("second_appeal_by").side == "customer"
    check = pack.deadline_rule("internal_check_by")
    assert (check.met_by, check.side, check.supersedes) == (None, "shop", None)


def _refused(tmp_path: Path, mutate) -> str:
    data = raw("antnum")
    mutate(data["deadlines"])
    with pytest.raises(PackError) as err:
        _load(data, tmp_path)
    return str(err.value)


@pytest.mark.parametrize(
    ("mutate", "key", "problem"),
    [
        (
            lambda d: d["review_by"].__setitem__("met_by", "paid_at"),
            "deadlines.review_by.met_by",
            "'paid_at' is not one of",
        ),
        (
            lambda d: d["appeal_by"].__setitem__("side", "both"),
            "deadlines.appeal_by.side",
            "'both' is not one of shop, customer",
        ),
        (
            lambda d: d["review_extended_by"].__setitem__("supersedes", "review_within"),
            "deadlines.review_extended_by.supersedes",
            "'review_within' is not another deadline of this pack",
        ),
        (
            lambda d: d["review_extended_by"].__setitem__("supersedes", "review_extended_by"),
            "deadlines.review_extended_by.supersedes",
            "is not another deadline",
        ),
        (
            lambda d: d["acknowledge_by"].__setitem__("supersedes", "review_by"),
            "deadlines.",
            "'review_by' is already superseded by",
        ),
        (
            lambda d: d["review_by"].__setitem__("supersedes", "review_extended_by"),
            "deadlines.",
            "in a loop",
        ),
        (
            lambda d: d["review_extended_by"].__setitem__("binding_after", "notice"),
            "deadlines.review_extended_by.binding_after",
            "'notice' is not one of",
        ),
        (
            lambda d: d.__setitem__("report_window", dict(d["review_by"])),
            "deadlines.report_window",
            "a date every case has",
        ),
    ],
)
def test_bad_deadline_data_is_refused_with_its_key(tmp_path, mutate, key, problem):
    """A mistyped event or deadline name would load and silently never meet or supersede."""
    message = _refused(tmp_path, mutate)
    assert f": {key}" in message and problem in message, message


def test_a_pack_copy_that_renames_its_deadlines_decides_and_plans_the_same(tmp_path):
    """Renaming a deadline in a shop's copy would lose its meaning (met by, side, extension)."""
    pack, original = _load(renamed(raw("antnum")), tmp_path), load_pack("antnum")
    claim = {
        "policy": "antnum",
        "reason": "invalid_code",
        "third_party": True,
        "purchased_at": "2026-04-02T10:00:00+08:00",
        "reported_at": "2026-04-03T16:00:00+08:00",
        "notified_at": "2026-04-09T15:00:00+08:00",
        "amount_paid": "10.00",
    }
    mine = assess(pack, parse_claim(claim)).to_json_dict()
    theirs = assess(original, parse_claim(claim)).to_json_dict()
    assert mine["deadlines"] == {RENAMES[n]: due for n, due in theirs["deadlines"].items()}
    assert pack.deadline_met_by("appealed_at").name == "customer_may_appeal"
    assert pack.superseding("decide_within").name == "decide_within_longer"
    events = {
        "purchased_at": dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN),
        "reported_at": dt.datetime(2026, 4, 3, 16, 0, tzinfo=CN),
        "extension_notice_at": dt.datetime(2026, 4, 7, 10, 0, tzinfo=CN),
        "notified_at": dt.datetime(2026, 4, 9, 15, 0, tzinfo=CN),
    }
    facts = CaseFacts("invalid_code", "gift_card", True, "AN-1", Decimal("10"), events)
    ours = plan_deadlines(pack, facts)
    expected = [
        (RENAMES.get(s.name, s.name), s.due_at, s.state, s.side)
        for s in plan_deadlines(original, facts)
    ]
    assert [(s.name, s.due_at, s.state, s.side) for s in ours] == expected
    assert {s.name: s.state for s in ours}["decide_within"] == "superseded"
    assert next_due(ours).name == "confirm_receipt"  # the renamed appeal window is not the shop's
