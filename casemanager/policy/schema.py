"""Validation of a pack file's JSON into a PolicyPack.

Every problem is reported as a PackError naming the file, the key path (e.g.
``reasons.invalid_code.evidence[1]``) and what is wrong, because shops edit
their own packs by hand and must be able to find the mistake.

A deadline rule may say what meets it (``met_by``: the report or a case event),
whose it is (``side``: shop or customer), which other deadline of the pack it
replaces once it binds (``supersedes``: each at most once, never in a loop) and
which case event it waits for (``binding_after``). ``report_window`` and
``eligible_from`` are dates of every case, so no deadline may take those names.

Pack files written before deadlines said what meets them still load. A deadline
without one of these keys takes the meaning the application used to give it:

- ``met_by`` (the case event that meets it): by the deadline's name, from
  ``resources/policies/formats/deadline-defaults-1.json`` (the names of the
  packs shipped then); any other name is
  met by nothing and runs until the case ends.
- ``side``: 'customer' when ``met_by`` is an event the customer does (an
  appeal), else 'shop'.
- ``supersedes``: by the deadline's name, from the same file, when the
  pack has the deadline it names; otherwise nothing.
- ``binding_after``: 'extension_notice_at' for a 'third_party' deadline (a
  longer review binds a case only after prior notice), else nothing.

An explicit ``null`` means "none" and is kept, never replaced by a default.

The calendar may say ``close_whole_breaks: true``: the ordinary rest days
(the holiday country's weekend, never a make-up working day of its decree)
that touch the days off of a holiday, directly or through other rest days,
are closed too. That closes the rest days between the days off and those at
either end of the break, which is how the State Council publishes its breaks:
15-23 February 2026 (Sunday 15, Saturday 21, Sunday 22 added to the days off)
and 1-7 October 2026 (Sunday 4 added).

Holiday data (``casemanager.policy.holiday_data``): a holiday counts as
estimated when the data's name marks it so ("(estimated)", as for India's
Islamic holidays) or when it lies in a year for which a decree country (China)
has no official schedule in the data; the package keeps each year's decree in
the country's ``special_public_holidays``, so a year missing there (CN 2027
with holidays 0.85) holds only statutory days and "observed" guesses. A
deadline whose interval holds such a date says so. An extra closure or opening
on that date confirms or corrects it and ends the guess.

``statutes`` lists the ids of the laws whose clocks run beside the pack's own
(``casemanager.policy.statutes``); each must be a statute the application knows.

``profile_placeholders`` lists blanks of the clause texts (``{"text": "[Your
Support Email Here]", "field": "email"}``) that letters complete from the shop
profile (``casemanager.policy.placeholders``); each blank must occur in a clause.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casemanager.errors import DomainError
from casemanager.paths import resource
from casemanager.policy.calendar import CalendarSpec, Closure, ExtraOpening, Period
from casemanager.policy.model import (
    Clause,
    DeadlineRule,
    EvidenceKind,
    PolicyPack,
    ProRata,
    Reason,
    RefundRules,
    ReportWindow,
)
from casemanager.policy.placeholders import PROFILE_FIELDS, Placeholder
from casemanager.policy.schema_values import (
    _at,
    _bool,
    _choice,
    _clause_ref,
    _codes,
    _date,
    _int,
    _Invalid,
    _list,
    _minute,
    _obj,
    _opt_str,
    _str,
)
from casemanager.policy.statutes import STATUTE_IDS
from casemanager.policy.vocabulary import (
    CASE_EVENTS,
    CLAIM_EVENTS,
    CUSTOMER_EVENTS,
    DEADLINE_CONDITIONS,
    DEADLINE_RULES,
    DEADLINE_SIDES,
    ELIGIBLE_FROM,
    EVENTS,
    EVIDENCE_KINDS,
    MET_BY_EVENTS,
    PRODUCT_KINDS,
    REASON_RESULTS,
    REASONS,
    REMEDIES,
    REPORT_WINDOW,
    WEEKDAYS,
)

FORMAT = 1
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# Defaults for pack files without the keys (see the module docstring): what the
# application used to hard-code for the deadlines of the packs it shipped.
LEGACY_DEFAULTS = ("formats", "deadline-defaults-1.json")
_LEGACY_NOTICE = "extension_notice_at"


@cache
def _legacy(key: str) -> dict[str, str]:
    """Defaults for rules of older pack files, from the data file shipped beside the packs."""
    data = json.loads(resource("policies", *LEGACY_DEFAULTS).read_text(encoding="utf-8"))
    return data[key]


class PackError(DomainError, ValueError):
    """A pack that cannot be used: names the file, the key path and the problem."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}", key or None)
        self.file, self.key, self.problem = file, key, problem

    def __str__(self) -> str:  # the message already names the file and the key
        return " ".join(self.message.splitlines())


def _hours(v: Any, key: str) -> tuple[Period, ...]:
    periods: list[Period] = []
    for i, pair in enumerate(_list(v, key)):
        pkey = _at(key, i)
        if not isinstance(pair, list) or len(pair) != 2:
            raise _Invalid(pkey, 'must be a pair ["HH:MM", "HH:MM"]')
        opens, closes = _minute(pair[0], _at(pkey, 0)), _minute(pair[1], _at(pkey, 1))
        if closes <= opens:
            raise _Invalid(pkey, "closing time must be after opening time")
        if periods and opens < periods[-1][1]:
            raise _Invalid(pkey, "periods must be in order and must not overlap")
        periods.append((opens, closes))
    return tuple(periods)


@cache
def _holiday_countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes the holidays package has data for."""
    from holidays.registry import COUNTRIES  # noqa: PLC0415 (with holidays, as above)

    return frozenset(names[1] for names in COUNTRIES.values())


def _calendar(v: Any, key: str, holiday_data: bool = True) -> CalendarSpec:
    v = _obj(
        v,
        key,
        ("timezone", "opening_hours", "holidays"),
        ("extra_closures", "extra_openings", "close_whole_breaks"),
    )
    tz = _str(v["timezone"], _at(key, "timezone"))
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Invalid(_at(key, "timezone"), f"unknown time zone {tz!r}") from None
    hkey = _at(key, "opening_hours")
    hours_obj = _obj(v["opening_hours"], hkey, WEEKDAYS)
    week = tuple(_hours(hours_obj[d], _at(hkey, d)) for d in WEEKDAYS)
    if not any(week):
        raise _Invalid(hkey, "the shop must open on at least one weekday")
    hol_key = _at(key, "holidays")
    hol = _obj(v["holidays"], hol_key, ("country",), ("subdivision",))
    country = _str(hol["country"], _at(hol_key, "country"))
    subdiv = _opt_str(hol.get("subdivision"), _at(hol_key, "subdivision"))
    try:
        if not holiday_data:
            pass  # checked when the pack was shipped or stored (see ``parse_pack``)
        elif subdiv is None:
            # The registry names every country without importing its module (a fifth of
            # a second for CN), which a one-letter command need not pay to open a case.
            if country not in _holiday_countries():
                raise NotImplementedError(country)
        else:
            import holidays  # noqa: PLC0415 (a large package: only for a subdivision)

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                holidays.country_holidays(country, subdiv=subdiv)
    except NotImplementedError:
        raise _Invalid(_at(hol_key, "country"), f"no holiday data for {country!r}") from None
    except Exception as exc:  # the holidays package reports bad subdivisions variously
        raise _Invalid(_at(hol_key, "subdivision"), str(exc).splitlines()[0]) from None
    closures: list[Closure] = []
    ckey = _at(key, "extra_closures")
    for i, item in enumerate(_list(v.get("extra_closures", []), ckey)):
        item = _obj(item, _at(ckey, i), ("date",), ("name",))
        name = _opt_str(item.get("name"), _at(_at(ckey, i), "name")) or "closed"
        closures.append(Closure(_date(item["date"], _at(_at(ckey, i), "date")), name))
    openings: list[ExtraOpening] = []
    okey = _at(key, "extra_openings")
    closed_dates = {c.date for c in closures}
    for i, item in enumerate(_list(v.get("extra_openings", []), okey)):
        ikey = _at(okey, i)
        item = _obj(item, ikey, ("date", "hours"), ("name",))
        day = _date(item["date"], _at(ikey, "date"))
        if day in closed_dates:
            raise _Invalid(_at(ikey, "date"), f"{day} is also an extra closure")
        hours = _hours(item["hours"], _at(ikey, "hours"))
        if not hours:
            raise _Invalid(_at(ikey, "hours"), "an extra opening day needs opening hours")
        name = _opt_str(item.get("name"), _at(ikey, "name")) or "extra opening day"
        openings.append(ExtraOpening(day, hours, name))
    whole = _bool(v.get("close_whole_breaks", False), _at(key, "close_whole_breaks"))
    return CalendarSpec(tz, week, country, subdiv, tuple(closures), tuple(openings), whole)


def _reason(code: str, v: Any, key: str, clause_ids: set[str], kinds: tuple[str, ...]) -> Reason:
    v = _obj(
        v,
        key,
        ("result", "clause"),
        ("evidence", "remedies", "window", "delivery_wait_hours", "label"),
    )
    result = _choice(v["result"], _at(key, "result"), REASON_RESULTS)
    clause = _clause_ref(v["clause"], _at(key, "clause"), clause_ids)
    evidence = _codes(v.get("evidence", []), _at(key, "evidence"), kinds)
    remedies = _codes(v.get("remedies", []), _at(key, "remedies"), REMEDIES)
    window = None
    if v.get("window") is not None:
        wkey = _at(key, "window")
        w = _obj(v["window"], wkey, ("days", "from", "clause"))
        starts = _codes(w["from"], _at(wkey, "from"), CLAIM_EVENTS)
        if not starts or starts[-1] != "purchased_at":
            raise _Invalid(_at(wkey, "from"), "must end with 'purchased_at' (always given)")
        window = ReportWindow(
            _int(w["days"], _at(wkey, "days"), 0, 3660),
            starts,
            _clause_ref(w["clause"], _at(wkey, "clause"), clause_ids),
        )
    wait = v.get("delivery_wait_hours")
    if wait is not None:
        wait = _int(wait, _at(key, "delivery_wait_hours"), 1, 8784)
    if result == "cancel_before_delivery" and code != "cancellation":
        raise _Invalid(_at(key, "result"), "'cancel_before_delivery' is only for cancellation")
    if result != "eligible" and (evidence or wait is not None):
        raise _Invalid(key, f"a reason with result {result!r} takes no evidence or waiting time")
    if result == "excluded" and remedies:
        raise _Invalid(_at(key, "remedies"), "an excluded reason has no remedies")
    if result != "excluded" and not remedies:
        raise _Invalid(_at(key, "remedies"), "must list at least one remedy")
    if result == "eligible" and window is None:
        raise _Invalid(_at(key, "window"), "an eligible reason needs a report window")
    if result == "cancel_before_delivery" and window is not None:
        raise _Invalid(_at(key, "window"), "a cancellation has no report window")
    return Reason(code, result, clause, evidence, remedies, window, wait)


_DEADLINE_KEYS = ("label", "met_by", "side", "supersedes", "binding_after")


def _opt_choice(v: Any, key: str, choices: tuple[str, ...]) -> str | None:
    return None if v is None else _choice(v, key, choices)


def _deadline(name: str, v: Any, key: str, clause_ids: set[str]) -> DeadlineRule:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise _Invalid(key, "deadline names are lower-case words joined by '_'")
    if name in (REPORT_WINDOW, ELIGIBLE_FROM):
        raise _Invalid(key, f"{name!r} is a date every case has; name the deadline otherwise")
    v = _obj(v, key, ("rule", "amount", "from", "when", "clause"), _DEADLINE_KEYS)
    rule = _choice(v["rule"], _at(key, "rule"), DEADLINE_RULES)
    low = 0 if rule == "calendar_days" else 1
    when = _choice(v["when"], _at(key, "when"), DEADLINE_CONDITIONS)
    met_by = _opt_choice(
        v.get("met_by", _legacy("met_by").get(name)), _at(key, "met_by"), MET_BY_EVENTS
    )
    side = "customer" if met_by in CUSTOMER_EVENTS else "shop"
    supersedes = _opt_str(v.get("supersedes"), _at(key, "supersedes"))  # checked by _deadlines
    notice = _LEGACY_NOTICE if when == "third_party" else None
    return DeadlineRule(
        name,
        rule,
        _int(v["amount"], _at(key, "amount"), low, 3660),
        _choice(v["from"], _at(key, "from"), EVENTS),
        when,
        _clause_ref(v["clause"], _at(key, "clause"), clause_ids),
        _opt_str(v.get("label"), _at(key, "label")) or name.replace("_", " "),
        met_by,
        _choice(v.get("side", side), _at(key, "side"), DEADLINE_SIDES),
        supersedes,
        _opt_choice(v.get("binding_after", notice), _at(key, "binding_after"), CASE_EVENTS),
    )


def _deadlines(v: Any, clause_ids: set[str]) -> tuple[DeadlineRule, ...]:
    if not isinstance(v, dict):
        raise _Invalid("deadlines", "must be an object")
    given = {str(name): rule for name, rule in v.items() if not str(name).startswith("_")}
    rules = {
        name: _deadline(name, rule, _at("deadlines", name), clause_ids)
        for name, rule in given.items()
    }
    for name, rule in list(rules.items()):
        if isinstance(given[name], dict) and "supersedes" not in given[name]:
            legacy = _legacy("supersedes").get(name)
            if legacy in rules:
                rules[name] = replace(rule, supersedes=legacy)
    replaced: dict[str, str] = {}
    for name, rule in rules.items():
        target = rule.supersedes
        if target is None:
            continue
        key = _at(_at("deadlines", name), "supersedes")
        if target not in rules or target == name:
            raise _Invalid(key, f"{target!r} is not another deadline of this pack")
        if target in replaced:
            raise _Invalid(key, f"{target!r} is already superseded by {replaced[target]!r}")
        replaced[target] = name
    for name in rules:  # a chain of extensions must not loop back on itself
        seen, step = {name}, rules[name].supersedes
        while step is not None:
            if step in seen:
                key = _at(_at("deadlines", name), "supersedes")
                raise _Invalid(key, f"supersedes {step!r} in a loop")
            seen.add(step)
            step = rules[step].supersedes
    return tuple(rules.values())


def _refund(v: Any, key: str, clause_ids: set[str]) -> RefundRules:
    v = _obj(
        v,
        key,
        ("basis", "clause", "cap_at_paid", "rounding", "quantum"),
        ("cap_clause", "pro_rata"),
    )
    _choice(v["basis"], _at(key, "basis"), ("amount_paid",))
    _choice(v["rounding"], _at(key, "rounding"), ("ROUND_HALF_UP",))
    try:
        quantum = Decimal(_str(v["quantum"], _at(key, "quantum")))
    except InvalidOperation:
        quantum = Decimal(-1)
    if not quantum.is_finite() or quantum <= 0:
        raise _Invalid(_at(key, "quantum"), "must be a positive decimal string such as '0.01'")
    cap_clause = v.get("cap_clause")
    if cap_clause is not None:
        cap_clause = _clause_ref(cap_clause, _at(key, "cap_clause"), clause_ids)
    pro_rata = None
    if v.get("pro_rata") is not None:
        pkey = _at(key, "pro_rata")
        p = _obj(v["pro_rata"], pkey, ("product_kinds", "reasons", "clause"))
        pro_rata = ProRata(
            _codes(p["product_kinds"], _at(pkey, "product_kinds"), PRODUCT_KINDS),
            _codes(p["reasons"], _at(pkey, "reasons"), REASONS),
            _clause_ref(p["clause"], _at(pkey, "clause"), clause_ids),
        )
    return RefundRules(
        "amount_paid",
        _clause_ref(v["clause"], _at(key, "clause"), clause_ids),
        _bool(v["cap_at_paid"], _at(key, "cap_at_paid")),
        cap_clause,
        quantum,
        pro_rata,
    )


_TOP_REQUIRED = (
    "format",
    "id",
    "name",
    "version",
    "effective",
    "source",
    "clauses",
    "evidence",
    "reasons",
    "calendar",
    "deadlines",
    "appeals_allowed",
    "pause_while_awaiting_customer",
    "refund",
)
_TOP_OPTIONAL = (
    "readings",
    "default_currency",
    "based_on",
    "order_id_patterns",
    "statutes",
    "information_reply_days",
    "verification_clause",
    "profile_placeholders",
)


def _patterns(v: Any, key: str) -> tuple[str, ...]:
    """Regular expressions finding the shop's order ids in a customer's mail."""
    found = []
    for i, item in enumerate(_list(v, key)):
        text = _str(item, _at(key, i))
        if len(text) > 200:
            raise _Invalid(_at(key, i), "at most 200 characters")
        try:
            re.compile(text)
        except re.error as exc:
            raise _Invalid(_at(key, i), f"not a regular expression: {exc}") from None
        found.append(text)
    return tuple(found)


def _placeholders(v: Any, key: str, clauses: list[Clause]) -> tuple[Placeholder, ...]:
    """Blanks of the clause texts, each completed from one profile field."""
    found: list[Placeholder] = []
    for i, item in enumerate(_list(v, key)):
        ikey = _at(key, i)
        item = _obj(item, ikey, ("text", "field"))
        text = _str(item["text"], _at(ikey, "text"))
        if not any(text in c.text for c in clauses):
            raise _Invalid(_at(ikey, "text"), f"{text!r} appears in no clause text")
        if any(p.text == text for p in found):
            raise _Invalid(_at(ikey, "text"), f"{text!r} listed twice")
        found.append(
            Placeholder(text, _choice(item["field"], _at(ikey, "field"), tuple(PROFILE_FIELDS)))
        )
    return tuple(found)


def _pack(data: Any, path: Path | None, builtin: bool, checked: bool) -> PolicyPack:
    v = _obj(data, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    if v["format"] != FORMAT:
        raise _Invalid("format", f"unsupported pack format {v['format']!r} (expected {FORMAT})")
    pack_id = _str(v["id"], "id")
    if not PACK_ID.match(pack_id):
        raise _Invalid("id", f"{pack_id!r}: use 1-64 of a-z, 0-9, '_', '-' (first a-z or 0-9)")
    clauses: list[Clause] = []
    for i, c in enumerate(_list(v["clauses"], "clauses")):
        ckey = _at("clauses", i)
        c = _obj(c, ckey, ("id", "title", "text"))
        clause = Clause(
            _str(c["id"], _at(ckey, "id")),
            _str(c["title"], _at(ckey, "title")),
            _str(c["text"], _at(ckey, "text")),
        )
        if any(x.id == clause.id for x in clauses):
            raise _Invalid(_at(ckey, "id"), f"clause {clause.id!r} listed twice")
        clauses.append(clause)
    if not clauses:
        raise _Invalid("clauses", "a pack needs at least one clause")
    clause_ids = {c.id for c in clauses}
    ev = _obj(v["evidence"], "evidence", ("clause", "kinds"))
    kinds: list[EvidenceKind] = []
    for i, k in enumerate(_list(ev["kinds"], "evidence.kinds")):
        kkey = _at("evidence.kinds", i)
        k = _obj(k, kkey, ("code", "label"))
        code = _choice(k["code"], _at(kkey, "code"), EVIDENCE_KINDS)
        if any(x.code == code for x in kinds):
            raise _Invalid(_at(kkey, "code"), f"{code!r} listed twice")
        kinds.append(EvidenceKind(code, _str(k["label"], _at(kkey, "label"))))
    missing_kinds = [k for k in EVIDENCE_KINDS if k not in {x.code for x in kinds}]
    if missing_kinds:
        raise _Invalid("evidence.kinds", f"missing evidence kind(s): {', '.join(missing_kinds)}")
    kind_codes = tuple(k.code for k in kinds)
    reasons_obj = _obj(v["reasons"], "reasons", REASONS)
    reasons = tuple(
        _reason(code, reasons_obj[code], _at("reasons", code), clause_ids, kind_codes)
        for code in REASONS
    )
    deadlines = _deadlines(v["deadlines"], clause_ids)
    readings = tuple(
        _str(r, _at("readings", i)) for i, r in enumerate(_list(v.get("readings", []), "readings"))
    )
    statutes = _codes(v.get("statutes", []), "statutes", STATUTE_IDS)
    based_on = v.get("based_on")
    if based_on is not None:
        based_on = _str(based_on, "based_on")
    return PolicyPack(
        id=pack_id,
        name=_str(v["name"], "name"),
        version=_str(v["version"], "version"),
        effective=_date(v["effective"], "effective"),
        source=_str(v["source"], "source"),
        clauses=tuple(clauses),
        evidence_kinds=tuple(kinds),
        evidence_clause=_clause_ref(ev["clause"], "evidence.clause", clause_ids),
        reasons=reasons,
        calendar=_calendar(v["calendar"], "calendar", holiday_data=not checked),
        deadlines=deadlines,
        appeals_allowed=_int(v["appeals_allowed"], "appeals_allowed", 0, 10),
        pause_while_awaiting_customer=_bool(
            v["pause_while_awaiting_customer"], "pause_while_awaiting_customer"
        ),
        refund=_refund(v["refund"], "refund", clause_ids),
        readings=readings,
        default_currency=_opt_str(v.get("default_currency"), "default_currency"),
        based_on=based_on,
        statutes=statutes,
        order_id_patterns=_patterns(v.get("order_id_patterns", []), "order_id_patterns"),
        information_reply_days=_int(
            v.get("information_reply_days", 5), "information_reply_days", 1, 60
        ),
        verification_clause=(
            _clause_ref(v["verification_clause"], "verification_clause", clause_ids)
            if v.get("verification_clause") is not None
            else None
        ),
        profile_placeholders=_placeholders(
            v.get("profile_placeholders", []), "profile_placeholders", clauses
        ),
        path=path,
        builtin=builtin,
    )


def parse_pack(
    data: Any, *, path: Path | None = None, builtin: bool = False, checked: bool = False
) -> PolicyPack:
    """Validate pack JSON (already decoded) into a PolicyPack, or raise PackError.

    ``checked``: the pack passed this validation before (a shipped pack, which the
    tests check, or the snapshot stored with a case): whether the holidays package
    has data for its country is not asked again, since asking loads that large
    package, which a letter or a case file never needs otherwise.
    """
    try:
        return _pack(data, path, builtin, checked)
    except _Invalid as exc:
        raise PackError(str(path) if path else "<pack>", exc.key, exc.problem) from None
