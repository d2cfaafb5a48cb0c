"""Benchmark: import the 82,823-row energy patent file into a fresh database.

Measures wall and CPU time, rows per second, peak resident memory (``getrusage`` maxrss; for
``import`` the larger of the import and the re-import) and, with ``--tracemalloc``, the peak
of Python allocations (tracing slows Python down: its times are then not comparable), for

* ``baseline``: plain ``sqlite3`` ``executemany`` of the raw CSV rows into a table of TEXT
  columns — no validation, keys, audit, search or citations: the floor for the same bytes;
* ``import``: ``xinzhi.catalog.importing.import_file`` into a fresh SQLite database;
* ``reimport``: the same file again (idempotent: nothing created or updated);
* the import and re-import on PostgreSQL when ``XINZHI_BENCH_DATABASE_URL`` is set (a
  server URL; a scratch database is created there and dropped afterwards).

Each measurement runs in its own process so that peak memory is its own. Results go to
``bench/results/import.json``. Run: ``.venv/bin/python bench/bench_import.py``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import multiprocessing
import os
import resource
import sqlite3
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import common  # bench/common.py (benchmarks run as scripts from bench/)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "cn_energy_patents" / "patents.csv.gz"
CITATIONS_DEV = DEFAULT_FILE.parent / "citations_dev.csv"
RESULTS = ROOT / "bench" / "results" / "import.json"
PG_ENV = "XINZHI_BENCH_DATABASE_URL"
SECRET = "bench-secret-key-that-is-long-enough-0123456789"


def _measured(fn: Callable[[], dict[str, Any]], trace: bool) -> dict[str, Any]:
    """Run ``fn`` and add wall time, CPU time and peak memory of this process."""
    if trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    result["wall_seconds"] = round(time.perf_counter() - wall, 2)
    result["cpu_seconds"] = round(time.process_time() - cpu, 2)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if trace:
        result["peak_python_alloc_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


def _child(conn: Any, name: str, args: tuple[Any, ...], trace: bool) -> None:
    fn: Callable[..., dict[str, Any]] = MEASUREMENTS[name]
    conn.send(_measured(lambda: fn(*args), trace))
    conn.close()


def in_process(name: str, *args: Any, trace: bool = False) -> dict[str, Any]:
    """Run the measurement ``name`` in a fresh interpreter and return its figures."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(child, name, args, trace))
    proc.start()
    result: dict[str, Any] = parent.recv()
    proc.join()
    return result


def raw_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


def baseline(path: Path, workdir: str) -> dict[str, Any]:
    """Decompress, parse and executemany the raw rows with sqlite3: no checks of any kind."""
    header, rows = raw_rows(path)
    conn = sqlite3.connect(Path(workdir) / "baseline.db")
    conn.execute("PRAGMA journal_mode=WAL")
    columns = ", ".join(f'"{h}" TEXT' for h in header)
    conn.execute(f"CREATE TABLE raw ({columns})")
    marks = ", ".join("?" for _ in header)
    with conn:
        conn.executemany(f"INSERT INTO raw VALUES ({marks})", rows)
    conn.close()
    return {"rows": len(rows)}


def baseline_measured(path: Path, workdir: str) -> dict[str, Any]:
    started = time.perf_counter()
    result = baseline(path, workdir)
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["rows_per_second"] = round(result["rows"] / result["seconds"])
    return result


def import_twice(path: Path, workdir: str, database_url: str) -> dict[str, Any]:
    """Import into a fresh, migrated database, then import the same file again."""
    from xinzhi.core.db import open_database
    from xinzhi.core.migrate import upgrade
    from xinzhi.core.settings import Settings

    settings = Settings(
        env="test", data_dir=Path(workdir), database_url=database_url, secret_key=SECRET
    )
    db = open_database(settings)
    upgrade(db)
    first = timed_import(db, path)
    second = timed_import(db, path)
    citations = citation_figures(db)
    db.dispose()
    return {
        "rows": first["rows"],
        "seconds": first["seconds"],
        "rows_per_second": round(first["rows"] / first["seconds"]),
        "first": first,
        "reimport": second,
        "citations": citations,
    }


def timed_import(db: Any, path: Path) -> dict[str, Any]:
    """One import with its wall time, CPU time and the wall time of each phase."""
    from xinzhi.catalog.importing import import_file

    phases = PhaseClock()
    wall, cpu = time.perf_counter(), time.process_time()
    report = import_file(db, "patents", path, progress=phases).to_dict()
    phases.stop()
    return {
        "rows": report["total_rows"],
        "seconds": round(time.perf_counter() - wall, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "phases_seconds": phases.seconds,
        "counts": report["counts"],
        "duplicate_counts": report["duplicate_counts"],
        "dedupe": report["dedupe"],
    }


class PhaseClock:
    """A progress callback that times the import's phases (by their message)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.current = ""
        self.since = time.perf_counter()

    def __call__(self, done: int, total: int, message: str) -> None:
        if message != self.current:
            self.stop()
            self.current, self.since = message, time.perf_counter()

    def stop(self) -> None:
        if self.current:
            spent = time.perf_counter() - self.since
            self.seconds[self.current] = round(self.seconds.get(self.current, 0) + spent, 2)


def citation_figures(db: Any) -> dict[str, Any]:
    """Stored and resolved citations, and agreement with the data set's citations_dev.csv."""
    from sqlalchemy import select

    from xinzhi.catalog.models import Patent, PatentCitation

    with db.read() as session:
        stmt = select(Patent.pub_no, PatentCitation.cited_number, PatentCitation.cited_id).join(
            Patent, Patent.id == PatentCitation.citing_id
        )
        rows = session.execute(stmt).all()
    resolved = {(citing, cited) for citing, cited, cited_id in rows if cited_id is not None}
    with CITATIONS_DEV.open(encoding="utf-8", newline="") as fh:
        dev = {(r["citing_pub_no"], r["cited_pub_no"]) for r in csv.DictReader(fh)}
    return {
        "stored": len(rows),
        "resolved_in_corpus": len(resolved),
        "citations_dev_pairs": len(dev),
        "citations_dev_pairs_resolved": len(dev & resolved),
    }


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A throw-away database on the server of ``server_url``; yields its SQLAlchemy URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"xinzhi_bench_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql", database=url.database or "postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        target = url.set(drivername="postgresql+psycopg", database=name)
        yield target.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


MEASUREMENTS: dict[str, Callable[..., dict[str, Any]]] = {
    "baseline": baseline_measured,
    "import": import_twice,
}


def environment() -> dict[str, Any]:
    import sqlalchemy

    return common.environment(sqlite=sqlite3.sqlite_version, sqlalchemy=sqlalchemy.__version__)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    args = parser.parse_args()
    results: dict[str, Any] = {"file": args.file.name, "environment": environment()}
    with tempfile.TemporaryDirectory() as tmp:
        results["baseline_sqlite3_executemany"] = in_process("baseline", args.file, tmp)
        print("baseline", json.dumps(results["baseline_sqlite3_executemany"]), flush=True)
        results["sqlite"] = in_process("import", args.file, tmp, "", trace=args.tracemalloc)
        print("sqlite", results["sqlite"]["seconds"], flush=True)
    if server := os.environ.get(PG_ENV):
        with tempfile.TemporaryDirectory() as tmp, scratch_postgres(server) as url:
            results["postgresql"] = in_process("import", args.file, tmp, url)
            print("postgresql", results["postgresql"]["seconds"], flush=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, ensure_ascii=False, indent=2)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
