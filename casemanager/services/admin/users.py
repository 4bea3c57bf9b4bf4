"""The people who work in this database, and which of them this seat works as.

The name a seat signs in with is the context's ``actor``: every audit event,
decision and letter carries it. The list lives in the database, so each seat
of a shared server sees the same people; an empty list (a new database, the
command line before anyone was added) accepts the configured name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from casemanager.errors import DomainError
from casemanager.policy import limits
from casemanager.services import audit
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import AppUser

ENV_VAR = "CASEMANAGER_USER"
NAME_LIMIT = 80


@dataclass(frozen=True)
class UserInfo:
    name: str
    active: bool


def _checked_name(name: object) -> str:
    return limits.text(name, "user", NAME_LIMIT, required=True)


@uses_database
def list_users(ctx: AppContext, include_inactive: bool = False) -> list[UserInfo]:
    query = AppUser.select().order_by(AppUser.name)
    if not include_inactive:
        query = query.where(AppUser.active == True)  # noqa: E712 (SQL comparison)
    return [UserInfo(u.name, u.active) for u in query]


def add_user(ctx: AppContext, name: str) -> UserInfo:
    """Add a person to the list (a former one becomes active again)."""
    name = _checked_name(name)
    with ctx.transaction():
        row = AppUser.get_or_none(AppUser.name == name)
        if row is not None and row.active:
            raise DomainError(f"{name} is already on the list", "name")
        if row is None:
            AppUser.create(name=name, created_at=ctx.clock.now())
        else:
            row.active = True
            row.save()
        audit.record(ctx, "user_added", None, {"name": name})
    return UserInfo(name, True)


def deactivate_user(ctx: AppContext, name: str) -> None:
    """Take a person off the list; their name stays on everything they did."""
    with ctx.transaction():
        row = AppUser.get_or_none((AppUser.name == name) & (AppUser.active == True))  # noqa: E712
        if row is None:
            raise DomainError(f"{name} is not on the list", "name")
        if AppUser.select().where(AppUser.active == True).count() == 1:  # noqa: E712
            raise DomainError("the last person on the list cannot be removed", "name")
        row.active = False
        row.save()
        audit.record(ctx, "user_removed", None, {"name": name})


def sign_in(ctx: AppContext, name: str) -> str:
    """Work as ``name`` from now on; it must be on the list once the list has anyone."""
    name = _checked_name(name)
    with ctx.reading():
        known = [u.name for u in list_users(ctx)]
    if known and name not in known:
        raise DomainError(f"{name} is not on the user list ({', '.join(known)})", "user")
    ctx.actor = name
    return name


def sign_in_first(ctx: AppContext, name: str) -> str:
    """The first person of a new list: added and signed in, in one step."""
    with ctx.transaction():
        if not list_users(ctx):
            add_user(ctx, name)
    return sign_in(ctx, name)


def requested_name(explicit: str | None) -> str | None:
    """The name asked for on the command line, else in ``$CASEMANAGER_USER``."""
    return explicit or os.environ.get(ENV_VAR) or None


def resolve_actor(ctx: AppContext, requested: str | None, writes: bool = True) -> str:
    """Who this command works as: the name asked for, else the configured one if listed,
    else the only person on the list. With several people and no name, a command that
    writes is refused rather than recording changes under a name nobody chose."""
    if requested:
        return sign_in(ctx, requested)
    known = [u.name for u in list_users(ctx)]
    if not known or ctx.actor in known:
        return ctx.actor
    if len(known) == 1:
        ctx.actor = known[0]
        return ctx.actor
    if writes:
        raise DomainError(
            f"say who is working: --user NAME or ${ENV_VAR} (one of {', '.join(known)})", "user"
        )
    return ctx.actor
