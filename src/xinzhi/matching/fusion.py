"""Rank fusion kernels (pure functions over ranked key lists).

Reciprocal rank fusion: Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms
Condorcet and individual rank learning methods", SIGIR 2009 — ``score(d) = Σ_i w_i / (k + r_i(d))``
with ranks from 1 and ``k = 60``. Weights generalise the original (all 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60
# Fusion weights by query length (issue 17, docs/matching-evaluation.md): on long queries —
# demand texts, mostly title + company profile — BM25 over every word of the profile adds noise,
# so its ranking counts half. Chosen by 2-fold cross-validation on the labelled demand set
# (lexical weight 0.25–0.75 per fold, 0.5 between them); on short queries (patent titles,
# ≤ 40 characters) equal weights remained best on the 2011–2013 patent queries.
LONG_QUERY_CHARS = 40
LONG_QUERY_LEXICAL_WEIGHT = 0.5


def weights_for(text: str, base: Mapping[str, float]) -> dict[str, float]:
    """The fusion weights for a query: ``base``, with the lexical weight scaled down for long
    queries (more than ``LONG_QUERY_CHARS`` characters)."""
    weights = dict(base)
    if len(text.strip()) > LONG_QUERY_CHARS:
        weights["lexical"] = weights.get("lexical", 1.0) * LONG_QUERY_LEXICAL_WEIGHT
    return weights


def rrf(
    rankings: Mapping[str, Sequence[str]],
    *,
    weights: Mapping[str, float] | None = None,
    k: int = RRF_K,
) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse named rankings; returns ``(key, score, {ranking name: 1-based rank})`` best first.

    Ties are broken by the best single rank, then by key, so the result is deterministic.
    """
    if k < 0:
        raise ValueError("k must be non-negative")
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, keys in rankings.items():
        w = 1.0 if weights is None else float(weights.get(name, 0.0))
        for r, key in enumerate(keys, start=1):
            ranks.setdefault(key, {})[name] = r
            if w:
                scores[key] = scores.get(key, 0.0) + w / (k + r)
    fused = [(key, scores.get(key, 0.0), ranks[key]) for key in ranks]
    fused.sort(key=lambda t: (-t[1], min(t[2].values()), t[0]))
    return fused
