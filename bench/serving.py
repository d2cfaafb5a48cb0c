"""Shared parts of the HTTP benchmarks (bench_search.py, bench_load.py): a database with the
82,823 shared patents, a real server on 127.0.0.1, a throw-away PostgreSQL, latency figures."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PATENTS = ROOT.parent / "shared" / "data" / "cn_energy_patents" / "patents.csv.gz"
SECRET = "bench-secret-key-that-is-long-enough-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server as the test suite starts it; yields a libpq admin URL."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import PostgresServer  # type: ignore[import-not-found]

    server = PostgresServer.start()
    try:
        yield server.admin_url()
    finally:
        server.stop()


def scratch_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server; return its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def server_env(
    src: Path, data_dir: Path, database_url: str, jobs_mode: str = "immediate"
) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(src),
        XINZHI_ENV="test",
        XINZHI_DATA_DIR=str(data_dir),
        XINZHI_DATABASE_URL=database_url,
        XINZHI_SECRET_KEY=SECRET,
        XINZHI_JOBS_MODE=jobs_mode,
        # the benchmarks measure capacity: the per-address limits for anonymous clients
        # (docs/security.md) would answer most of one load generator's requests 429
        XINZHI_ANONYMOUS_SEARCH_PER_MINUTE="0",
        XINZHI_ANONYMOUS_MATCH_PER_MINUTE="0",
    )
    return env


IMPORT_SCRIPT = """
import sys, time
from pathlib import Path
from xinzhi.core.db import open_database
from xinzhi.core.migrate import upgrade
from xinzhi.core.settings import get_settings
from xinzhi.catalog.importing import import_file
db = open_database(get_settings())
upgrade(db)
started = time.perf_counter()
report = import_file(db, "patents", Path(sys.argv[1]))
if db.engine.dialect.name == "postgresql":
    with db.engine.connect() as conn:  # what autovacuum does a minute after a bulk load
        conn.exec_driver_sql("ANALYZE")
print(report.to_dict()["counts"]["created"], round(time.perf_counter() - started, 1))
"""


def import_patents(env: dict[str, str]) -> dict[str, Any]:
    """Import the shared patents with the code on ``env``'s PYTHONPATH (old or new)."""
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT, str(PATENTS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    created, seconds = out.stdout.split()[-2:]
    return {"rows": int(created), "seconds": float(seconds)}


@dataclass(frozen=True)
class Server:
    base: str
    pid: int


@contextmanager
def running_server(env: dict[str, str], *args: str) -> Iterator[Server]:
    """``xinzhi serve`` (uvicorn) on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "xinzhi", "serve", "--no-worker", "--host", "127.0.0.1"]
    proc = subprocess.Popen(
        [*command, "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc)
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(base: str, proc: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/api/v1/patents?size=1", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("server did not start in time")


def percentiles(latencies_ms: list[float]) -> dict[str, float]:
    """p50/p95/p99/max by the nearest-rank method."""
    if not latencies_ms:
        return {}
    ordered = sorted(latencies_ms)

    def rank(p: float) -> float:
        index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return round(ordered[index], 1)

    return {"p50": rank(50), "p95": rank(95), "p99": rank(99), "max": round(ordered[-1], 1)}
