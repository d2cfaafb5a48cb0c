"""Gains that hold on later years: the reranker on a temporal split of the dev citations.

    python bench/bench_temporal.py [--ship]

On the 12k-patent dev subset (``devset.py``; e5-small on ONNX Runtime), two splits:

- ``hash``: md5(pub_no) even → training, odd → test (the split used so far);
- ``temporal``: citing patents published 2011–2013 → training, 2014 → test. Model choices are
  made on an inner split (train 2011–2012, validate on 2013) before the 2014 test is looked at.

To bound the run on the shared machine, each split uses a fixed subset (md5 order) of 1,500
training and 800 test queries (``--train``, ``--test``).

Systems on each test half: BM25, e5 alone, text-only hybrid, the full system with the shipped
reranker (trained on the 82,823-title corpus, hash split), and rerankers trained on the split's
training queries with feature sets:

- ``v0``: the shipped features, date gap from the query's *publication* date;
- ``v1``: same, gap from the query's *filing* date (the prior-art cutoff);
- ``v2``: v1 + ``recency`` (the candidate's date rank within the query's candidate list);
- ``v3``: no absolute gap at all: ``recency`` instead of gap and gap².

``--ship`` writes the model chosen on validation, trained on all temporal-training queries,
to ``src/xinzhi/matching/data/rerank.yaml``. Results: ``bench/results/temporal.json``.
"""

from __future__ import annotations

import argparse
import hashlib
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
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devset

from common import environment
from xinzhi.matching.e5.embedder import E5SmallEmbedder
from xinzhi.matching.evaluation import EvalIndex, bm25_baseline, summary
from xinzhi.matching.rerank import FEATURES, RerankModel
from xinzhi.matching.training import candidate_features, train_reranker

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "src/xinzhi/matching/data/rerank.yaml"
OLD = [f for f in FEATURES if f != "recency"]
VARIANTS = {
    "v0": (False, OLD),
    "v1": (True, OLD),
    "v2": (True, list(FEATURES)),
    "v3": (True, [f for f in FEATURES if f not in ("gap", "gap_sq")]),
}


def metrics(index: EvalIndex, queries: list[int], mode: str, use_meta: bool) -> dict[str, float]:
    rank = index.ranker(mode, 100, use_meta)
    runs = [(rank(i), index.data.qrels[index.data.query_ids[i]]) for i in queries]
    return {k: round(v, 4) for k, v in summary(runs).items()}


def evaluate_model(
    index: EvalIndex, model: RerankModel | None, queries: list[int], from_cutoff: bool
) -> dict[str, float]:
    saved = index.retriever.reranker, index.gap_from_cutoff
    index.retriever.reranker, index.gap_from_cutoff = model, from_cutoff
    try:
        return metrics(index, queries, "hybrid", True)
    finally:
        index.retriever.reranker, index.gap_from_cutoff = saved


def fit(index: EvalIndex, queries: list[int], variant: str, cache: dict[Any, Any]) -> RerankModel:
    from_cutoff, features = VARIANTS[variant]
    key = (tuple(queries[:5]), len(queries), from_cutoff)
    if key not in cache:
        index.gap_from_cutoff = from_cutoff
        cache[key] = candidate_features(index, queries)
    return train_reranker(
        index, queries, name=f"patents-prior-art-{variant}", applies_to=["patent"],
        features=features, data=cache[key],
    )  # fmt: skip


def sample(ids: list[str], n: int) -> list[str]:
    """A fixed pseudo-random subset (by md5 of the id), so that runs are comparable."""
    return sorted(ids, key=lambda q: hashlib.md5(q.encode()).hexdigest())[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ship", action="store_true")
    parser.add_argument("--train", type=int, default=1500, help="training queries per split")
    parser.add_argument("--test", type=int, default=800, help="test queries per split")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "temporal.json")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    data = devset.load_subset()
    vectors = devset.vectors(data.doc_texts, "onnx", log)
    embedder = E5SmallEmbedder(runtime="onnx", cache_dir=devset.SCRATCH / "models")
    pos = {q: i for i, q in enumerate(data.query_ids)}
    year = devset.years(data)
    results: dict[str, Any] = {"documents": len(data.doc_ids)}
    cache: dict[Any, Any] = {}
    shipped = None
    with tempfile.TemporaryDirectory() as tmp:
        index = EvalIndex.build(data, embedder, vectors, Path(tmp) / "i", 100)
        shipped = index.retriever.reranker
        for split in ("hash", "temporal"):
            train_ids, test_ids = devset.split(data, split)
            train_ids, test_ids = sample(train_ids, args.train), sample(test_ids, args.test)
            train, test = [pos[q] for q in train_ids], [pos[q] for q in test_ids]
            out: dict[str, Any] = {"training_queries": len(train), "test_queries": len(test)}
            base = bm25_baseline(data.subset(test_ids), 100)
            out["bm25"] = {k: round(v, 4) for k, v in base.metrics.items()}
            out["dense"] = metrics(index, test, "dense", False)
            out["hybrid_text_only"] = metrics(index, test, "hybrid", False)
            out["full_shipped_reranker"] = evaluate_model(index, shipped, test, False)
            if split == "temporal":
                inner = [i for i in train if year[data.query_ids[i]] <= 2012]
                val = [i for i in train if year[data.query_ids[i]] == 2013]
                out["validation_2013"] = {}
                for v, (from_cutoff, _) in VARIANTS.items():
                    model = fit(index, inner, v, cache)
                    out["validation_2013"][v] = evaluate_model(index, model, val, from_cutoff)
                    log(f"validation {v}: {out['validation_2013'][v]}")
            for v, (from_cutoff, _) in VARIANTS.items():
                model = fit(index, train, v, cache)
                out[f"full_retrained_{v}"] = evaluate_model(index, model, test, from_cutoff)
                out[f"weights_{v}"] = model.weights
                log(f"{split} {v}: {out[f'full_retrained_{v}']}")
            results[split] = out
            log(f"{split}: {json.dumps(out, ensure_ascii=False)}")
        if args.ship:
            val = results["temporal"]["validation_2013"]
            best = max(val, key=lambda v: val[v]["ndcg@10"])
            train_ids, _ = devset.split(data, "temporal")
            model = fit(index, [pos[q] for q in sample(train_ids, args.train)], best, cache)
            model.provenance.update(
                data="cn_energy_patents citations_dev.csv, 12k dev subset (bench/devset.py); "
                "trained on citing patents published 2011–2013 (temporal split)",
                model="e5-small (ONNX Runtime int8)",
                variant=best,
                date_gap_from="query filing date",
                test_2014=results["temporal"][f"full_retrained_{best}"],
            )
            TARGET.write_text(
                "# Trained by bench/bench_temporal.py --ship; see docs/matching.md "
                "(do not edit by hand).\n"
                + yaml.safe_dump(model.to_dict(), allow_unicode=True, sort_keys=False),
                "utf-8",
            )
            results["shipped_variant"] = best
    env = environment(numpy=np.__version__)
    env["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps({"environment": env, "results": results}, ensure_ascii=False,
                                   indent=2))  # fmt: skip
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
