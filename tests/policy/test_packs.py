"""Policy packs: built-in data, validation messages, the shop's own copies."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from casemanager.policy import (
    PackError,
    UnknownPackError,
    assess,
    copy_pack,
    list_packs,
    load_file,
    load_pack,
    parse_claim,
)
from casemanager.policy.packs import BUILTIN_DIR

SOURCES = BUILTIN_DIR / "sources"  # the published policy texts the packs quote
SOURCE_FILES = {"antimart": "antimart-refund-policy.txt", "antnum": "antnum-refund-policy.txt"}


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh user data folder, so the shop's packs of the developer are never touched."""
    monkeypatch.setenv("CASEMANAGER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def raw(pack_id: str) -> dict:
    return json.loads((BUILTIN_DIR / f"{pack_id}.json").read_text(encoding="utf-8"))


def test_builtin_packs_load_and_are_cached():
    """The GUI would re-read and re-validate the pack files on every repaint."""
    antimart, antnum = load_pack("antimart"), load_pack("antnum")
    assert load_pack("antimart") is antimart
    assert (antimart.version, antimart.effective.isoformat()) == ("2026-02-17", "2026-02-17")
    assert antnum.effective.isoformat() == "2025-08-13"
    assert antimart.calendar.timezone == "Asia/Kolkata"
    assert antnum.calendar.timezone == "Asia/Shanghai"
    assert (antimart.appeals_allowed, antnum.appeals_allowed) == (0, 1)
    assert not antimart.pause_while_awaiting_customer
    assert not antnum.pause_while_awaiting_customer
    assert antimart.readings and antnum.readings
    assert antimart.builtin and antnum.builtin


@pytest.mark.parametrize("pack_id", ["antimart", "antnum"])
def test_clause_texts_are_verbatim(pack_id):
    """A letter would quote the policy with words the shop never published."""
    text = (SOURCES / SOURCE_FILES[pack_id]).read_text(encoding="utf-8")
    for clause in load_pack(pack_id).clauses:
        assert clause.text in text, clause.id
        assert clause.title in text, clause.id


def test_antnum_deadline_rules():
    """A deadline would be counted with the wrong unit, amount or start."""
    rules = {r.name: (r.rule, r.amount, r.start, r.when) for r in load_pack("antnum").deadlines}
    assert rules == {
        "acknowledge_by": ("working_hours", 24, "reported_at", "always"),
        "review_by": ("working_days", 5, "reported_at", "always"),
        "review_extended_by": ("working_days", 10, "reported_at", "third_party"),
        "notify_by": ("working_days", 1, "verified_at", "event"),
        "refund_by": ("working_days", 7, "approved_at", "event"),
        "appeal_by": ("working_days", 3, "notified_at", "event"),
    }
    antimart = {r.name: (r.rule, r.amount, r.start) for r in load_pack("antimart").deadlines}
    assert antimart == {"refund_by": ("working_days", 7, "approved_at")}


def _broken(tmp_path: Path, mutate) -> str:
    data = copy.deepcopy(raw("antnum"))
    mutate(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_file(path)
    message = str(err.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (
            lambda d: d["reasons"]["invalid_code"]["evidence"].__setitem__(1, "photo"),
            "reasons.invalid_code.evidence[1]",
        ),
        (lambda d: d["reasons"].pop("fraud"), "reasons.fraud"),
        (
            lambda d: d["reasons"]["non_delivery"].__setitem__("clause", "9.9"),
            "reasons.non_delivery.clause",
        ),
        (lambda d: d["calendar"].__setitem__("timezone", "Mars/Base"), "calendar.timezone"),
        (
            lambda d: d["calendar"]["opening_hours"].__setitem__("mon", [["18:00", "09:00"]]),
            "calendar.opening_hours.mon[0]",
        ),
        (
            lambda d: d["calendar"]["opening_hours"]["tue"][0].__setitem__(0, "9am"),
            "calendar.opening_hours.tue[0][0]",
        ),
        (
            lambda d: d["calendar"]["holidays"].__setitem__("country", "XX"),
            "calendar.holidays.country",
        ),
        (
            lambda d: d["deadlines"]["refund_by"].__setitem__("amount", 0),
            "deadlines.refund_by.amount",
        ),
        (
            lambda d: d["refund"]["pro_rata"]["reasons"].__setitem__(0, "boredom"),
            "refund.pro_rata.reasons[0]",
        ),
        (lambda d: d["clauses"][2].__setitem__("text", ""), "clauses[2].text"),
        (
            lambda d: d.__setitem__("pause_while_awaiting_customer", "no"),
            "pause_while_awaiting_customer",
        ),
        (lambda d: d.__setitem__("colour", "red"), "colour"),
        (lambda d: d.__setitem__("id", "Not An Id"), "id"),
    ],
)
def test_validation_names_file_key_and_problem(tmp_path, mutate, key):
    """A shop editing its pack by hand could not find its mistake from the message."""
    message = _broken(tmp_path, mutate)
    assert f": {key}: " in message


def test_invalid_json_names_the_file(tmp_path):
    """A truncated pack file would crash the application instead of being reported."""
    path = tmp_path / "cut.json"
    path.write_text('{"id": "cut", ', encoding="utf-8")
    with pytest.raises(PackError, match="cut.json: not valid JSON"):
        load_file(path)


def test_unknown_pack(home):
    """A mistyped pack id would fall back to some other policy."""
    with pytest.raises(UnknownPackError, match="unknown policy pack"):
        load_pack("antnumm")


def test_pack_reference_naming_an_unknown_home(home):
    """A policy id like "~0" crashed the live assessment instead of saying it is unknown."""
    with pytest.raises(UnknownPackError, match="unknown policy pack"):
        load_pack("~nosuchuser0")


def test_copy_pack_round_trip(home):
    """A shop's own copy of a policy would decide differently from the original."""
    path = copy_pack("antnum", "myshop", "My Shop policy")
    assert path == home / "policies" / "myshop.json"
    own, original = load_pack("myshop"), load_pack("antnum")
    assert (own.id, own.name, own.based_on) == ("myshop", "My Shop policy", "antnum@2025-08-13")
    assert not own.builtin
    assert own.reasons == original.reasons
    assert own.calendar == original.calendar
    assert own.deadlines == original.deadlines
    claim = {
        "policy": "myshop",
        "reason": "invalid_code",
        "order_id": "1",
        "purchased_at": "2026-03-01T10:00:00+08:00",
        "reported_at": "2026-03-02T10:00:00+08:00",
        "amount_paid": "5.00",
        "evidence": ["payment_proof", "error_screenshot"],
    }
    mine = assess(own, parse_claim(claim)).to_json_dict()
    theirs = assess(original, parse_claim({**claim, "policy": "antnum"})).to_json_dict()
    assert mine.pop("policy") == "myshop"
    theirs.pop("policy")
    assert mine == theirs
    ids = [(p.id, p.builtin) for p in list_packs()]
    assert ids == [("antimart", True), ("antnum", True), ("myshop", False)]


def test_copy_pack_refuses_bad_or_taken_ids(home):
    """Copying could overwrite a shop's edited pack or shadow a built-in one."""
    copy_pack("antimart", "shop")
    with pytest.raises(PackError, match="already exists"):
        copy_pack("antnum", "shop")
    with pytest.raises(PackError, match="built-in"):
        copy_pack("antnum", "antimart")
    with pytest.raises(PackError, match="id"):
        copy_pack("antnum", "My Shop!")
    assert load_pack("shop").name == "Anti Mart refund policy (software licence keys) (copy)"


def test_edited_shop_pack_is_reloaded(home):
    """An edit to the shop's pack would only show after restarting the application."""
    path = copy_pack("antimart", "shop")
    assert load_pack("shop").reason("invalid_code").window.days == 7
    data = json.loads(path.read_text(encoding="utf-8"))
    data["reasons"]["invalid_code"]["window"]["days"] = 14
    data["version"] = "2026-06-01"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    pack = load_pack("shop")
    assert (pack.version, pack.reason("invalid_code").window.days) == ("2026-06-01", 14)


def test_broken_shop_pack_is_listed_with_its_error(home):
    """One bad file in the shop's folder would hide every pack or crash the list."""
    folder = home / "policies"
    folder.mkdir(parents=True)
    (folder / "bad.json").write_text("[]", encoding="utf-8")
    infos = {p.id: p for p in list_packs()}
    assert infos["bad"].error and "must be an object" in infos["bad"].error
    assert infos["antnum"].error is None


def test_pack_loaded_by_path(tmp_path, home):
    """A pack file sent by another shop could not be used without installing it."""
    data = raw("antimart")
    data["id"] = "elsewhere"
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_pack(str(path)).id == "elsewhere"
