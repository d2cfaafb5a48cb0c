"""Benchmark: 200 simulated users with 1–5 s think time doing catalog reads and writes (locust).

For each backend (SQLite file; PostgreSQL on a throw-away server as tests/pg_server.py starts
it) a fresh database gets the 82,823 shared patents, 20 enterprise organisations with a user and
an API token each, and the 607 shared technology demands spread over them. ``xinzhi serve`` runs
on 127.0.0.1 (``--workers`` processes) and locust (bench/locustfile.py, headless) runs
``--users`` users for ``--seconds``. Recorded: requests, failures, requests per second and the
p50/p95/p99/max latency of all requests and per request kind; with ``--profile`` a py-spy
sample of the server process (where the time goes, by function). Results go to
``bench/results/load.json``, figures to docs/search.md.

Run: ``.venv/bin/python bench/bench_load.py --workers 2 --profile``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import serving

import common  # bench/common.py (benchmarks run as scripts from bench/)

RESULTS = serving.ROOT / "bench" / "results" / "load.json"
DEMANDS = (
    serving.ROOT.parent / "shared" / "data" / "tech_demands" / "enterprise_tech_demands_607.csv"
)
LOCUSTFILE = serving.ROOT / "bench" / "locustfile.py"
IDLE = ("Condition.wait", "EpollSelector.select", "_worker (concurrent", "select (selectors")
FIXTURE_SCRIPT = """
import csv, json, random, sys
from sqlalchemy import select
from xinzhi.app import install
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Patent
from xinzhi.core import security, tokens
from xinzhi.core.db import open_database
from xinzhi.core.models import Role
from xinzhi.core.settings import get_settings
install()
db = open_database(get_settings())
admin = security.system_principal("bench")
accounts = []
with db.write(actor="bench") as session:
    orgs = []
    for n in range(20):
        data = ENTITIES["organisations"].create.model_validate({"name": f"压测企业{n}"})
        orgs.append(service.create_record(session, ENTITIES["organisations"], admin, data).id)
    for n, org in enumerate(orgs):
        user = security.create_user(
            session, username=f"ent{n}", password="load-test-password-1", role=Role.ENTERPRISE,
            organisation_id=org)
        accounts.append({"org": org, "token": tokens.issue_token(session, user), "demands": []})
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    demands = []
    for n, row in enumerate(rows):
        account = accounts[n % len(accounts)]
        data = ENTITIES["demands"].create.model_validate({
            "title": row["demand_title"] + f" #{n}", "detail": row["demand_detail"],
            "field": row["category"], "owner_org_id": account["org"]})
        obj = service.create_record(session, ENTITIES["demands"], admin, data)
        demands.append(obj.id)
        account["demands"].append(obj.id)
    patents = list(session.scalars(select(Patent.id)))
print(json.dumps({"accounts": accounts, "demands": demands,
                  "patents": random.Random(0).sample(patents, 2000)}))
"""


def prepare(env: dict[str, str], data_dir: Path) -> dict[str, Any]:
    imported = serving.import_patents(env)
    out = subprocess.run(
        [sys.executable, "-c", FIXTURE_SCRIPT, str(DEMANDS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    (data_dir / "load-fixture.json").write_text(out.stdout.strip().splitlines()[-1], "utf-8")
    return imported


def warm_up(base: str, fixture: dict[str, Any], workers: int) -> None:
    """First requests of each process compile templates and fill caches: not measured."""
    paths = ["/api/v1/patents?size=20", "/api/v1/demands?size=20", "/demands"]
    paths += [
        f"/api/v1/patents/{fixture['patents'][0]}",
        f"/api/v1/demands/{fixture['demands'][0]}",
    ]
    for _ in range(4 * workers):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()


def run_locust(base: str, fixture: Path, users: int, seconds: int, out: Path) -> dict[str, Any]:
    env = dict(os.environ, XINZHI_LOAD_FIXTURE=str(fixture))
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s"]
    command += ["--host", base, "--csv", str(out / "locust"), "--only-summary"]
    command += ["--loglevel", "WARNING"]
    subprocess.run(command, env=env, check=False, capture_output=True)
    with (out / "locust_stats.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {row["Name"]: _figures(row) for row in rows}


def _figures(row: dict[str, str]) -> dict[str, Any]:
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "requests_per_second": round(float(row["Requests/s"]), 1),
        "latency_ms": {
            p: float(row[k])
            for p, k in (("p50", "50%"), ("p95", "95%"), ("p99", "99%"), ("max", "100%"))
        },
    }


def summarise_profile(raw: Path) -> dict[str, Any]:
    """The busiest functions of a py-spy sample (own time) and our own frames (inclusive)."""
    own: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        n = int(count)
        if frames[-1].startswith(IDLE):
            continue  # idle threads
        total += n
        own[frames[-1]] += n
        for frame in {f for f in frames if "xinzhi/" in f}:
            ours[frame] += n
    share = lambda n: round(100 * n / max(total, 1), 1)  # noqa: E731
    return {
        "busy_samples": total,
        "top_own_time_percent": {f: share(n) for f, n in own.most_common(15)},
        "top_xinzhi_inclusive_percent": {f: share(n) for f, n in ours.most_common(25)},
    }


def measure(backend: str, admin_url: str | None, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="xinzhi-load-") as tmp:
        data_dir = Path(tmp)
        url = serving.scratch_database(admin_url, "load") if admin_url else ""
        imported = prepare(serving.server_env(serving.ROOT / "src", data_dir, url), data_dir)
        print(backend, "prepared", imported, flush=True)
        result = run_once(server_env(data_dir, url), data_dir, args)
        return {"import": imported, **result}


def server_env(data_dir: Path, url: str) -> dict[str, str]:
    """Jobs go to the queue: the matching index update a write triggers (dense embedding, 67%
    of the server's time when run inline) belongs to `xinzhi worker`, not to the request."""
    return serving.server_env(serving.ROOT / "src", data_dir, url, jobs_mode="worker")


def run_once(env: dict[str, str], data_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    extra = ["--workers", str(args.workers)] if args.workers > 1 else []
    fixture = data_dir / "load-fixture.json"
    with serving.running_server(env, *extra) as server, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        spy = None
        if args.profile:
            command = ["py-spy", "record", "-p", str(server.pid), "-d", str(args.seconds // 2)]
            command += ["-r", "100", "--subprocesses", "-f", "raw", "-o", str(out / "pyspy.txt")]
            spy = subprocess.Popen([*command, "--nonblocking"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        warm_up(server.base, json.loads(fixture.read_text("utf-8")), args.workers)
        stats = run_locust(server.base, fixture, args.users, args.seconds, out)
        failures = (out / "locust_failures.csv").read_text("utf-8")
        where = None
        if spy is not None:
            spy.wait()
            where = summarise_profile(out / "pyspy.txt")
    print(json.dumps(stats.get("Aggregated", {})), flush=True)
    result = {"workers": args.workers, "users": args.users, "seconds": args.seconds}
    result["failures_csv"] = failures.splitlines()[1:]
    return {**result, "requests": stats, **({"profile": where} if where else {})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--profile", action="store_true", help="sample the server with py-spy")
    parser.add_argument("--label", default="", help="a name for this configuration")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--existing",
        nargs=2,
        metavar=("DATA_DIR", "DATABASE_URL"),
        help="reuse a database prepared by an earlier run (its load-fixture.json)",
    )
    parser.add_argument(
        "--prepare", nargs=2, metavar=("DATA_DIR", "DATABASE_URL"), help="only build a database"
    )
    parser.add_argument(
        "--setting", action="append", default=[], metavar="XINZHI_NAME=VALUE",
        help="a server setting as environment variable, e.g. XINZHI_WEB_KEEP_ALIVE_SECONDS=5",
    )  # fmt: skip
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.setting)
    if args.existing:
        env = server_env(Path(args.existing[0]), args.existing[1]) | overrides
        result = run_once(env, Path(args.existing[0]), args)
        backend = "postgresql" if args.existing[1] else "sqlite"
        save(args, [{"backend": backend, "label": args.label, "settings": overrides, **result}])
        return
    if args.prepare:
        data_dir, url = Path(args.prepare[0]), args.prepare[1]
        data_dir.mkdir(parents=True, exist_ok=True)
        print(prepare(serving.server_env(serving.ROOT / "src", data_dir, url), data_dir))
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    runs = []
    for backend in backends:
        if backend == "sqlite":
            result = measure(backend, None, args)
        else:
            with serving.postgres_server() as admin_url:
                result = measure(backend, admin_url, args)
        runs.append({"backend": backend, "label": args.label, **result})
    save(args, runs)


def save(args: argparse.Namespace, new_runs: list[dict[str, Any]]) -> None:
    """Append the runs to the results file (one file keeps the before and after runs)."""
    previous = json.loads(args.output.read_text("utf-8")) if args.output.exists() else {}
    runs = previous.get("runs", [])
    runs += [{**run, "environment": common.environment()} for run in new_runs]
    output = {
        "issue_12_before": "50 concurrent clients for a minute (catalog reads and writes, no "
        "search): 62.6 requests/s, p50 700 ms, p95 1,635 ms, no lost write",
        "runs": runs,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(output, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
