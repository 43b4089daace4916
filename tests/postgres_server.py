"""A throwaway PostgreSQL server for the tests: initdb in a temporary folder, started on a free
port of 127.0.0.1, one new database per test, stopped and deleted at the end of the session.

initdb and the server refuse to run as root (CI runs as root): then they run as the
`postgres` system user that Debian's package creates (else `nobody`), in a folder it owns.
The binaries are found in $SCORECARD_TEST_PG_BIN, else Debian's /usr/lib/postgresql/N/bin
(newest), else on the PATH. The server is tuned for throwaway data (no fsync).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

BIN_VARIABLE = "SCORECARD_TEST_PG_BIN"
SKIP_VARIABLE = "SCORECARD_TEST_SKIP_POSTGRESQL"  # "1": skip the PostgreSQL cases (local runs only)


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    if os.environ.get(BIN_VARIABLE):
        return Path(os.environ[BIN_VARIABLE])
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if debian:
        return Path(debian[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class PostgresServer:
    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="scorecard-pg-"))
        self.port = _free_port()
        self.runner: list[str] = []
        if os.geteuid() == 0:
            owner = _unprivileged_user()
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.runner = ["runuser", "-u", owner.pw_name, "--"]
        self._names = itertools.count(1)

    def start(self) -> None:
        data = self.folder / "data"
        self._run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=400 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", data, "-o", options, "-l", self.folder / "server.log", "-w", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.folder / "data", "-m", "immediate", "-w", "stop")
        finally:
            self.discard()

    def discard(self) -> None:
        """Delete the server's folder (after it stopped, or when it could not start)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = f"store_{os.getpid()}_{next(self._names)}"
        with self._admin() as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True)

    def _run(self, program: str, *args) -> None:
        command = [*self.runner, str(self.binaries / program), *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}{tail}")


def _unprivileged_user() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and there is no postgres or nobody user to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
