"""Training the reranker on a labelled set (``bench/train_rerank.py`` runs it on the patent
citations; anyone can run it on their own qrels).

For each training query the full system's fused candidates (before reranking) are labelled
relevant or not, and an L2-regularised logistic regression is fitted on their features
(``rerank.FEATURES``) by L-BFGS — the standard pointwise learning-to-rank baseline (Liu,
"Learning to Rank for Information Retrieval", 2009, §2.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize

from xinzhi.matching.evaluation import EvalIndex
from xinzhi.matching.rerank import FEATURES, RerankModel, pair_features, recency_ranks

FloatArray = npt.NDArray[np.float64]


def fit_logistic(x: FloatArray, y: FloatArray, l2: float = 1.0) -> tuple[FloatArray, float]:
    """Weights and bias minimising mean log-loss + ``l2/(2n)·‖w‖²`` (the bias is not penalised)."""
    n, d = x.shape

    def loss(theta: FloatArray) -> tuple[float, FloatArray]:
        w, b = theta[:d], theta[d]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.mean(np.logaddexp(0.0, z) - y * z) + l2 / (2 * n) * w @ w)
        grad_z = (p - y) / n
        grad = np.concatenate([x.T @ grad_z + l2 / n * w, [grad_z.sum()]])
        return value, grad

    result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B")
    return result.x[:d], float(result.x[d])


def candidate_features(
    index: EvalIndex, queries: Sequence[int], depth: int = 100
) -> tuple[FloatArray, FloatArray]:
    """Feature rows and 0/1 labels of the fused candidates of ``queries`` (before reranking)."""
    retriever = index.retriever
    saved, retriever.reranker = retriever.reranker, None
    rows: list[list[float]] = []
    labels: list[float] = []
    try:
        for i in queries:
            filters, query_doc = index.query(i, use_meta=True)
            if query_doc is None:
                continue
            relevant = index.data.qrels[index.data.query_ids[i]]
            hits = retriever.search(index.data.query_texts[i], filters, k=depth, explain=False)
            docs = retriever.backend.get([h.key for h in hits])
            recency = recency_ranks([d.date if d is not None else None for d in docs])
            for hit, doc, rec in zip(hits, docs, recency, strict=True):
                if doc is None:
                    continue
                f = pair_features(
                    query_doc, doc, rrf=hit.score, lexical=hit.lexical_score,
                    dense=hit.dense_score, recency=rec,
                )  # fmt: skip
                rows.append([f[name] for name in FEATURES])
                labels.append(float(hit.key in relevant))
    finally:
        retriever.reranker = saved
    return np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=np.float64)


def train_reranker(
    index: EvalIndex,
    queries: Sequence[int],
    *,
    name: str,
    applies_to: Sequence[str],
    l2: float = 1.0,
    provenance: dict[str, Any] | None = None,
    features: Sequence[str] = FEATURES,
    data: tuple[FloatArray, FloatArray] | None = None,
) -> RerankModel:
    """Fit on ``queries`` (or on ``data`` = ``candidate_features`` computed before), using only
    ``features`` (the others get no weight)."""
    x, y = data if data is not None else candidate_features(index, queries)
    if not len(y) or y.sum() == 0:
        raise ValueError("no relevant document among the training candidates")
    cols = [FEATURES.index(f) for f in features]
    w, b = fit_logistic(x[:, cols], y, l2)
    return RerankModel(
        name=name,
        weights={f: round(float(v), 5) for f, v in zip(features, w, strict=True)},
        bias=round(b, 5),
        applies_to=tuple(applies_to),
        provenance={
            "trained": dt.date.today().isoformat(),
            "training_queries": len(queries),
            "training_pairs": len(y),
            "positives": int(y.sum()),
            **(provenance or {}),
        },
    )
