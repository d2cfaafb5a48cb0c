"""Benchmark: anonymous full-text search over the 82,823 shared patents, over HTTP.

For each backend (SQLite file; PostgreSQL on a throw-away server started as tests/pg_server.py
does), the patents are imported into a fresh database, ``xinzhi serve`` runs on 127.0.0.1, and
``--clients`` threads (default 10) send ``GET /api/v1/patents?q=…`` for ``--seconds`` with no
think time, each walking the fixed query set below (2 to 16 characters) in its own shuffled
order. Recorded: p50/p95/p99/max latency, errors (any status but 200, or a failed connection),
requests per second, and p95 per query.

``--baseline REF`` runs the same load against the code of git revision REF (its ``src/``
exported to a temporary directory, its own import and schema) in the same run: the before
figure. Results go to ``bench/results/search.json``, figures to docs/search.md.

Run: ``.venv/bin/python bench/bench_search.py --baseline aaa4ce9``
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import subprocess
import tarfile
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import serving

import common  # bench/common.py (benchmarks run as scripts from bench/)

RESULTS = serving.ROOT / "bench" / "results" / "search.json"
QUERIES = [
    # two characters
    "电池", "光伏", "风电", "储能", "氢能", "银浆", "芯片", "电网",
    # three to six
    "锂电池", "太阳能电池", "燃料电池", "风力发电机组", "锂离子电池", "钙钛矿", "超级电容器",
    "变压器",
    # seven to twelve and more
    "锂离子电池正极材料", "光伏组件清洗装置", "一种太阳能电池片的制备方法",
    "电动汽车充电桩控制系统", "基于深度学习的电力负荷预测方法", "风力发电机组叶片除冰装置",
    "一种锂离子电池正极材料的制备方法",
    "高效低成本的质子交换膜燃料电池催化剂",
]  # fmt: skip


def client(base: str, order: list[str], stop: float, out: list[tuple[str, float, int]]) -> None:
    """One client: requests back to back until ``stop`` on one keep-alive connection."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    i = 0
    while time.monotonic() < stop:
        query = order[i % len(order)]
        i += 1
        path = "/api/v1/patents?" + urllib.parse.urlencode({"q": query, "size": 20})
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(host, int(port), timeout=60)
        out.append((query, (time.perf_counter() - started) * 1000, status))
    conn.close()


def run_load(base: str, clients: int, seconds: float) -> dict[str, Any]:
    with urllib.request.urlopen(base + "/api/v1/patents?size=1&q=warm", timeout=120):
        pass  # a warm-up request, not counted (first-use costs: jieba's dictionary)
    results: list[tuple[str, float, int]] = []
    stop = time.monotonic() + seconds
    threads = []
    for n in range(clients):
        order = QUERIES[:]
        random.Random(n).shuffle(order)
        threads.append(threading.Thread(target=client, args=(base, order, stop, results)))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = [ms for _, ms, status in results if status == 200]
    by_query = {
        q: serving.percentiles([ms for qq, ms, _ in results if qq == q]).get("p95") for q in QUERIES
    }
    statuses: dict[str, int] = {}
    for _, _, status in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(results),
        "errors": len(results) - len(ok),
        "statuses": statuses,
        "requests_per_second": round(len(results) / elapsed, 1),
        "latency_ms": serving.percentiles([ms for _, ms, _ in results]),
        "p95_ms_by_query": by_query,
    }


def totals(base: str) -> dict[str, int]:
    """How many patents each query finds (the same on both backends, checked in docs)."""
    found = {}
    for query in QUERIES:
        url = base + "/api/v1/patents?" + urllib.parse.urlencode({"q": query, "size": 1})
        with urllib.request.urlopen(url, timeout=120) as response:
            found[query] = json.loads(response.read())["total"]
    return found


@contextmanager
def source_tree(ref: str | None) -> Iterator[Path]:
    """``src/`` of this checkout, or of git revision ``ref`` exported to a temporary dir."""
    if ref is None:
        yield serving.ROOT / "src"
        return
    with tempfile.TemporaryDirectory(prefix="xinzhi-src-") as tmp:
        archive = Path(tmp) / "src.tar"
        with archive.open("wb") as fh:
            subprocess.run(
                ["git", "-C", str(serving.ROOT), "archive", ref, "src"], stdout=fh, check=True
            )
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp) / "src"


@contextmanager
def database(backend: str, admin_url: str | None, name: str) -> Iterator[tuple[Path, str]]:
    with tempfile.TemporaryDirectory(prefix="xinzhi-bench-") as tmp:
        if backend == "sqlite":
            yield Path(tmp), ""
        else:
            assert admin_url is not None
            yield Path(tmp), serving.scratch_database(admin_url, name)


def measure(
    backend: str, ref: str | None, admin_url: str | None, args: argparse.Namespace
) -> dict[str, Any]:
    label = ref or "current"
    with source_tree(ref) as src, database(backend, admin_url, f"search_{label}") as (d, url):
        env = serving.server_env(src, d, url)
        imported = serving.import_patents(env)
        print(backend, label, "imported", imported, flush=True)
        with serving.running_server(env) as server:
            found = totals(server.base) if ref is None else {}
            load = run_load(server.base, args.clients, args.seconds)
    print(backend, label, json.dumps(load["latency_ms"]), load["errors"], flush=True)
    return {"code": label, "import": imported, "totals": found, **load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--baseline", help="git revision to measure as the before figure")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--existing",
        nargs=2,
        metavar=("DATA_DIR", "DATABASE_URL"),
        help="measure the current code on an already imported database (no import, no baseline)",
    )
    args = parser.parse_args()
    if args.existing:
        env = serving.server_env(serving.ROOT / "src", Path(args.existing[0]), args.existing[1])
        with serving.running_server(env) as server:
            print(json.dumps(run_load(server.base, args.clients, args.seconds), ensure_ascii=False))
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results: dict[str, Any] = {
        "queries": QUERIES,
        "environment": common.environment(),
        "issue_12_before": {
            "sqlite": "1.6-5.5 s per query, a 12-character query reached the 10 s timeout; "
            "30 anonymous clients: 3.4 requests/s, 90 of 92 searches answered 503",
        },
    }
    for backend in backends:
        refs = [None] + ([args.baseline] if args.baseline else [])
        if backend == "sqlite":
            results[backend] = [measure(backend, ref, None, args) for ref in refs]
            continue
        with serving.postgres_server() as admin_url:
            results[backend] = [measure(backend, ref, admin_url, args) for ref in refs]
    results["load_average_at_end"] = common.environment()["load_average_at_start"]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(json.dumps({b: [r["latency_ms"] for r in results[b]] for b in backends}, indent=2))


if __name__ == "__main__":
    main()
