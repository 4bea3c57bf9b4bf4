"""Backups of a PostgreSQL database with the server's own client tools.

``pg_dump -Fc`` writes a custom-format archive, read back with ``pg_restore
--list`` before it gets its final name; ``pg_restore --single-transaction
--clean`` puts one back, all or nothing. The password, if the URL has one, is
handed over in ``PGPASSWORD``, never on a command line other users can see.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from casemanager.store.backup import BackupError, BackupStopped, CheckStop
from casemanager.store.database import DatabaseTarget

SUFFIX = ".pgdump"
TOOL_TIMEOUT_S = 3600
INSTALL_HINT = (
    "install the PostgreSQL client tools (Debian/Ubuntu: sudo apt-get install postgresql-client)"
)
_MIGRATION_NAME = re.compile(r"^\d+\t(\d{4}_\w+)\t", re.MULTILINE)


def tool(name: str) -> str:
    """Path of ``pg_dump``/``pg_restore``: on PATH, else the newest Debian install."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    raise BackupError(f"{name} not found: {INSTALL_HINT}")


def _connection(target: DatabaseTarget) -> tuple[str, dict[str, str]]:
    """The URL without its password, and the environment carrying the password."""
    parts = urlsplit(target.spec)
    env = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}@{host}"
    options = []
    for option in filter(None, parts.query.split("&")):
        key, _, value = option.partition("=")
        if key == "password":
            env["PGPASSWORD"] = unquote(value)
        else:
            options.append(option)
    return urlunsplit(("postgresql", netloc, parts.path, "&".join(options), "")), env


def _run(
    cmd: list[str], env: dict[str, str] | None, what: str, stop: CheckStop | None = None
) -> str:
    """The tool's output; ``stop`` kills it early (``BackupStopped``), asked from another
    thread: a dump of a large shop runs for minutes."""
    if stop is not None and stop.requested:
        raise BackupStopped()
    try:
        running = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
    except OSError as exc:
        raise BackupError(f"{what}: cannot run {Path(cmd[0]).name}: {exc}") from exc
    waited = 0.0
    while True:
        try:
            out, err = running.communicate(timeout=_POLL_S)  # retried: no output is lost
            break
        except subprocess.TimeoutExpired:
            waited += _POLL_S
            if (stop is not None and stop.requested) or waited > TOOL_TIMEOUT_S:
                running.kill()
                running.communicate()
                if stop is not None and stop.requested:
                    raise BackupStopped() from None
                raise BackupError(f"{what}: {Path(cmd[0]).name} took too long") from None
    if running.returncode != 0:
        said = (err or out).strip().splitlines()
        raise BackupError(f"{what}: {Path(cmd[0]).name} failed: {said[0] if said else out}")
    return out


_POLL_S = 0.1  # how soon a stop is heard


def mark_path(archive: Path) -> Path:
    """Beside an archive: what it holds (``store.backup.content_mark``), to compare the
    database with it without reading it back (which reads the whole audit trail)."""
    return archive.with_name(archive.name + ".mark")


def archive_mark(archive: Path) -> tuple[int, str, str] | None:
    """The mark written beside ``archive`` when it was dumped; None without one."""
    try:
        found = json.loads(mark_path(archive).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return tuple(found) if archive.is_file() and isinstance(found, list) else None


def dump(
    target: DatabaseTarget,
    dest: Path,
    mark: tuple[int, str, str] | None = None,
    stop: CheckStop | None = None,
) -> Path:
    """Write ``pg_dump -Fc`` of the database to ``dest``, checked by reading it back.

    ``mark``: the database's content mark read before the dump began (so the archive holds
    at least that), written beside it. ``stop`` ends the dump early, leaving no file."""
    url, env = _connection(target)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        command = [tool("pg_dump"), "-Fc", "--no-owner", "-f", str(partial), url]
        _run(command, env, "backup", stop)
        check(partial)
        if mark is not None:
            mark_path(dest).write_text(json.dumps(list(mark)), encoding="utf-8")
    except BaseException:
        partial.unlink(missing_ok=True)  # no half-written archive under a good name
        mark_path(dest).unlink(missing_ok=True)
        raise
    partial.replace(dest)
    return dest


def migrations_in(archive: Path) -> list[str]:
    """The schema versions recorded in an archive (its ``schema_migration`` rows)."""
    listing = _run([tool("pg_restore"), "--list", str(archive)], None, "backup")
    if "TABLE DATA public schema_migration" not in listing:
        raise BackupError(f"backup: {archive.name} is not a Case Manager database")
    rows = _run(
        [tool("pg_restore"), "--data-only", "--table=schema_migration", "-f", "-", str(archive)],
        None,
        "backup",
    )
    return _MIGRATION_NAME.findall(rows)


def check(archive: Path) -> list[str]:
    """Raise BackupError unless ``archive`` reads back as a Case Manager database; its versions."""
    if not archive.is_file() or archive.stat().st_size == 0:
        raise BackupError(f"backup: {archive.name} is empty or missing")
    names = migrations_in(archive)
    if not names:
        raise BackupError(f"backup: {archive.name} has no schema version")
    return names


def restore(target: DatabaseTarget, archive: Path) -> None:
    """Replace the database's content with ``archive`` in one transaction (all or nothing)."""
    url, env = _connection(target)
    _run(
        [tool("pg_restore"), "--single-transaction", "--clean", "--if-exists", "--no-owner",
         "--exit-on-error", "-d", url, str(archive)],
        env,
        "restore",
    )  # fmt: skip
