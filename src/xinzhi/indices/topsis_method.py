"""TOPSIS (Hwang & Yoon 1981) in the three variants seen in 熵权-TOPSIS papers (DOMAIN.md §4.3).

- ``"vector"``:            r = x/√Σx², v = w·r, ideal by direction, Euclidean distances (classic);
- ``"weighted_distance"``: min-max x', D± = √Σ_j w_j (x' − x'±)² (common in Chinese papers);
- ``"minmax_weighted"``:   min-max x', v = w·x', Euclidean distances (pymcdm ``TOPSIS()`` default).

The variants can reorder alternatives (DOMAIN.md §4.3 [CALC] table), so the variant is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray, IntArray, as_directions, as_table, as_weights, choice
from xinzhi.indices.normalisation import minmax_kernel

VARIANTS = ("vector", "weighted_distance", "minmax_weighted")


def topsis_kernel(
    x: FloatArray, w: FloatArray, directions: IntArray, variant: str
) -> tuple[FloatArray, ...]:
    """(v, ideal, anti_ideal, d_plus, d_minus, closeness) for one variant."""
    if variant == "weighted_distance":
        r = minmax_kernel(x, directions)
        ideal, anti = r.max(axis=0), r.min(axis=0)
        d_plus = np.sqrt((w * (r - ideal) ** 2).sum(axis=1))
        d_minus = np.sqrt((w * (r - anti) ** 2).sum(axis=1))
        return r, ideal, anti, d_plus, d_minus, _closeness(d_plus, d_minus)
    if variant == "vector":
        norms = np.sqrt((x**2).sum(axis=0))
        v = w * np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
        ideal = np.where(directions > 0, v.max(axis=0), v.min(axis=0))
        anti = np.where(directions > 0, v.min(axis=0), v.max(axis=0))
    else:
        v = w * minmax_kernel(x, directions)
        ideal, anti = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return v, ideal, anti, d_plus, d_minus, _closeness(d_plus, d_minus)


def _closeness(d_plus: FloatArray, d_minus: FloatArray) -> FloatArray:
    total = d_plus + d_minus
    return np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)


@dataclass(frozen=True)
class TopsisResult(Explained):
    """Closeness C_i = D⁻/(D⁺ + D⁻) with the weighted matrix, ideals and distances."""

    closeness: FloatArray
    rank: list[int]
    weighted: FloatArray
    ideal: FloatArray
    anti_ideal: FloatArray
    d_plus: FloatArray
    d_minus: FloatArray
    weights: FloatArray
    directions: IntArray
    variant: str
    rows: list[str]
    columns: list[str]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "d_plus": self.d_plus,
                "d_minus": self.d_minus,
                "closeness": self.closeness,
                "rank": self.rank,
            },
            index=self.rows,
        )


def topsis(
    matrix: Any, weights: Any, directions: Any = None, *, variant: str = "vector"
) -> TopsisResult:
    """Rank alternatives by TOPSIS closeness (DOMAIN.md §4.3); ``variant`` is one of VARIANTS."""
    choice(variant, VARIANTS, "TOPSIS variant")
    table = as_table(matrix)
    n = table.values.shape[1]
    w = as_weights(weights, n)
    dirs = as_directions(directions, n, table.columns)
    if variant == "vector" and np.any(table.values < 0):
        raise InvalidInput(
            "vector-normalised TOPSIS needs non-negative data; use variant='minmax_weighted'"
        )
    v, ideal, anti, d_plus, d_minus, c = topsis_kernel(table.values, w, dirs, variant)
    return TopsisResult(
        c,
        rank_descending(c),
        v,
        ideal,
        anti,
        d_plus,
        d_minus,
        w,
        dirs,
        variant,
        table.rows,
        table.columns,
    )


def rank_descending(values: FloatArray) -> list[int]:
    """1 for the largest value; ties share the smallest rank (competition ranking)."""
    series = pd.Series(values)
    return [int(r) for r in series.rank(ascending=False, method="min")]
