"""Rank fusion kernels (pure functions over ranked key lists).

Reciprocal rank fusion: Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms
Condorcet and individual rank learning methods", SIGIR 2009 — ``score(d) = Σ_i w_i / (k + r_i(d))``
with ranks from 1 and ``k = 60``. Weights generalise the original (all 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

RRF_K = 60


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
