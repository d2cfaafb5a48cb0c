"""The text side, step by step, on the labelled demand set and the later-year patent queries.

    python bench/bench_text.py

Sets (results in ``bench/results/text.json``, table in docs/matching.md):

- ``demands``: 40 real demands → 1,000 CSL papers + 12,000 patent titles, graded 0–2 by blind
  judging of pooled candidates (``demand_set.py``, labels ``bench/labels/demand_grades.csv``);
  graded nDCG@10 and Recall@100 of grade ≥ 1;
- ``patents_2014``: citing titles published 2014 → the 12k subset (text only: no cutoff, no
  reranker), nDCG@10 and Recall@100.

Steps: BM25 (baseline), e5 alone, hybrid RRF (today), + field-aware BM25 (title boost), +
query expansion (synonyms), + fusion weights learned per query length (short queries: grid on
the 2011–2013 patent queries; long queries: 2-fold cross-validation over the demands, split by
a hash of the demand id, each fold's weight chosen on the other fold).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demand_set
import devset
from text_side import TextSystems, length_bucket

from common import environment
from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.metrics import ndcg_at, ndcg_graded, recall_at

HERE = Path(__file__).resolve().parent
GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
Ranker = Callable[[str, str], list[str]]  # (query id, text) -> ranking


def graded(runs: dict[str, list[str]], labels: dict[str, dict[str, int]]) -> dict[str, float]:
    """Means over the demands with at least one candidate graded ≥ 1 (the others score 0 for
    every system and are left out, as trec_eval leaves out topics without relevant documents)."""
    rel = {q: {d for d, g in labels[q].items() if g >= 1} for q in runs}
    judged = [q for q in runs if rel[q]]
    nd = [ndcg_graded(runs[q], labels[q], 10) for q in judged]
    rc = [recall_at(runs[q], rel[q], 100) for q in judged]
    return {"ndcg@10": round(float(np.mean(nd)), 4), "recall@100": round(float(np.mean(rc)), 4)}


def binary(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    nd = [ndcg_at(runs[q], qrels[q], 10) for q in runs]
    rc = [recall_at(runs[q], qrels[q], 100) for q in runs]
    return {"ndcg@10": round(float(np.mean(nd)), 4), "recall@100": round(float(np.mean(rc)), 4)}


def run(queries: dict[str, str], ranker: Ranker) -> dict[str, list[str]]:
    return {q: ranker(q, t) for q, t in queries.items()}


def patents(log: Any) -> tuple[TextSystems, dict[str, str], dict[str, str], dict[str, set[str]]]:
    data = devset.load_subset()
    embedder = E5SmallEmbedder(runtime="onnx", cache_dir=devset.SCRATCH / "models")
    vectors = devset.vectors(data.doc_texts, "onnx", log)
    ts = TextSystems(data.doc_ids, data.doc_texts, data.doc_texts, vectors, embedder, depth=101)
    train_ids, test_ids = devset.split(data, "temporal")
    text = dict(zip(data.query_ids, data.query_texts, strict=True))
    return (
        ts,
        {q: text[q] for q in train_ids},
        {q: text[q] for q in test_ids},
        data.qrels,
    )


def without_self(ranker: Ranker) -> Ranker:
    return lambda q, t: [d for d in ranker(q, t) if d != q][:100]


def engine_rows(
    ts: TextSystems, demands: dict[str, str], labels: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """The demands through the engine itself (``Retriever`` over the local backend, fusion with
    the length-dependent weights as shipped), to check ``text_side``'s reconstruction."""
    import tempfile

    from xinzhi.matching.engine import Retriever
    from xinzhi.matching.local import LocalBackend
    from xinzhi.matching.tokenize import get_tokenizer
    from xinzhi.matching.types import MatchDoc

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        backend = LocalBackend(Path(tmp) / "i", dim=ts.embedder.dim, model=ts.embedder.name)
        retriever = Retriever(backend, ts.embedder, get_tokenizer(), reranker=None)
        pairs = zip(ts.ids, ts.texts, strict=True)
        docs = [MatchDoc(key=k, title=t[:200], text=t) for k, t in pairs]
        retriever.add(docs, vectors=ts.vectors)
        backend.build()
        for mode in ("lexical", "dense", "hybrid"):
            runs = {
                q: [h.key for h in retriever.search(t, k=100, mode=mode, explain=False)]
                for q, t in demands.items()
            }
            out[mode] = graded(runs, labels)
    return out


def main() -> None:
    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    frame, dts, _ = demand_set.systems()
    labels = demand_set.read_labels()
    demands = {
        r.demand_id: demand_set.query_text(r) for _, r in frame.iterrows() if r.demand_id in labels
    }
    pts, p_train, p_test, qrels = patents(log)

    def fold(q: str) -> int:
        return hashlib.md5(q.encode()).digest()[0] % 2

    # short queries: the lexical weight chosen on the 2011–2013 patent queries
    train_score = {
        w: binary(run(p_train, without_self(lambda q, t, w=w: pts.fused(t, w_lex=w))), qrels)
        for w in GRID
    }
    w_short = max(GRID, key=lambda w: train_score[w]["ndcg@10"])
    log(f"short-query lexical weight {w_short}: {train_score}")

    steps: dict[str, dict[str, Any]] = {
        "bm25": {"ranker": lambda ts, t: ts.bm25(t)},
        "e5 alone": {"ranker": lambda ts, t: ts.dense(t)},
        "hybrid RRF (today)": {"ranker": lambda ts, t: ts.fused(t)},
        "+ field-aware BM25": {"ranker": lambda ts, t: ts.fused(t, title_boost=1.0)},
        "+ query expansion": {
            "ranker": lambda ts, t: ts.fused(t, title_boost=1.0, expansion_weight=0.3)
        },
        "expansion only": {"ranker": lambda ts, t: ts.fused(t, expansion_weight=0.3)},
    }
    table: dict[str, Any] = {}
    for name, step in steps.items():
        r = step["ranker"]
        table[name] = {
            "demands": graded(run(demands, lambda q, t, r=r: r(dts, t)), labels),
            "patents_2014": binary(run(p_test, without_self(lambda q, t, r=r: r(pts, t))), qrels),
        }
        log(f"{name}: {table[name]}")
    # long queries: 2-fold cross-validation of the lexical weight over the demands
    by_w = {w: run(demands, lambda q, t, w=w: dts.fused(t, w_lex=w)) for w in GRID}
    chosen: dict[int, float] = {}
    cv_runs: dict[str, list[str]] = {}
    for f in (0, 1):
        other = [q for q in demands if fold(q) != f]
        scores = {w: graded({q: by_w[w][q] for q in other}, labels)["ndcg@10"] for w in GRID}
        chosen[f] = max(GRID, key=lambda w: scores[w])
        cv_runs.update({q: by_w[chosen[f]][q] for q in demands if fold(q) == f})
    table["+ fusion weights per query length"] = {
        "demands": graded(cv_runs, labels),
        "patents_2014": binary(
            run(p_test, without_self(lambda q, t: pts.fused(t, w_lex=w_short))), qrels
        ),
        "weights": {"short": w_short, "long_per_fold": chosen},
    }
    table["lexical weight grid (demands, all)"] = {
        str(w): graded(by_w[w], labels)["ndcg@10"] for w in GRID
    }
    table["engine (Retriever, local backend)"] = engine_rows(dts, demands, labels)
    log(f"engine: {table['engine (Retriever, local backend)']}")
    buckets = {length_bucket(t) for t in demands.values()}
    env = environment(numpy=np.__version__)
    out = {"environment": env, "results": {"table": table, "demand_buckets": sorted(buckets)}}
    (HERE / "results" / "text.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    log(json.dumps(table, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
