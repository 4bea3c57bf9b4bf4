"""Shop settings shared by every seat: profile for letters, user name, defaults, folders."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casemanager.errors import DomainError
from casemanager.policy import UnknownPackError, load_pack
from casemanager.services import audit
from casemanager.services.admin import users
from casemanager.services.context import USER_NAME_KEY, AppContext, uses_database
from casemanager.store import locking
from casemanager.store.models import AuditEvent, Blob, Setting

SHOP_KEY = "shop.profile"
DEFAULT_POLICY_KEY = "policy.default"
DATA_DIR_KEY = "paths.data"
BACKUP_DIR_KEY = "paths.backups"
WELCOMED_KEY = "desk.welcomed"
MAX_LOGO_BYTES = 2_000_000


class SettingsError(DomainError, ValueError):
    """Bad settings input; ``field`` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


@dataclass(frozen=True)
class ShopProfile:
    """Who the shop is, as its letters show it."""

    name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    logo_sha256: str = ""
    currency: str = "INR"
    timezone: str = "Asia/Kolkata"
    # The grievance officer the Indian E-Commerce Rules, 2020 require a seller to name.
    grievance_officer: str = ""
    grievance_designation: str = ""
    grievance_contact: str = ""

    def grievance_line(self) -> str:
        """'Grievance officer: A. Rao, Customer Care Head, grievance@…' (empty when unnamed)."""
        parts = [self.grievance_officer, self.grievance_designation, self.grievance_contact]
        named = ", ".join(p for p in parts if p)
        return f"Grievance officer: {named}" if self.grievance_officer else ""

    @classmethod
    def from_json(cls, value: Any) -> ShopProfile:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (value or {}).items() if k in known})


@dataclass(frozen=True)
class SettingsVersion:
    """The versions of the settings rows a dialog was opened on (by key; 0: not stored yet)
    and the last audit event then."""

    versions: tuple[tuple[str, int], ...]
    seen: int


@dataclass(frozen=True)
class DeskSettings:
    """Everything the Settings dialog edits; ``opened`` is what it was loaded at (``load``)."""

    shop: ShopProfile
    user_name: str
    default_policy: str
    data_folder: str
    backup_folder: str
    opened: SettingsVersion | None = field(default=None, compare=False)


class StaleSettings(SettingsError):
    """Someone else saved the settings after the dialog was opened; nothing was written."""

    def __init__(self, who: list[str]) -> None:
        said = "; ".join(who) or "they were saved again"
        super().__init__(
            "settings",
            f"the settings were changed by someone else after this dialog was opened — {said}."
            " Close the dialog and open it again to see them.",
        )


DESK_KEYS = (SHOP_KEY, USER_NAME_KEY, DEFAULT_POLICY_KEY, DATA_DIR_KEY, BACKUP_DIR_KEY)


@uses_database
def get(ctx: AppContext, key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else default


def _put(key: str, value: Any) -> None:
    Setting.insert(key=key, value=value).on_conflict(
        conflict_target=[Setting.key],
        update={Setting.value: value, Setting.version: Setting.version + 1},
    ).execute()


@uses_database
def shop_profile(ctx: AppContext) -> ShopProfile:
    return ShopProfile.from_json(get(ctx, SHOP_KEY))


@uses_database
def load(ctx: AppContext) -> DeskSettings:
    with ctx.snapshot():
        return DeskSettings(
            shop=shop_profile(ctx),
            user_name=get(ctx, USER_NAME_KEY, "") or "",
            default_policy=get(ctx, DEFAULT_POLICY_KEY, "antimart") or "antimart",
            data_folder=get(ctx, DATA_DIR_KEY, "") or "",
            backup_folder=get(ctx, BACKUP_DIR_KEY, "") or "",
            opened=_version(),
        )


def _version() -> SettingsVersion:
    rows = Setting.select(Setting.key, Setting.version).where(Setting.key.in_(DESK_KEYS))
    stored = {r.key: r.version for r in rows}
    last = AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id.desc()).first()
    return SettingsVersion(tuple((k, stored.get(k, 0)) for k in DESK_KEYS), last.id if last else 0)


def _check_fresh(ctx: AppContext, opened: SettingsVersion | None) -> None:
    """StaleSettings when a settings row was saved since ``opened`` (rows locked first)."""
    if opened is None:
        return
    ids = [r.id for r in Setting.select(Setting.id).where(Setting.key.in_(DESK_KEYS))]
    locking.lock_rows(ctx.db, Setting, *ids)
    if _version().versions == opened.versions:
        return
    events = AuditEvent.select().where(
        (AuditEvent.id > opened.seen) & (AuditEvent.kind == "settings_changed")
    )
    who = [
        f"{e.actor} at {e.at.strftime('%Y-%m-%d %H:%M')} UTC ({', '.join(e.data.get('keys', []))})"
        for e in events.order_by(AuditEvent.id)
    ]
    raise StaleSettings(who)


def validate(new: DeskSettings) -> None:
    """Raise SettingsError naming the first field that cannot be stored."""
    shop = new.shop
    if shop.currency and (len(shop.currency) != 3 or not shop.currency.isalpha()):
        raise SettingsError("currency", f"a three-letter code such as INR, not {shop.currency!r}")
    try:
        ZoneInfo(shop.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError("timezone", f"unknown time zone {shop.timezone!r}") from None
    if shop.email and "@" not in shop.email:
        raise SettingsError("email", f"not an e-mail address: {shop.email!r}")
    try:
        load_pack(new.default_policy)
    except UnknownPackError:
        raise SettingsError("default_policy", f"no policy pack {new.default_policy!r}") from None


@uses_database
def save(ctx: AppContext, new: DeskSettings) -> list[str]:
    """Store the settings in one transaction with one audit event; returns changed keys."""
    validate(new)
    wanted = {
        SHOP_KEY: asdict(new.shop),
        USER_NAME_KEY: new.user_name.strip(),
        DEFAULT_POLICY_KEY: new.default_policy,
        DATA_DIR_KEY: new.data_folder.strip(),
        BACKUP_DIR_KEY: new.backup_folder.strip(),
    }
    with ctx.transaction():
        _check_fresh(ctx, new.opened)
        changed = [key for key, value in wanted.items() if get(ctx, key) != value]
        for key in changed:
            _put(key, wanted[key])
        if changed:
            audit.record(ctx, "settings_changed", None, {"keys": changed})
        name = new.user_name.strip()
        # The name given here works at this seat, so it belongs on the user list.
        if USER_NAME_KEY in changed and name and name not in _listed(ctx):
            users.add_user(ctx, name)
    if USER_NAME_KEY in changed and new.user_name.strip():
        users.sign_in(ctx, new.user_name)
    return changed


def _listed(ctx: AppContext) -> set[str]:
    return {u.name for u in users.list_users(ctx, include_inactive=True)}


@uses_database
def store_logo(ctx: AppContext, path: Path) -> str:
    """Keep the logo's bytes in the database (so backups hold it); returns its hash."""
    data = Path(path).read_bytes()
    mime = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    return store_logo_data(ctx, data, Path(path).name, mime)


@uses_database
def store_logo_data(ctx: AppContext, data: bytes, name: str, mime: str) -> str:
    """``store_logo`` of bytes already in hand (a generated logo); returns their hash."""
    if len(data) > MAX_LOGO_BYTES:
        raise SettingsError("logo", f"larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    sha = hashlib.sha256(data).hexdigest()
    with ctx.transaction():
        Blob.insert(
            sha256=sha, size=len(data), mime=mime, data=data, created_at=ctx.clock.now()
        ).on_conflict_ignore().execute()
        audit.record(ctx, "logo_stored", None, {"sha256": sha, "name": name})
    return sha


@uses_database
def logo_bytes(ctx: AppContext, sha: str) -> bytes | None:
    blob = Blob.get_or_none(Blob.sha256 == sha) if sha else None
    return bytes(blob.data) if blob else None


@uses_database
def welcomed(ctx: AppContext) -> bool:
    return bool(get(ctx, WELCOMED_KEY, False))


@uses_database
def mark_welcomed(ctx: AppContext) -> None:
    with ctx.transaction():
        _put(WELCOMED_KEY, True)
        audit.record(ctx, "welcome_done", None, {})
