"""Finding, loading and copying policy packs.

A pack reference is a built-in id (``antimart``, ``antnum``), the id of a shop
pack in ``user_policy_dir()``, or a path to a pack file. Built-in packs are
cached for the life of the process; shop packs are re-read when their file
changes, so an edit shows up without restarting.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from casemanager.paths import resource, user_policy_dir
from casemanager.policy import limits
from casemanager.policy.model import PolicyPack
from casemanager.policy.schema import PACK_ID, PackError, parse_pack

BUILTIN_DIR = resource("policies")


class UnknownPackError(PackError):
    """No built-in pack, shop pack or pack file answers to the reference."""


@dataclass(frozen=True)
class PackInfo:
    """A line of the pack list; ``error`` is set (and the rest partly empty) for a broken pack."""

    id: str
    name: str
    version: str
    effective: date | None
    path: Path
    builtin: bool
    error: str | None = None


@lru_cache(maxsize=1)
def builtin_ids() -> tuple[str, ...]:
    """Ids of the packs shipped in resources/policies (read once per process)."""
    return tuple(sorted(p.stem for p in BUILTIN_DIR.glob("*.json")))


MAX_PACK_BYTES = 4 * 1024 * 1024  # the shipped packs are a few kilobytes


def _read_json(path: Path) -> Any:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise PackError(str(path), "", f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return limits.load_json(raw, "pack", max_bytes=MAX_PACK_BYTES)
    except limits.LimitError as exc:
        raise PackError(str(path), "", exc.message) from None


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a regular file; a name the system refuses is not one."""
    try:
        return path.is_file()
    except (OSError, ValueError):  # too long, NUL in the name
        return False


def load_file(path: Path, *, builtin: bool = False) -> PolicyPack:
    """Load and validate one pack file (no caching)."""
    return parse_pack(_read_json(path), path=path, builtin=builtin)


@cache
def _builtin(pack_id: str) -> PolicyPack:
    return load_file(BUILTIN_DIR / f"{pack_id}.json", builtin=True)


_user_cache: dict[Path, tuple[tuple[int, int], PolicyPack]] = {}
_user_lock = threading.Lock()


def _load_cached(path: Path) -> PolicyPack:
    """A shop pack, re-read only when the file's size or modification time changed."""
    path = path.resolve()
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _user_lock:
        hit = _user_cache.get(path)
    if hit and hit[0] == stamp:
        return hit[1]
    pack = load_file(path)
    with _user_lock:
        _user_cache[path] = (stamp, pack)
    return pack


def load_pack(ref: str) -> PolicyPack:
    """The pack a reference names: built-in id, shop pack id, or path to a pack file."""
    if ref in builtin_ids():
        return _builtin(ref)
    if PACK_ID.match(ref):
        own = user_policy_dir() / f"{ref}.json"
        if _is_file(own):
            pack = _load_cached(own)
            if pack.id != ref:
                raise PackError(str(own), "id", f"{pack.id!r} does not match the file name")
            return pack
    path = _as_path(ref)
    if ref.strip() and path is not None and _is_file(path):
        return _load_cached(path)
    raise UnknownPackError(
        ref,
        "",
        f"unknown policy pack: not a built-in id ({', '.join(builtin_ids())}), "
        f"a pack in {user_policy_dir()} or a pack file",
    )


def _as_path(ref: str) -> Path | None:
    """The file a reference may name; None when it cannot be one (too long, ``~nobody``)."""
    if len(ref) > 4096:
        return None
    try:
        return Path(ref).expanduser()
    except RuntimeError:  # "~name" of a user this computer does not have
        return None


def list_packs() -> list[PackInfo]:
    """Built-in packs, then the shop's own packs by id (broken ones with their error)."""
    infos = [_info(BUILTIN_DIR / f"{i}.json", True) for i in builtin_ids()]
    own = sorted(user_policy_dir().glob("*.json"))
    infos.extend(_info(p, False) for p in own)
    return infos


def _info(path: Path, builtin: bool) -> PackInfo:
    try:
        pack = _builtin(path.stem) if builtin else _load_cached(path)
    except PackError as exc:
        return PackInfo(path.stem, path.stem, "", None, path, builtin, str(exc))
    return PackInfo(pack.id, pack.name, pack.version, pack.effective, path, builtin)


def copy_pack(source_ref: str, new_id: str, new_name: str | None = None) -> Path:
    """Copy a pack into the shop's folder under a new id; returns the new file's path."""
    target = user_policy_dir() / f"{new_id}.json"
    if not PACK_ID.match(new_id):
        raise PackError(str(target), "id", f"{new_id!r}: use 1-64 of a-z, 0-9, '_', '-'")
    if new_id in builtin_ids():
        raise PackError(str(target), "id", f"{new_id!r} is a built-in pack id")
    if target.exists():
        raise PackError(str(target), "id", f"a pack with id {new_id!r} already exists")
    source = load_pack(source_ref)
    assert source.path is not None  # every loaded pack comes from a file
    data = _read_json(source.path)
    data["id"] = new_id
    data["name"] = new_name or f"{source.name} (copy)"
    data["based_on"] = f"{source.id}@{source.version}"
    parse_pack(data, path=target)  # never write a pack that would not load
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        # 'x' refuses to overwrite a pack created meanwhile by another window or seat.
        with target.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise PackError(str(target), "id", f"a pack with id {new_id!r} already exists") from None
    return target
