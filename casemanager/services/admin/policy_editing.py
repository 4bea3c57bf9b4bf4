"""Editing the shop's own policy packs: drafts, checks, versions, history, import and export.

A draft is the pack file's JSON as plain data; the editor changes it and
``check`` validates it with exactly the checks of loading a file. Saving writes
a new version: the live pack file ``policies/<id>.json`` (what new cases are
recorded under) and a copy kept as ``policies/versions/<id>/<version>.json``.
Cases already recorded keep the pack text they were recorded under (their
snapshot), so a new version changes new cases only.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casemanager.paths import user_policy_dir
from casemanager.policy import PackError, PolicyPack, load_pack, parse_pack
from casemanager.policy.packs import builtin_ids
from casemanager.policy.preview import CalculatedDeadline, DayInfo, calculate, year_view
from casemanager.policy.schema import PACK_ID
from casemanager.policy.vocabulary import (
    DEADLINE_CONDITIONS,
    DEADLINE_RULES,
    EVENTS,
    REASON_RESULTS,
    REASONS,
    REMEDIES,
    WEEKDAYS,
)
from casemanager.services import audit
from casemanager.services.admin.policies import copy_builtin
from casemanager.services.context import AppContext

Draft = dict[str, Any]


@dataclass(frozen=True)
class VersionInfo:
    version: str
    effective: str
    name: str


@dataclass(frozen=True)
class Change:
    """One difference between two versions: ``part`` 'clause', 'deadline', 'reason'..."""

    part: str
    key: str
    what: str  # added, removed, changed
    before: str = ""
    after: str = ""

    def describe(self) -> str:
        head = f"{self.part} {self.key}: {self.what}"
        if self.what == "changed":
            return f"{head}\n  before: {self.before}\n  after:  {self.after}"
        return f"{head}: {self.after or self.before}"


def _versions_dir(pack_id: str) -> Path:
    return user_policy_dir() / "versions" / pack_id


def _version_file(pack_id: str, version: str) -> Path:
    return _versions_dir(pack_id) / (re.sub(r"[^A-Za-z0-9._-]", "_", version) + ".json")


def _text(draft: Draft) -> str:
    return json.dumps(draft, indent=2, ensure_ascii=False) + "\n"


def _write(path: Path, text: str) -> None:
    """Write through a temporary file so a crash never leaves half a pack."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def check(draft: Draft) -> PolicyPack:
    """The draft as a pack, or PackError naming the field (the checks of loading a file)."""
    return parse_pack(copy.deepcopy(draft), path=Path(f"{draft.get('id') or 'draft'}.json"))


def problem(draft: Draft) -> PackError | None:
    """The first problem of the draft, or None when it would load."""
    try:
        check(draft)
    except PackError as exc:
        return exc
    return None


def load_draft(pack_ref: str) -> Draft:
    """The JSON of a pack (built-in or the shop's) as an editable draft."""
    pack = load_pack(pack_ref)
    assert pack.path is not None
    return json.loads(pack.path.read_text(encoding="utf-8"))


def copy_to_own(ctx: AppContext, source_ref: str, new_id: str, name: str | None = None) -> Draft:
    """Copy a pack into the shop's folder under ``new_id``; its first version is kept too."""
    path = copy_builtin(source_ref, new_id, name)
    draft = json.loads(path.read_text(encoding="utf-8"))
    _write(_version_file(new_id, draft["version"]), _text(draft))
    with ctx.transaction():
        audit.record(ctx, "policy_copied", None, {"from": source_ref, "id": new_id})
    return draft


def versions(pack_id: str) -> list[VersionInfo]:
    """The saved versions of a shop pack, oldest effective date first."""
    out = []
    for path in _versions_dir(pack_id).glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(VersionInfo(data["version"], data["effective"], data["name"]))
    return sorted(out, key=lambda v: (v.effective, v.version))


def version_draft(pack_id: str, version: str) -> Draft:
    return json.loads(_version_file(pack_id, version).read_text(encoding="utf-8"))


def save_version(ctx: AppContext, draft: Draft) -> PolicyPack:
    """Save the draft as a new version of the shop's pack; new cases follow it."""
    pack = check(draft)
    if pack.id in builtin_ids():
        raise PackError(f"{pack.id}.json", "id", "a built-in pack cannot be changed; copy it")
    if not PACK_ID.match(pack.id):
        raise PackError(f"{pack.id}.json", "id", "not a pack id")
    if any(v.version == pack.version for v in versions(pack.id)):
        raise PackError(
            f"{pack.id}.json", "version", f"version {pack.version!r} exists; give a new version"
        )
    text = _text(draft)
    _write(_version_file(pack.id, pack.version), text)
    _write(user_policy_dir() / f"{pack.id}.json", text)
    with ctx.transaction():
        audit.record(ctx, "policy_saved", None, {"id": pack.id, "version": pack.version})
    return load_pack(pack.id)


def export_pack(pack_ref: str, target: Path) -> Path:
    """Write the pack's file to ``target`` (any pack: built-in or the shop's)."""
    target = Path(target)
    _write(target, _text(load_draft(pack_ref)))
    return target


def import_pack(ctx: AppContext, source: Path) -> PolicyPack:
    """Take a pack file in as a shop pack (a new pack, or a new version of one)."""
    try:
        draft = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackError(str(source), "", f"cannot read a pack: {exc}") from None
    if not isinstance(draft, dict):
        raise PackError(str(source), "", "not a pack (a JSON object)")
    return save_version(ctx, draft)


def _clauses(d: Draft) -> dict[str, str]:
    return {c["id"]: f"{c['title']} — {c['text']}" for c in d.get("clauses", [])}


def _dump(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _keyed(part: str, old: dict, new: dict) -> list[Change]:
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key not in new:
            out.append(Change(part, key, "removed", before=_dump(old[key])))
        elif key not in old:
            out.append(Change(part, key, "added", after=_dump(new[key])))
        elif _dump(old[key]) != _dump(new[key]):
            out.append(Change(part, key, "changed", _dump(old[key]), _dump(new[key])))
    return out


def compare(old: Draft, new: Draft) -> list[Change]:
    """What changed from ``old`` to ``new``: clause by clause, then the other parts."""
    changes: list[Change] = []
    old_c, new_c = _clauses(old), _clauses(new)
    for cid in [*old_c, *(c for c in new_c if c not in old_c)]:
        if cid not in new_c:
            changes.append(Change("clause", cid, "removed", before=old_c[cid]))
        elif cid not in old_c:
            changes.append(Change("clause", cid, "added", after=new_c[cid]))
        elif old_c[cid] != new_c[cid]:
            changes.append(Change("clause", cid, "changed", old_c[cid], new_c[cid]))
    changes += _keyed("reason", old.get("reasons", {}), new.get("reasons", {}))
    changes += _keyed("deadline", old.get("deadlines", {}), new.get("deadlines", {}))
    changes += _keyed("calendar", old.get("calendar", {}), new.get("calendar", {}))
    skip = ("clauses", "reasons", "deadlines", "calendar")
    top_old = {k: v for k, v in old.items() if k not in skip}
    top_new = {k: v for k, v in new.items() if k not in skip}
    changes += _keyed("pack", top_old, top_new)
    return changes


def preview_year(draft: Draft, year: int) -> list[DayInfo]:
    """The year view of the draft's calendar (PackError when the draft does not load)."""
    return year_view(check(draft), year)


def preview_deadlines(
    draft: Draft, received_at: dt.datetime, reason: str
) -> list[CalculatedDeadline]:
    """Every deadline of a claim received at ``received_at`` for ``reason`` under the draft."""
    return calculate(check(draft), received_at, reason)


# What the editor's drop-downs offer (the vocabularies the checks accept).
CHOICES: dict[str, tuple[str, ...]] = {
    "reasons": REASONS,
    "results": REASON_RESULTS,
    "remedies": REMEDIES,
    "rules": DEADLINE_RULES,
    "events": EVENTS,
    "conditions": DEADLINE_CONDITIONS,
    "weekdays": WEEKDAYS,
}
