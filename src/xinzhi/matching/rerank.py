"""A linear reranker over explainable features of a (query, candidate) pair.

After fusion, the first ``depth`` candidates are re-scored with ``s = b + Σ w_i x_i`` — a
logistic-regression model, so every result can show what each feature contributed. The
features only use what both records carry:

- ``rrf``: the fused reciprocal-rank score × 60 (≈ 1 for a first place in one ranking);
- ``lexical``: ``log(1 + BM25)``; ``dense``: the cosine similarity (0 when not retrieved);
- ``shared_people``: 1 when the records share an inventor / developer (self-citation is the
  commonest kind of patent citation);
- ``same_region``: 1 when both are in the same province (GB/T 2260 first two digits);
- ``gap``, ``gap_sq``: years from the candidate's date to the query's reference date (a
  patent query's filing date — the prior-art cutoff — else its own date), clipped to [−5, 10];
  ``later``: 1 when the candidate is dated after it; ``no_date``: either date unknown;
- ``recency``: the candidate's date rank among the query's dated candidates, 0 = newest,
  1 = oldest (``recency_ranks``). Relative to the candidate list, so it means the same for a
  query from a year with little earlier literature as for a later one — unlike ``gap``, whose
  distribution shifts with the query's year (a 2011 patent in a corpus starting in 2011 cannot
  cite anything two years old). No feature uses an absolute date.

Weights are trained (``bench/train_rerank.py``) and shipped as YAML with their provenance and
held-out scores; a model says which query types it applies to (the shipped one: patents, i.e.
prior-art search). Other queries keep the fused order.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from xinzhi.matching.types import MatchDoc

FEATURES = (
    "rrf",
    "lexical",
    "dense",
    "shared_people",
    "same_region",
    "gap",
    "gap_sq",
    "later",
    "no_date",
    "recency",
)


def recency_ranks(dates: Sequence[dt.date | None]) -> list[float]:
    """Per candidate, the share of the other dated candidates that are newer (ties count half);
    0.5 for an undated one. Pure; order of ``dates`` is the candidate list's."""
    known = sorted(d for d in dates if d is not None)
    n = len(known)
    out = []
    for d in dates:
        if d is None or n < 2:
            out.append(0.5)
            continue
        newer = n - bisect.bisect_right(known, d)
        ties = bisect.bisect_right(known, d) - bisect.bisect_left(known, d) - 1
        out.append((newer + 0.5 * ties) / (n - 1))
    return out


def pair_features(
    query: MatchDoc,
    doc: MatchDoc,
    *,
    rrf: float,
    lexical: float | None,
    dense: float | None,
    recency: float = 0.5,
) -> dict[str, float]:
    """The feature vector of one pair (pure); ``recency`` from ``recency_ranks`` of the list."""
    shared = bool(set(query.people) & set(doc.people))
    region = bool(query.region_code[:2]) and query.region_code[:2] == doc.region_code[:2]
    if query.date is None or doc.date is None:
        gap, later, no_date = 0.0, 0.0, 1.0
    else:
        years = (query.date - doc.date).days / 365.25
        gap, later, no_date = max(-5.0, min(10.0, years)), float(years < 0), 0.0
    return {
        "rrf": rrf * 60.0,
        "lexical": math.log1p(max(lexical or 0.0, 0.0)),
        "dense": float(dense or 0.0),
        "shared_people": float(shared),
        "same_region": float(region),
        "gap": gap,
        "gap_sq": gap * gap / 10.0,
        "later": later,
        "no_date": no_date,
        "recency": recency,
    }


@dataclass(frozen=True)
class RerankModel:
    name: str
    weights: dict[str, float]
    bias: float = 0.0
    applies_to: tuple[str, ...] = ()
    provenance: dict[str, Any] = field(default_factory=dict)

    def applies(self, query: MatchDoc) -> bool:
        return query.entity_type in self.applies_to or "*" in self.applies_to

    def contributions(self, features: dict[str, float]) -> dict[str, float]:
        return {k: self.weights.get(k, 0.0) * v for k, v in features.items()}

    def score(self, features: dict[str, float]) -> float:
        return self.bias + sum(self.contributions(features).values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weights": self.weights,
            "bias": self.bias,
            "applies_to": list(self.applies_to),
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RerankModel:
        unknown = set(data.get("weights", {})) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown reranking features: {sorted(unknown)}")
        return cls(
            name=str(data["name"]),
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data.get("bias", 0.0)),
            applies_to=tuple(data.get("applies_to", ())),
            provenance=dict(data.get("provenance", {})),
        )


@lru_cache(maxsize=1)
def shipped_model() -> RerankModel | None:
    """The model in ``data/rerank.yaml``, or ``None`` when the package ships none."""
    path = resources.files("xinzhi.matching").joinpath("data/rerank.yaml")
    if not path.is_file():
        return None
    return RerankModel.from_dict(yaml.safe_load(path.read_text("utf-8")))


def order(scores: Sequence[float]) -> list[int]:
    """Positions sorted by descending score, ties kept in their fused order (stable)."""
    return sorted(range(len(scores)), key=lambda i: -scores[i])
