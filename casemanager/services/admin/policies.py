"""Policy packs as the shop uses them: listing, copying, and per-case snapshots.

A case keeps the exact pack text it was recorded under (a content-addressed
blob), so editing the shop's own pack file later never changes an old case's
deadlines or decision silently; re-basing a case on a new pack is an explicit
correction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from peewee import fn

from casemanager.policy import (
    PackError,
    PackInfo,
    PolicyPack,
    copy_pack,
    list_packs,
    load_pack,
    parse_pack,
)
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Blob, Case

PACK_MIME = "application/vnd.casemanager.policy+json"


def available_packs() -> list[PackInfo]:
    """Built-in packs first, then the shop's own (broken ones listed with their error)."""
    return list_packs()


@uses_database
def cases_per_pack(ctx: AppContext) -> dict[str, int]:
    """How many cases of the database were recorded under each pack id."""
    with ctx.reading():
        query = Case.select(Case.policy_id, fn.COUNT(Case.id)).group_by(Case.policy_id)
        return {policy: count for policy, count in query.tuples()}


def copy_builtin(source_ref: str, new_id: str, new_name: str | None = None) -> Path:
    """Copy a pack into the shop's policy folder under ``new_id``; returns the file to edit."""
    return copy_pack(source_ref, new_id, new_name)


def pack_zone(policy_id: str) -> str:
    """The time zone the policy pack counts its deadlines in."""
    return load_pack(policy_id).calendar.timezone


def pack_name(policy_id: str) -> str:
    """The pack's own name ('AntiMart returns policy'), or its id when it does not load."""
    try:
        return load_pack(policy_id).name
    except PackError:
        return policy_id


def snapshot(pack: PolicyPack, now: dt.datetime) -> str:
    """Store the pack's file content (once per distinct text); returns its SHA-256."""
    assert pack.path is not None  # every loaded pack comes from a file
    data = pack.path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    Blob.insert(
        sha256=sha, size=len(data), mime=PACK_MIME, data=data, created_at=now
    ).on_conflict_ignore().execute()
    return sha


@lru_cache(maxsize=64)
def _pack_from_blob(sha: str) -> PolicyPack:
    blob = Blob.get_by_id(sha)
    data = json.loads(bytes(blob.data).decode("utf-8"))
    # Stored from a pack that loaded, so validated once already (see ``parse_pack``).
    return parse_pack(data, path=Path(f"snapshot:{sha}"), checked=True)


def pack_for_case(case: Case) -> PolicyPack:
    """The pack exactly as it was when the case was recorded under it."""
    return pack_of(case.policy_id, case.policy_snapshot_id)


def pack_of(policy_id: str, snapshot_id: str | None) -> PolicyPack:
    """The pack of a case recorded under ``policy_id``, from its stored snapshot if any."""
    if snapshot_id:
        return _pack_from_blob(snapshot_id)
    return load_pack(policy_id)
