"""Benchmark: MilvusBackend on Milvus Lite — upsert throughput and query latency.

Synthetic corpora of 10,000 and 100,000 documents: dimension-384 random normalised vectors, 30–60
random Chinese tokens per document drawn Zipf-like from a 20,000-word vocabulary of 2–4
character words, random metadata (entity type, field, region, TRL, date, organisation kind,
owner, 20% confidential). Each size runs in a fresh process on a fresh Milvus Lite directory.

Per size: upsert seconds (batches of 2,000, then ``flush``) and documents/s; latency p50/p95 of
top-10 queries (lexical with 3–6 tokens, dense), each without and with a filter (region prefix
"32", TRL ≥ 4, the visibility rule for two organisations); peak resident memory of the process
(client and the in-process Lite server together). Results go to ``bench/results/milvus.json``.
Run: ``.venv/bin/python bench/bench_milvus.py [--sizes 10000 100000] [--queries 50]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import resource
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

import common  # bench/common.py (benchmarks run as scripts from bench/)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "milvus.json"
DIM = 384
VOCAB = 20_000
BATCH = 2_000
FIELDS = ["新能源", "新材料", "生物医药", "高端装备", "电子信息", "节能环保"]
REGIONS = ["320100", "320500", "321000", "110000", "310000", "440300", "330100", "510100"]
ORG_KINDS = ["企业", "高校", "科研院所"]
ENTITY_TYPES = ["achievement", "patent", "demand", "person", "organisation"]


def _vocabulary(rng: np.random.Generator) -> list[str]:
    chars = rng.integers(0x4E00, 0x9FA5, size=(VOCAB, 4))
    lengths = rng.integers(2, 5, size=VOCAB)
    return ["".join(chr(int(c)) for c in row[:n]) for row, n in zip(chars, lengths, strict=True)]


def _zipf_tokens(rng: np.random.Generator, vocab: list[str], n: int) -> tuple[str, ...]:
    ranks = np.minimum(rng.zipf(1.2, size=n), VOCAB) - 1
    return tuple(vocab[int(r)] for r in ranks)


def _corpus(n: int, seed: int) -> tuple[list[Any], np.ndarray, list[str]]:
    from xinzhi.matching.types import MatchDoc

    rng = np.random.default_rng(seed)
    vocab = _vocabulary(rng)
    docs = []
    for i in range(n):
        docs.append(
            MatchDoc(
                key=f"{ENTITY_TYPES[i % 5]}:{i}",
                title=f"合成记录{i}",
                text="",
                tokens=_zipf_tokens(rng, vocab, int(rng.integers(30, 61))),
                field=FIELDS[int(rng.integers(len(FIELDS)))],
                region_code=REGIONS[int(rng.integers(len(REGIONS)))],
                trl=int(rng.integers(1, 10)) if rng.random() < 0.8 else None,
                date=dt.date(2000, 1, 1) + dt.timedelta(days=int(rng.integers(0, 9000))),
                org_kind=ORG_KINDS[int(rng.integers(len(ORG_KINDS)))],
                owner_org_id=int(rng.integers(1, 200)),
                confidential=bool(rng.random() < 0.2),
            )
        )
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return docs, vectors, vocab


def _latency(fn: Any, queries: list[Any]) -> dict[str, float]:
    fn(queries[0])  # warm the segment caches
    times = []
    hits = 0
    for q in queries:
        start = time.perf_counter()
        hits += len(fn(q))
        times.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(float(np.percentile(times, 50)), 2),
        "p95_ms": round(float(np.percentile(times, 95)), 2),
        "mean_hits": round(hits / len(queries), 1),
    }


def run_size(n: int, n_queries: int) -> dict[str, Any]:
    from xinzhi.matching.milvus import MilvusBackend
    from xinzhi.matching.types import Filters

    docs, vectors, vocab = _corpus(n, seed=n)
    rng = np.random.default_rng(7)
    token_queries = [_zipf_tokens(rng, vocab, int(rng.integers(3, 7))) for _ in range(n_queries)]
    dense_queries = rng.standard_normal((n_queries, DIM)).astype(np.float32)
    dense_queries /= np.linalg.norm(dense_queries, axis=1, keepdims=True)
    none = Filters()
    some = Filters(region_prefix="32", trl_min=4, visible_orgs=frozenset({1, 2}))
    out: dict[str, Any] = {"documents": n}
    with tempfile.TemporaryDirectory() as workdir:
        start = time.perf_counter()
        backend = MilvusBackend(Path(workdir) / "lite", "bench", DIM)
        out["open_s"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        for i in range(0, n, BATCH):
            backend.upsert(docs[i : i + BATCH], vectors[i : i + BATCH])
        upserted = time.perf_counter()
        backend.flush()
        done = time.perf_counter()
        out["upsert_s"] = round(upserted - start, 2)
        out["flush_s"] = round(done - upserted, 2)
        out["upsert_docs_per_s"] = round(n / (done - start))
        print(f"  {n}: upsert+flush {done - start:.1f} s", flush=True)
        out["lexical"] = _latency(lambda q: backend.lexical(q, none, 10), token_queries)
        out["lexical_filtered"] = _latency(lambda q: backend.lexical(q, some, 10), token_queries)
        dense = list(dense_queries)
        out["dense"] = _latency(lambda q: backend.dense(q, none, 10), dense)
        out["dense_filtered"] = _latency(lambda q: backend.dense(q, some, 10), dense)
        out["admitted_by_filter"] = sum(some.admits(d) for d in docs)
        out["stats_documents"] = backend.stats().documents
        backend.close()
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"  {n}: {json.dumps(out, ensure_ascii=False)}", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    results: dict[str, Any] = {
        "environment": common.environment(
            pymilvus=version("pymilvus"), milvus_lite=version("milvus-lite")
        ),
        "setup": {"dim": DIM, "vocabulary": VOCAB, "batch": BATCH, "top_k": 10},
        "sizes": [],
    }
    ctx = multiprocessing.get_context("spawn")
    for n in args.sizes:
        with ctx.Pool(1) as pool:  # a fresh process per size: its own peak memory
            results["sizes"].append(pool.apply(run_size, (n, args.queries)))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
