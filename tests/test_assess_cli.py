"""``python -m casemanager assess``: the JSON result, and one clean line for every bad input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run_cli

EXAMPLE = {
    "policy": "antnum",
    "reason": "service_failure",
    "product_kind": "subscription",
    "third_party": False,
    "order_id": "AN-20260301-0042",
    "purchased_at": "2026-03-01T10:00:00+08:00",
    "delivered_at": "2026-03-01T10:00:05+08:00",
    "discovered_at": "2026-03-11T09:00:00+08:00",
    "reported_at": "2026-03-12T20:30:00+08:00",
    "amount_paid": "30.00",
    "currency": "CNY",
    "evidence": ["payment_proof", "defect_proof"],
    "subscription": {"start": "2026-03-01", "end": "2026-03-31"},
    "approved_at": None,
    "notified_at": None,
}
EXPECTED = {
    "policy": "antnum",
    "decision": "eligible",
    "clauses": ["2.2.2"],
    "remedies": ["refund"],
    "missing_evidence": [],
    "report_deadline": "2026-03-14T23:59:59+08:00",
    "eligible_from": None,
    "deadlines": {
        "acknowledge_by": "2026-03-15T15:00:00+08:00",
        "review_by": "2026-03-17T18:00:00+08:00",
    },
    "refund_amount": "20.00",
    "statutory_deadlines": {},
    "estimated_holidays": [],
}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """The data folder, where a shop's own packs live."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CASEMANAGER_HOME", str(folder))
    return folder


def assess(capsys, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "assess", *args)


def without(field: str) -> dict:
    return {k: v for k, v in EXAMPLE.items() if k != field}


# name -> (claim file content: dict, or bytes as written, or None for no file; field named)
BAD = {
    "missing_policy": (without("policy"), "policy"),
    "missing_reason": (without("reason"), "reason"),
    "missing_purchased_at": (without("purchased_at"), "purchased_at"),
    "missing_reported_at": (without("reported_at"), "reported_at"),
    "missing_amount_paid": (without("amount_paid"), "amount_paid"),
    "null_amount_paid": ({**EXAMPLE, "amount_paid": None}, "amount_paid"),
    "unknown_policy": ({**EXAMPLE, "policy": "antnumm"}, "policy"),
    "broken_pack_file": ({**EXAMPLE, "policy": "broken-pack.json"}, "policy"),
    "unknown_reason": ({**EXAMPLE, "reason": "boredom"}, "reason"),
    "impossible_date": ({**EXAMPLE, "purchased_at": "2026-02-30T10:00:00+08:00"}, "purchased_at"),
    "no_offset": ({**EXAMPLE, "reported_at": "2026-03-12T20:30:00"}, "reported_at"),
    "date_only": ({**EXAMPLE, "discovered_at": "2026-03-11"}, "discovered_at"),
    "time_not_string": ({**EXAMPLE, "delivered_at": 1772330405}, "delivered_at"),
    "reported_before_purchase": (
        {**EXAMPLE, "reported_at": "2026-02-28T10:00:00+08:00"},
        "reported_at",
    ),
    "negative_amount": ({**EXAMPLE, "amount_paid": "-30.00"}, "amount_paid"),
    "non_numeric_amount": ({**EXAMPLE, "amount_paid": "thirty"}, "amount_paid"),
    "nan_amount": ({**EXAMPLE, "amount_paid": "NaN"}, "amount_paid"),
    "boolean_amount": ({**EXAMPLE, "amount_paid": True}, "amount_paid"),
    "subscription_missing": (without("subscription"), "subscription"),
    "subscription_reversed": (
        {**EXAMPLE, "subscription": {"start": "2026-03-31", "end": "2026-03-01"}},
        "subscription.end",
    ),
    "subscription_bad_date": (
        {**EXAMPLE, "subscription": {"start": "2026-02-30", "end": "2026-03-31"}},
        "subscription.start",
    ),
    "subscription_not_object": ({**EXAMPLE, "subscription": "March"}, "subscription"),
    "evidence_not_list": ({**EXAMPLE, "evidence": "payment_proof"}, "evidence"),
    "unknown_evidence": ({**EXAMPLE, "evidence": ["payment_proof", "photo"]}, "evidence[1]"),
    "unknown_product_kind": ({**EXAMPLE, "product_kind": "hardware"}, "product_kind"),
    "third_party_not_bool": ({**EXAMPLE, "third_party": "yes"}, "third_party"),
    "order_id_not_string": ({**EXAMPLE, "order_id": 42}, "order_id"),
    "policy_not_string": ({**EXAMPLE, "policy": 7}, "policy"),
    "invalid_json": (b'{"policy": "antnum",', "claim"),
    "empty_file": (b"", "claim"),
    "not_utf8": (b'{"policy": "\xff"}', "claim"),
    "top_level_array": ([EXAMPLE], "claim"),
    "unreadable_file": (None, "claim"),
}


def bad_result(capsys, folder: Path, name: str) -> tuple[int, str, str]:
    """Run `assess` on the bad claim ``name``, written into ``folder``."""
    (folder / "broken-pack.json").write_text('{"id": "broken"}', encoding="utf-8")
    content = BAD[name][0]
    path = folder / f"{name}.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(json.dumps(content), encoding="utf-8")
    return assess(capsys, str(path))


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_gives_one_line_naming_the_field(capsys, tmp_path, name):
    """A script feeding claims would get a traceback, stray output or an unclear error."""
    code, out, err = bad_result(capsys, tmp_path, name)
    field = BAD[name][1]
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"casemanager assess: {field}: "), err


def test_impossible_date_message(capsys, tmp_path):
    """The user would not see which value was wrong."""
    assert bad_result(capsys, tmp_path, "impossible_date")[2] == (
        "casemanager assess: purchased_at: not an ISO 8601 date-time with UTC offset: "
        "'2026-02-30T10:00:00+08:00'\n"
    )


def test_documented_example(capsys, tmp_path):
    """`assess` would not print the documented result for the documented claim."""
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    code, out, err = assess(capsys, "--db", str(tmp_path / "ignored.sqlite3"), str(path))
    assert code == 0, err
    assert err == ""
    result = json.loads(out)
    explanation = result.pop("explanation")
    assert result == EXPECTED
    assert isinstance(explanation, list) and explanation


def test_claim_from_stdin(capsys, monkeypatch):
    """Piping a claim into `assess -` would not work."""
    piped = io.TextIOWrapper(io.BytesIO(json.dumps(EXAMPLE).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", piped)
    code, out, err = assess(capsys, "-")
    assert code == 0, err
    assert json.loads(out)["refund_amount"] == "20.00"


def test_policy_by_path_and_by_shop_pack_id(capsys, tmp_path, home):
    """A shop's own pack could not be used from the command line."""
    pack = json.loads((ROOT / "resources/policies/antnum.json").read_text(encoding="utf-8"))
    pack["id"] = "myshop"
    folder = home / "policies"
    folder.mkdir(parents=True)
    (folder / "myshop.json").write_text(json.dumps(pack), encoding="utf-8")
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "next.json").write_text(json.dumps(pack), encoding="utf-8")
    for ref in ("myshop", "packs/next.json", str(tmp_path / "packs" / "next.json")):
        path = tmp_path / "claim.json"
        path.write_text(json.dumps({**EXAMPLE, "policy": ref}), encoding="utf-8")
        code, out, err = assess(capsys, str(path))
        assert code == 0, err
        result = json.loads(out)
        assert result["policy"] == "myshop"
        assert result["refund_amount"] == "20.00"
