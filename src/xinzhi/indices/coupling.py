"""Coupling degree C, coordination T and coupling coordination D = √(C·T) (DOMAIN.md §4.4).

- standard C = n·(∏U)^{1/n}/ΣU (the corrected form; R ``mathmodels::coupling_degree`` "standard");
- adjusted C = √{[1 − Σ_{i<j}|U_i − U_j|/Σ_{m=1}^{n−1} m]·[∏(U_i/max U)]^{1/(n−1)}} (王淑佳, 孔伟,
  任亮 等. 国内耦合协调度模型的误区及修正. 自然资源学报, 2021, 36(3): 793–810);
- T = Σ α_i U_i with Σα = 1 (equal weights by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray, as_table, as_weights, choice
from xinzhi.indices.levels import SCHEMES, classify, lag_type

FORMS = ("standard", "adjusted")


def coupling_standard(u: FloatArray) -> FloatArray:
    """C = n·(∏U_i)^{1/n}/ΣU_i per row; 0 where every U is 0."""
    n = u.shape[1]
    total = u.sum(axis=1)
    geometric = np.prod(u, axis=1) ** (1.0 / n)
    c = np.divide(n * geometric, total, out=np.zeros_like(total), where=total > 0)
    return np.asarray(c, dtype=np.float64)


def coupling_adjusted(u: FloatArray) -> FloatArray:
    """Wang Shujia adjusted C per row (needs n ≥ 2); 0 where every U is 0."""
    n = u.shape[1]
    pairs = n * (n - 1) / 2
    spread = sum(np.abs(u[:, i] - u[:, j]) for i in range(n) for j in range(i + 1, n))
    top = u.max(axis=1, keepdims=True)
    ratio = np.divide(u, top, out=np.zeros_like(u), where=top > 0)
    balance = np.prod(ratio, axis=1) ** (1.0 / (n - 1))
    return np.asarray(
        np.sqrt(np.clip((1.0 - spread / pairs) * balance, 0.0, None)), dtype=np.float64
    )


def coupling_kernel(
    u: FloatArray, alpha: FloatArray, form: str
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(C, T, D) for subsystem scores ``u`` (rows × subsystems), coordination weights ``alpha``."""
    c = coupling_standard(u) if form == "standard" else coupling_adjusted(u)
    t = u @ alpha
    return c, t, np.sqrt(c * t)


@dataclass(frozen=True)
class CouplingResult(Explained):
    """C, T, D per row, the level of D under ``scheme`` and, for two subsystems, the lag type."""

    subsystem_scores: FloatArray
    coupling: FloatArray
    coordination: FloatArray
    degree: FloatArray
    level: list[str]
    category: list[str]
    lag: list[str] | None
    weights: FloatArray
    form: str
    scheme: str
    lag_threshold: float
    rows: list[str]
    subsystems: list[str]

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.subsystem_scores, index=self.rows, columns=self.subsystems)
        frame["C"], frame["T"], frame["D"] = self.coupling, self.coordination, self.degree
        frame["level"], frame["category"] = self.level, self.category
        if self.lag is not None:
            frame["lag"] = self.lag
        return frame


def coupling_coordination(
    subsystem_scores: Any,
    weights: Any = None,
    *,
    form: str = "standard",
    scheme: str = "10",
    lag_threshold: float = 0.1,
) -> CouplingResult:
    """Coupling coordination of n ≥ 2 subsystems, one row per region (or region-year).

    Scores must lie in [0, 1] (e.g. entropy or TOPSIS subsystem scores). ``weights`` are the
    coordination weights α (default equal); ``scheme`` names the classification of D ("10", "6"
    or "5"); the lag type (U₁ vs U₂) is given for two subsystems, 同步 when |ΔU| ≤ lag_threshold.
    """
    choice(form, FORMS, "coupling form")
    choice(scheme, tuple(SCHEMES), "classification scheme")
    table = as_table(subsystem_scores, name="subsystem scores", min_rows=1)
    u = table.values
    if u.shape[1] < 2:
        raise InvalidInput("coupling needs at least two subsystems (columns)")
    if np.any(u < 0) or np.any(u > 1):
        raise InvalidInput(
            "subsystem scores must lie in [0, 1]; normalise or use index scores first"
        )
    alpha = as_weights(
        np.ones(u.shape[1]) if weights is None else weights, u.shape[1], name="coordination weights"
    )
    c, t, d = coupling_kernel(u, alpha, form)
    levels = [classify(float(v), scheme) for v in d]
    lag = None
    if u.shape[1] == 2:
        lag = [lag_type(float(a), float(b), table.columns, lag_threshold) for a, b in u]
    return CouplingResult(
        u,
        c,
        t,
        d,
        [lv.level for lv in levels],
        [lv.category for lv in levels],
        lag,
        alpha,
        form,
        scheme,
        lag_threshold,
        table.rows,
        table.columns,
    )
