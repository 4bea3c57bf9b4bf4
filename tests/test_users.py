"""The user list: who works in the database, and who a seat or a command works as."""

from __future__ import annotations

import pytest

from casemanager.errors import DomainError
from casemanager.services import audit
from casemanager.services.admin import users
from casemanager.services.cases import records
from casemanager.store.models import AuditEvent
from tests.cli_helpers import run_cli
from tests.factories import new_case


def test_people_are_added_listed_and_removed_with_their_names_kept(ctx):
    """The owner adds two helpers and removes one; what that one did still names them."""
    users.add_user(ctx, "Asha Rao")
    users.add_user(ctx, "Bo Li")
    users.sign_in(ctx, "Bo Li")
    records.create_case(ctx, new_case())
    users.sign_in(ctx, "Asha Rao")
    users.deactivate_user(ctx, "Bo Li")
    assert [u.name for u in users.list_users(ctx)] == ["Asha Rao"]
    created = AuditEvent.get(AuditEvent.kind == "case_created")
    assert created.actor == "Bo Li"
    assert audit.verify_chain(ctx) == []


def test_unknown_names_and_the_last_person_are_refused(ctx):
    """Nobody can work under a name that is not on the list, nor empty the list."""
    users.add_user(ctx, "Asha Rao")
    with pytest.raises(DomainError, match="not on the user list"):
        users.sign_in(ctx, "Mallory")
    with pytest.raises(DomainError, match="already on the list"):
        users.add_user(ctx, "Asha Rao")
    with pytest.raises(DomainError, match="last person"):
        users.deactivate_user(ctx, "Asha Rao")
    with pytest.raises(DomainError, match="required"):
        users.add_user(ctx, "   ")


def test_a_command_with_several_people_must_say_who(ctx, db_path, capsys, monkeypatch):
    """With two people on the list a writing command asks who is working; reads do not."""
    monkeypatch.delenv(users.ENV_VAR, raising=False)
    users.add_user(ctx, "Asha Rao")
    users.add_user(ctx, "Bo Li")
    code, _out, err = run_cli(capsys, "demo-data", "--cases", "2", "--db", str(db_path))
    assert code == 2 and "--user NAME" in err and "Asha Rao, Bo Li" in err
    code, out, _err = run_cli(capsys, "cases", "--db", str(db_path))
    assert code == 0 and "0 case(s)" in out
    code, _out, _err = run_cli(
        capsys, "demo-data", "--cases", "2", "--db", str(db_path), "--user", "Bo Li"
    )
    assert code == 0
    actors = {e.actor for e in AuditEvent.select().where(AuditEvent.case.is_null(False))}
    assert actors == {"Bo Li"}


def test_the_only_person_is_chosen_and_the_user_command_manages_the_list(
    ctx, db_path, capsys, monkeypatch
):
    """A one-person shop never types its name; `user add/list/remove` keep the list."""
    monkeypatch.delenv(users.ENV_VAR, raising=False)
    assert run_cli(capsys, "user", "add", "Asha Rao", "--db", str(db_path))[0] == 0
    code, out, _ = run_cli(capsys, "user", "list", "--db", str(db_path))
    assert code == 0 and out.strip() == "Asha Rao (you)"
    assert run_cli(capsys, "user", "add", "Bo Li", "--db", str(db_path))[0] == 0
    code, _, err = run_cli(capsys, "user", "remove", "Zed", "--db", str(db_path), "--user", "Bo Li")
    assert code == 2 and "Zed is not on the list" in err
    monkeypatch.setenv(users.ENV_VAR, "Bo Li")
    assert run_cli(capsys, "user", "remove", "Asha Rao", "--db", str(db_path))[0] == 0
    assert [u.name for u in users.list_users(ctx)] == ["Bo Li"]
    removed = AuditEvent.get(AuditEvent.kind == "user_removed")
    assert removed.actor == "Bo Li" and removed.data == {"name": "Asha Rao"}


def test_the_name_given_in_settings_joins_the_list_and_works_at_this_seat(ctx):
    """Naming yourself in the welcome or settings dialog puts you on the list, signed in."""
    from dataclasses import replace

    from casemanager.services.admin import settings

    current = settings.load(ctx)
    settings.save(ctx, replace(current, user_name="Meera Iyer"))
    assert [u.name for u in users.list_users(ctx)] == ["Meera Iyer"]
    assert ctx.actor == "Meera Iyer"
