"""Ranking-quality kernels with binary relevance (the usual IR definitions, as in trec_eval).

- nDCG@k (Järvelin & Kekäläinen, ACM TOIS 2002): ``DCG = Σ_{i≤k} rel_i / log2(i + 1)``, divided
  by the DCG of an ideal ranking of the ``min(|R|, k)`` relevant documents;
- Recall@k: the share of the relevant documents found in the first ``k``;
- MRR@k: ``1 / rank`` of the first relevant document within the first ``k``, else 0.

``ndcg_graded`` is nDCG@k with graded judgements (0, 1, 2 …) used as linear gains, the original
form of Järvelin & Kekäläinen (2002): ``DCG = Σ_{i≤k} g_i / log2(i + 1)`` over the ideal order
of the judged grades. Unjudged documents gain 0.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence


def ndcg_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal


def ndcg_graded(ranked: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    ideal_gains = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(ideal_gains))
    if ideal == 0:
        return 0.0
    dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    return dcg / ideal


def recall_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def mrr_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    for i, d in enumerate(ranked[:k]):
        if d in relevant:
            return 1.0 / (i + 1)
    return 0.0


def summary(runs: Sequence[tuple[Sequence[str], Collection[str]]]) -> dict[str, float]:
    """Mean nDCG@10, Recall@10, Recall@100 and MRR@10 over ``(ranked, relevant)`` pairs."""
    n = max(len(runs), 1)
    return {
        "ndcg@10": sum(ndcg_at(r, rel, 10) for r, rel in runs) / n,
        "recall@10": sum(recall_at(r, rel, 10) for r, rel in runs) / n,
        "recall@100": sum(recall_at(r, rel, 100) for r, rel in runs) / n,
        "mrr@10": sum(mrr_at(r, rel, 10) for r, rel in runs) / n,
    }
