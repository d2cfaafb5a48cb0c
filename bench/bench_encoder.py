"""Benchmark of the e5-small query/passage encoder: ONNX Runtime (int8) against NumPy.

    python bench/bench_encoder.py [--sections model,fidelity,speed] [--sizes 1000000]

Sections (results in ``bench/results/encoder.json``; figures in docs/matching-embedding.md):

- ``model``: query-embedding latency of both runtimes on the same 200 real titles, interleaved
  so that both see the same machine load; raw passage throughput (512 titles, batch 32) of
  both; indexing the same titles through the engine (tokens, embedding, BM25, save) with the
  ONNX encoder, as a share of its raw throughput.
- ``fidelity``: the 12k-patent dev subset (``devset.py``), held-out half of the queries
  (``md5`` split): BM25, dense alone, text-only hybrid and the full system, once with the
  corpus and queries embedded by NumPy (today's path) and once by ONNX Runtime. Per-query
  latencies of the full system (query embedding included) are the 12k speed figure.
- ``speed``: synthetic 1M-document corpus (as ``bench_matching.py``; built from the subset's
  titles and ONNX vectors) served from saved files; hybrid top-10 latency with the ONNX query
  encoder.

One thread for the encoder throughout (the serving configuration).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devset

from common import environment
from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.engine import Retriever
from xinzhi.matching.evaluation import evaluate_retrieval
from xinzhi.matching.local import LocalBackend
from xinzhi.matching.tokenize import get_tokenizer
from xinzhi.matching.types import MatchDoc

HERE = Path(__file__).resolve().parent
RUNTIMES = ("numpy", "onnx")


def encoder(runtime: str) -> E5SmallEmbedder:
    model = E5SmallEmbedder(runtime=runtime, cache_dir=devset.SCRATCH / "models")
    model.embed_queries(["预热"])
    return model


def _pct(values: list[float]) -> dict[str, float]:
    ms = np.asarray(values) * 1000
    return {
        "p50": round(float(np.percentile(ms, 50)), 2),
        "p95": round(float(np.percentile(ms, 95)), 2),
    }


def model_section(log: Any) -> dict[str, Any]:
    titles = pd.read_csv(devset.PATENTS, usecols=["title"], nrows=20_000).title.tolist()
    passages, queries = titles[10_000:10_512], titles[15_000:15_200]
    models = {rt: encoder(rt) for rt in RUNTIMES}
    latency: dict[str, list[float]] = {rt: [] for rt in RUNTIMES}
    cpu: dict[str, list[float]] = {rt: [] for rt in RUNTIMES}
    for q in queries:
        for rt, model in models.items():
            t0, c0 = time.perf_counter(), time.process_time()
            model.embed_queries([q])
            latency[rt].append(time.perf_counter() - t0)
            cpu[rt].append(time.process_time() - c0)
    out: dict[str, Any] = {"query_texts": len(queries), "passage_texts": len(passages)}
    for rt, model in models.items():
        t0 = time.perf_counter()
        model.embed_passages(passages, batch_size=32)
        out[rt] = {
            "query_embedding_ms": _pct(latency[rt]),
            "query_embedding_cpu_ms": _pct(cpu[rt]),
            "raw_titles_per_s": round(len(passages) / (time.perf_counter() - t0), 1),
        }
    onnx = models["onnx"]
    raw, indexing = [], []
    for _ in range(3):  # interleaved, best of three: both see the same machine load
        t0 = time.perf_counter()
        onnx.embed_passages(passages, batch_size=32)
        raw.append(time.perf_counter() - t0)
        with tempfile.TemporaryDirectory() as tmp:
            backend = LocalBackend(Path(tmp) / "i", dim=onnx.dim, model=onnx.name)
            retriever = Retriever(backend, onnx, get_tokenizer())
            docs = [MatchDoc(key=f"patent:{i}", title=t, text=t) for i, t in enumerate(passages)]
            t0 = time.perf_counter()
            retriever.add(docs, batch_size=32)
            backend.build()
            backend.save()
            indexing.append(time.perf_counter() - t0)
    out["onnx"]["raw_titles_per_s_best_of_3"] = round(len(passages) / min(raw), 1)
    out["onnx"]["indexing_titles_per_s"] = round(len(passages) / min(indexing), 1)
    out["onnx"]["indexing_share_of_raw"] = round(min(raw) / min(indexing), 3)
    log(f"model: {out}")
    return out


def fidelity_section(log: Any, limit: int | None) -> dict[str, Any]:
    data = devset.load_subset()
    _, test = devset.split(data, "hash")
    if limit:
        test = test[:limit]
    held = data.subset(test)
    out: dict[str, Any] = {"documents": len(data.doc_ids), "queries": len(test)}
    for rt in RUNTIMES:
        vectors = devset.vectors(data.doc_texts, rt, log)
        report = evaluate_retrieval(held, embedder=encoder(rt), doc_vectors=vectors, log=log)
        out[rt] = {s["system"]: s for s in report.to_dict()["systems"]}
    out["ndcg@10_difference_onnx_minus_numpy"] = {
        name: round(out["onnx"][name]["ndcg@10"] - out["numpy"][name]["ndcg@10"], 4)
        for name in out["numpy"]
    }
    log(f"fidelity: {out['ndcg@10_difference_onnx_minus_numpy']}")
    return out


def serve_section(log: Any, queries: int = 300) -> dict[str, Any]:
    """Full-system latency at 12k documents (the dev subset), query embedding included: wall
    time and the process's CPU time per query (both threads; less inflated by other load)."""
    from xinzhi.matching.evaluation import EvalIndex

    data = devset.load_subset()
    _, test = devset.split(data, "hash")
    pos = {q: i for i, q in enumerate(data.query_ids)}
    chosen = [pos[q] for q in test[:queries]]
    out: dict[str, Any] = {"documents": len(data.doc_ids), "queries": len(chosen)}
    for rt in RUNTIMES:
        vectors = devset.vectors(data.doc_texts, rt, log)
        with tempfile.TemporaryDirectory() as tmp:
            index = EvalIndex.build(data, encoder(rt), vectors, Path(tmp) / "i", 100)
            rank = index.ranker("hybrid", 10, use_meta=True)
            wall, cpu = [], []
            for i in chosen:
                index.retriever.forget_queries()
                t0, c0 = time.perf_counter(), time.process_time()
                rank(i)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
        out[rt] = {"full_system_ms": _pct(wall), "full_system_cpu_ms": _pct(cpu)}
        log(f"serve 12k {rt}: {out[rt]}")
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return out


def speed_section(n: int, queries: int, log: Any) -> dict[str, Any]:
    from bench_matching import speed_section as run

    data = devset.load_subset()
    base = (data.doc_texts, devset.vectors(data.doc_texts, "onnx", log))
    return run(n, queries, log, base=base, embedder=encoder("onnx"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default="model,serve,fidelity,speed")
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--queries", type=int, default=200, help="speed: queries per size")
    parser.add_argument("--limit", type=int, default=None, help="fidelity: at most N queries")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "encoder.json")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    results: dict[str, Any] = {}
    if args.out.exists():
        results = json.loads(args.out.read_text()).get("results", {})

    def save() -> None:
        import onnxruntime

        env = environment(numpy=np.__version__, onnxruntime=onnxruntime.__version__)
        env["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        args.out.write_text(
            json.dumps({"environment": env, "results": results}, ensure_ascii=False, indent=2)
        )
        log(f"wrote {args.out}")

    sections = set(args.sections.split(","))
    if "model" in sections:
        results["model"] = model_section(log)
        save()
    if "serve" in sections:
        results["serve_12k"] = serve_section(log)
        save()
    if "fidelity" in sections:
        results["fidelity_12k"] = fidelity_section(log, args.limit)
        save()
    if "speed" in sections:
        for n in (int(x) for x in args.sizes.split(",")):
            results[f"speed_{n}"] = speed_section(n, args.queries, log)
            save()


if __name__ == "__main__":
    main()
