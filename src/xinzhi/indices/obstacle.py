"""Obstacle degree model (障碍度模型, DOMAIN.md §4.5).

Factor contribution F_j = w_j, deviation I_ij = 1 − x'_ij, obstacle degree
O_ij = F_j I_ij / Σ_j F_j I_ij (×100 %), dimension level U_ik = Σ_{j∈k} O_ij. ``scaled=False``
returns the unscaled F_j I_ij as R ``mathmodels::obstacle_degree`` does by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray, as_table, as_weights


def obstacle_kernel(
    r: FloatArray, w: FloatArray, scaled: bool = True
) -> tuple[FloatArray, FloatArray]:
    """(deviation I, obstacle O); rows whose deviations are all 0 get O = 0, not NaN."""
    deviation = 1.0 - r
    contribution = deviation * w
    if not scaled:
        return deviation, contribution
    total = contribution.sum(axis=1, keepdims=True)
    share = np.divide(contribution, total, out=np.zeros_like(contribution), where=total > 0)
    return deviation, 100.0 * share


@dataclass(frozen=True)
class ObstacleResult(Explained):
    """Indicator obstacle degrees (in % when ``scaled``) and, with groups, dimension sums."""

    obstacle: FloatArray
    deviation: FloatArray
    weights: FloatArray
    scaled: bool
    rows: list[str]
    columns: list[str]
    groups: list[str] | None
    dimension: FloatArray | None
    dimensions: list[str] | None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.obstacle, index=self.rows, columns=self.columns)

    def dimension_frame(self) -> pd.DataFrame:
        if self.dimension is None or self.dimensions is None:
            raise InvalidInput("obstacle degree was computed without groups")
        return pd.DataFrame(self.dimension, index=self.rows, columns=self.dimensions)

    def top(self, k: int = 5) -> pd.DataFrame:
        """The ``k`` main obstacle factors of every row, largest first."""
        frame = self.to_frame()
        records = []
        for row, values in frame.iterrows():
            for rank, (name, value) in enumerate(values.nlargest(k).items(), start=1):
                records.append(
                    {"row": row, "rank": rank, "indicator": name, "obstacle": float(value)}
                )
        return pd.DataFrame(records)


def obstacle_degree(
    normalised: Any, weights: Any, groups: Any = None, *, scaled: bool = True
) -> ObstacleResult:
    """Obstacle degree of every indicator (and dimension, when ``groups`` names one per column).

    ``normalised`` is min-max data in [0, 1] (direction already applied); ``weights`` the
    factor contributions F_j (e.g. entropy weights, or indicator × dimension weight).
    """
    table = as_table(normalised, name="normalised data", min_rows=1)
    r = table.values
    if np.any(r < -1e-12) or np.any(r > 1 + 1e-12):
        raise InvalidInput(
            "obstacle degree needs normalised data in [0, 1]; min-max normalise first"
        )
    w = as_weights(weights, r.shape[1])
    deviation, obstacle = obstacle_kernel(r, w, scaled)
    labels = _groups(groups, table.columns)
    dimension, names = (None, None) if labels is None else _sum_by(obstacle, labels)
    return ObstacleResult(
        obstacle, deviation, w, scaled, table.rows, table.columns, labels, dimension, names
    )


def _groups(groups: Any, columns: list[str]) -> list[str] | None:
    if groups is None:
        return None
    if isinstance(groups, dict):
        missing = [c for c in columns if c not in groups]
        if missing:
            raise InvalidInput(f"groups: no dimension given for indicator(s) {missing}")
        return [str(groups[c]) for c in columns]
    labels = [str(g) for g in groups]
    if len(labels) != len(columns):
        raise InvalidInput(f"groups: expected {len(columns)} dimension names, got {len(labels)}")
    return labels


def _sum_by(obstacle: FloatArray, labels: list[str]) -> tuple[FloatArray, list[str]]:
    names = list(dict.fromkeys(labels))
    index = np.array([names.index(label) for label in labels])
    sums = np.stack([obstacle[:, index == k].sum(axis=1) for k in range(len(names))], axis=1)
    return sums, names
