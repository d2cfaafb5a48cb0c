"""A throw-away PostgreSQL server for the test suite, and one database per test on it.

The server is Debian's (``/usr/lib/postgresql/<version>/bin``, highest version), run from a
temporary cluster that listens on 127.0.0.1 only, on a free port, with its socket in the same
temporary directory. Durability is switched off (``fsync``, ``synchronous_commit``,
``full_page_writes``): the data lives only as long as the test session. ``initdb`` refuses to
run as root, so as root the cluster belongs to the ``postgres`` user (or ``nobody``).

Each test gets its own database, copied from a template migrated once per session
(``CREATE DATABASE t_n TEMPLATE ...``), and dropped after the test.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

BIN_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"
FAST_UNSAFE_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "log_min_messages": "warning",
}
RUNNING = 0  # `pg_ctl status` exit code (3: not running, 4: no data directory)


def find_bin_dir() -> Path:
    """The ``bin`` directory of the highest installed PostgreSQL version."""
    candidates = [p for p in Path("/").glob(BIN_GLOB.lstrip("/")) if (p / "initdb").exists()]
    if not candidates:
        raise RuntimeError(
            f"no PostgreSQL server binaries in {BIN_GLOB}; run scripts/system-deps.sh "
            "(Debian package `postgresql`)"
        )
    return max(candidates, key=lambda p: _version_key(p.parent.name))


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def server_version(bin_dir: Path) -> str:
    out = subprocess.run(
        [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _server_user() -> str | None:
    """The unprivileged OS user to run the server as, or ``None`` to run it as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in (SUPERUSER, "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root, and neither user `postgres` nor `nobody` exists")


@dataclass
class PostgresServer:
    """One running PostgreSQL server in a temporary directory; :meth:`stop` removes it all."""

    bin_dir: Path
    base_dir: Path
    port: int
    os_user: str | None

    @property
    def data_dir(self) -> Path:
        return self.base_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.base_dir / "server.log"

    @classmethod
    def start(cls, attempts: int = 3) -> PostgresServer:
        """initdb a new cluster and start it; retries on another port if the port was taken."""
        bin_dir = find_bin_dir()
        os_user = _server_user()
        base_dir = Path(tempfile.mkdtemp(prefix="xinzhi-pg-"))
        if os_user is not None:
            entry = pwd.getpwnam(os_user)
            os.chown(base_dir, entry.pw_uid, entry.pw_gid)
        server = cls(bin_dir=bin_dir, base_dir=base_dir, port=0, os_user=os_user)
        try:
            server._initdb()
            for _ in range(attempts):
                server.port = free_port()
                if server._pg_ctl("start", "-w", "-t", "60", "-l", str(server.log_file)) == 0:
                    return server
            raise RuntimeError(f"PostgreSQL did not start; its log:\n{server.log_tail()}")
        except BaseException:
            server.stop()
            raise

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_file.exists():
            return "(no log written)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", self.os_user, "--"] if self.os_user else []
        return subprocess.run(
            prefix + args, cwd=self.base_dir, capture_output=True, text=True, check=False
        )

    def _initdb(self) -> None:
        # --no-locale: byte-order collation and no dependence on installed locales; with UTF8
        # the text-search parser treats every non-ASCII character as a letter, so Chinese
        # tokens survive to_tsvector('simple', ...).
        result = self._run(
            [
                str(self.bin_dir / "initdb"),
                "--pgdata",
                str(self.data_dir),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        settings = dict(FAST_UNSAFE_SETTINGS, unix_socket_directories=f"'{self.base_dir}'")
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# xinzhi test server (tests/pg_server.py)\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _pg_ctl(self, *args: str) -> int:
        command = [str(self.bin_dir / "pg_ctl"), "--pgdata", str(self.data_dir)]
        if args[0] == "start":
            command += ["-o", f"-p {self.port}"]
        return self._run([*command, *args]).returncode

    def is_running(self) -> bool:
        return self.data_dir.exists() and self._pg_ctl("status") == RUNNING

    def stop(self) -> None:
        """Stop the server, make sure no process is left, and delete the cluster."""
        if self.is_running() and self._pg_ctl("stop", "-m", "fast", "-w", "-t", "30") != 0:
            self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "30")
        if self.is_running():
            raise RuntimeError(f"PostgreSQL in {self.data_dir} is still running after pg_ctl stop")
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def admin_url(self, dbname: str = "postgres") -> str:
        """A libpq URL (for psycopg); :func:`sqlalchemy_url` turns it into SQLAlchemy's form."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"


def sqlalchemy_url(admin_url: str, dbname: str) -> str:
    """``postgresql://u@h:p/x`` → ``postgresql+psycopg://u@h:p/<dbname>``."""
    base = admin_url.rsplit("/", 1)[0]
    return base.replace("postgresql://", "postgresql+psycopg://", 1) + f"/{dbname}"


@dataclass
class PgDatabases:
    """Creates and drops the per-test databases of one test process (one xdist worker)."""

    admin_url: str
    prefix: str
    template: str = ""
    created: set[str] = field(default_factory=set)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _conn: psycopg.Connection[tuple[object, ...]] | None = None

    @property
    def conn(self) -> psycopg.Connection[tuple[object, ...]]:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.admin_url, autocommit=True)
        return self._conn

    def create(self, name: str = "", *, template: str = "template1") -> str:
        """A new database copied from ``template`` (default: empty); returns its name."""
        name = name or f"{self.prefix}_{next(self._counter)}"
        # FILE_COPY (PostgreSQL 15+) copies the files instead of WAL-logging every block:
        # about twice as fast for small databases when fsync is off.
        strategy = " STRATEGY = FILE_COPY" if self.conn.info.server_version >= 150000 else ""
        self.conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}" + strategy).format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
        self.created.add(name)
        return name

    def create_for_test(self, *, migrated: bool) -> str:
        """A test's database: a copy of the migrated template, or an empty one."""
        if migrated and not self.template:
            raise RuntimeError("the migrated template has not been created yet")
        return self.create(template=self.template if migrated else "template1")

    def drop(self, name: str) -> None:
        # FORCE ends connections a test left open (a pool it did not dispose of).
        self.conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        self.created.discard(name)

    def drop_all(self) -> None:
        """Drop every database this process created, the template included."""
        for name in sorted(self.created):
            self.drop(name)
        self.conn.close()

    def url(self, name: str) -> str:
        return sqlalchemy_url(self.admin_url, name)
