"""A throwaway PostgreSQL server for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder.

The server listens on a free localhost port, trusts its superuser ``SUPERUSER``
and asks every other role for a password (so wrong-password handling can be
tested). Durability settings are off: the server dies with the test run. It
fails loudly when it cannot start: a test run that silently skipped PostgreSQL
would prove nothing about it.
"""

from __future__ import annotations

import glob
import itertools
import os
import queue
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUPERUSER = "casemanager"
START_TIMEOUT_S = 60
# No crash safety needed for a server that lives as long as one test run.
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "listen_addresses": "127.0.0.1",
}


class ServerNotStarted(RuntimeError):
    """The test server could not be started; the message says why and what to install."""


def bin_dir() -> Path:
    """The folder of ``initdb``/``pg_ctl``: from ``pg_config``, else the newest Debian install."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        folder = Path(out.stdout.strip())
        if (folder / "initdb").exists():
            return folder
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for folder in reversed(candidates):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    raise ServerNotStarted(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: run `scripts/system-deps.sh test` "
        "as root, or `sudo apt-get install -y postgresql postgresql-contrib`"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running server; ``url(db)`` is what the product and the CLI are given."""

    folder: Path
    port: int
    bindir: Path
    _as_postgres: bool
    _admin: Any = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """One statement as the superuser on the ``postgres`` database (autocommit)."""
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(self.url("postgres"), autocommit=True)
        self._admin.execute(sql)

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); its URL."""
        # WAL_LOG copies a small database faster than FILE_COPY (measured: 0.11 s vs 0.31 s).
        copy = f" TEMPLATE {template} STRATEGY WAL_LOG" if template else ""
        self.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def role(self, name: str, password: str) -> str:
        """A login role that must give ``password`` (only the superuser is trusted)."""
        self.execute(
            f"DO $$ BEGIN CREATE ROLE {name} LOGIN PASSWORD '{password}'; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` as the superuser (autocommit, so CREATE/DROP DATABASE work)."""
        out = subprocess.run(
            [str(self.bindir / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
             "-d", self.url(database), "-c", sql],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()}")
        return out.stdout

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        self._run_as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                            "-w", "stop"], check=False)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run_as_owner(self, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
        # initdb and postgres refuse to run as root: run them as the postgres user.
        full = ["runuser", "-u", "postgres", "--", *cmd] if self._as_postgres else cmd
        out = subprocess.run(full, capture_output=True, text=True, check=False)
        if check and out.returncode != 0:
            said = (out.stderr or out.stdout).strip()
            raise ServerNotStarted(f"{Path(cmd[0]).name} failed ({out.returncode}): {said}")
        return out


class Copies:
    """Fresh copies of a template database, made and dropped by two helper threads.

    Tests run one at a time in Python; the server copies the next test's database
    and drops the last one's meanwhile (each took ~0.1 s on the test's path).
    """

    def __init__(self, server: Server, template: str, prefix: str, ahead: int = 2) -> None:
        self.server, self.template, self.prefix = server, template, prefix
        self._ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=ahead)
        self._doomed: queue.Queue[str | None] = queue.Queue()
        self._stopped = threading.Event()
        self._numbers = itertools.count(1)
        self._threads = [
            threading.Thread(target=self._make, daemon=True, name="pg-copies"),
            threading.Thread(target=self._drop, daemon=True, name="pg-drops"),
        ]
        for thread in self._threads:
            thread.start()

    def take(self) -> str:
        """The name of a fresh copy (waits for one); raises what stopped the copying."""
        got = self._ready.get(timeout=START_TIMEOUT_S)
        if isinstance(got, BaseException):
            raise got
        return got

    def give_back(self, name: str) -> None:
        self._doomed.put(name)

    def _connect(self):  # noqa: ANN202 (a psycopg connection)
        import psycopg

        return psycopg.connect(self.server.url("postgres"), autocommit=True)

    def _make(self) -> None:
        try:
            conn = self._connect()
            with conn:
                while not self._stopped.is_set():
                    name = f"{self.prefix}_{next(self._numbers)}"
                    conn.execute(
                        f'CREATE DATABASE "{name}" TEMPLATE {self.template} STRATEGY WAL_LOG'
                    )
                    while not self._stopped.is_set():
                        try:
                            self._ready.put(name, timeout=0.2)
                            break
                        except queue.Full:
                            continue
        except BaseException as exc:  # handed to the next test instead of lost in a thread
            if not self._stopped.is_set():
                self._ready.put(exc)

    def _drop(self) -> None:
        try:
            conn = self._connect()
            with conn:
                while (name := self._doomed.get()) is not None:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except BaseException:  # the server is stopping: its folder goes anyway
            return

    def stop(self) -> None:
        self._stopped.set()
        self._doomed.put(None)
        for thread in self._threads:
            thread.join(timeout=10)


def start() -> Server:
    """Create a cluster in a new temporary folder and start it; raise ServerNotStarted if not."""
    bindir = bin_dir()
    as_postgres = os.geteuid() == 0
    # Not under pytest's 0700 folders: the postgres user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="casemanager-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    server = Server(folder, 0, bindir, as_postgres)
    try:
        server._run_as_owner([str(bindir / "initdb"), "-D", str(server.data), "-U", SUPERUSER,
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
                              "--auth-local=trust", "--auth-host=scram-sha-256"])  # fmt: skip
        # The superuser is trusted on localhost; any other role needs its password.
        hba = server.data / "pg_hba.conf"
        lines = hba.read_text().splitlines()
        trusted = f"host all {SUPERUSER} 127.0.0.1/32 trust"
        hba.write_text("\n".join([trusted, *lines]) + "\n")
        _start_on_a_free_port(server)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return server


def _start_on_a_free_port(server: Server) -> None:
    last = ""
    for _attempt in range(3):  # another program may take the port between probe and start
        server.port = _free_port()
        options = " ".join(f"-c {k}={v}" for k, v in SERVER_SETTINGS.items())
        options += f" -p {server.port} -c unix_socket_directories={server.folder}"
        out = server._run_as_owner(
            [str(server.bindir / "pg_ctl"), "-D", str(server.data), "-l",
             str(server.folder / "server.log"), "-o", options, "-w",
             "-t", str(START_TIMEOUT_S), "start"],
            check=False,
        )  # fmt: skip
        if out.returncode == 0 and _accepts(server):
            return
        log = server.folder / "server.log"
        last = log.read_text()[-2000:] if log.exists() else out.stderr
    raise ServerNotStarted(f"the PostgreSQL test server did not start: {last.strip()}")


def _accepts(server: Server) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            server.psql("SELECT 1")
            return True
        except RuntimeError:
            time.sleep(0.1)
    return False
