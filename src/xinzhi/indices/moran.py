"""Global Moran's I with analytical and permutation inference (DOMAIN.md §4.8).

I = (n/S₀)·(Σ_i Σ_j w_ij z_i z_j)/(Σ_i z_i²), z = x − x̄, E[I] = −1/(n−1); variances under
normality and randomisation as in Cliff & Ord (1981) and PySAL ``esda.Moran``; pseudo p-value
from ``permutations`` random relabellings with a seeded generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray, as_table, as_vector

TRANSFORMS = ("r", "b")


def moran_statistic(z: FloatArray, w: FloatArray) -> FloatArray:
    """I for each row of ``z`` (already centred), with S₀ = Σw."""
    n = z.shape[-1]
    numerator = np.einsum("...i,ij,...j->...", z, w, z)
    return np.asarray(n / w.sum() * numerator / (z**2).sum(axis=-1), dtype=np.float64)


def moran_moments(z: FloatArray, w: FloatArray) -> dict[str, float]:
    """E[I] and the normality and randomisation variances (Cliff & Ord 1981)."""
    n = z.size
    s0 = w.sum()
    s1 = 0.5 * ((w + w.T) ** 2).sum()
    s2 = ((w.sum(axis=1) + w.sum(axis=0)) ** 2).sum()
    ei = -1.0 / (n - 1)
    v_norm = (n**2 * s1 - n * s2 + 3 * s0**2) / ((n**2 - 1) * s0**2) - ei**2
    kurt = n * (z**4).sum() / ((z**2).sum() ** 2)
    a = n * ((n**2 - 3 * n + 3) * s1 - n * s2 + 3 * s0**2)
    b = kurt * ((n**2 - n) * s1 - 2 * n * s2 + 6 * s0**2)
    v_rand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s0**2) - ei**2
    return {"EI": float(ei), "VI_norm": float(v_norm), "VI_rand": float(v_rand)}


@dataclass(frozen=True)
class MoranResult(Explained):
    I: float  # noqa: E741 - the statistic's published name
    expected: float
    variance_normal: float
    variance_random: float
    z_normal: float
    p_normal: float
    z_random: float
    p_random: float
    permutations: int
    p_sim: float | None
    p_greater: float | None
    seed: int
    transform: str
    labels: list[str]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{k: v for k, v in self.to_dict().items() if k != "labels"}])


def morans_i(
    values: Any, w: Any, permutations: int = 999, *, seed: int = 12345, transform: str = "r"
) -> MoranResult:
    """Global Moran's I of ``values`` under spatial weights ``w`` (n × n, zero diagonal).

    ``transform="r"`` row-standardises W (the esda default, S₀ = n); ``"b"`` keeps it binary.
    p_sim is esda's folded pseudo p-value (#{more extreme} + 1)/(R + 1); p_greater counts
    I_perm ≥ I (the one-sided form in DOMAIN.md §4.8).
    """
    x = as_vector(values, name="values").values
    weights = _weights(w, x.size, transform)
    z = x - x.mean()
    if not np.any(z):
        raise InvalidInput("Moran's I needs values that vary across regions")
    observed = float(moran_statistic(z, weights))
    moments = moran_moments(z, weights)
    z_norm = (observed - moments["EI"]) / np.sqrt(moments["VI_norm"])
    z_rand = (observed - moments["EI"]) / np.sqrt(moments["VI_rand"])
    p_sim = p_greater = None
    if permutations > 0:
        rng = np.random.default_rng(seed)
        shuffled = np.array([rng.permutation(z) for _ in range(permutations)])
        simulated = moran_statistic(shuffled, weights)
        larger = int((simulated >= observed).sum())
        p_greater = (larger + 1) / (permutations + 1)
        p_sim = (min(larger, permutations - larger) + 1) / (permutations + 1)
    return MoranResult(
        observed,
        moments["EI"],
        moments["VI_norm"],
        moments["VI_rand"],
        float(z_norm),
        float(2 * stats.norm.sf(abs(z_norm))),
        float(z_rand),
        float(2 * stats.norm.sf(abs(z_rand))),
        permutations,
        p_sim,
        p_greater,
        seed,
        transform,
        as_vector(values, name="values").labels,
    )


def _weights(w: Any, n: int, transform: str) -> FloatArray:
    if transform not in TRANSFORMS:
        raise InvalidInput(f"weights transform {transform!r} is not known; choose r or b")
    matrix = as_table(w, name="spatial weights").values
    if matrix.shape != (n, n):
        raise InvalidInput(
            f"spatial weights must be {n} × {n} (one row per region), got {matrix.shape}"
        )
    if np.any(matrix < 0) or np.any(np.diag(matrix) != 0):
        raise InvalidInput("spatial weights must be non-negative with a zero diagonal")
    rows = matrix.sum(axis=1)
    if np.any(rows == 0):
        raise InvalidInput(f"{int((rows == 0).sum())} region(s) have no neighbours (islands)")
    return matrix / rows[:, None] if transform == "r" else matrix
