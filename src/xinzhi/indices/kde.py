"""Gaussian kernel density estimation with a named bandwidth rule (DOMAIN.md §4.7).

f̂(x) = (1/(N h)) Σ K((X_i − x)/h), K(u) = (2π)^{−1/2} exp(−u²/2). Rules (σ̂ with ddof = 1):

- ``"silverman"``:       h = 0.9·min(σ̂, IQR/1.34)·N^{−1/5} (Silverman 1986 eq. 3.31; Stata);
- ``"scott"``:           h = σ̂·N^{−1/5} (scipy ``gaussian_kde`` default, Scott 1992);
- ``"scipy_silverman"``: h = σ̂·(3N/4)^{−1/5} ≈ 1.06σ̂N^{−1/5} (scipy's "silverman" option).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray, as_vector

RULES = ("silverman", "scott", "scipy_silverman")
GRID_POINTS = 200


def bandwidth(x: FloatArray, rule: str) -> float:
    n = x.size
    sigma = float(x.std(ddof=1))
    if rule == "silverman":
        q75, q25 = np.percentile(x, [75, 25])
        spread = min(sigma, float(q75 - q25) / 1.34) or sigma
        return float(0.9 * spread * n ** (-0.2))
    if rule == "scott":
        return float(sigma * n ** (-0.2))
    if rule == "scipy_silverman":
        return float(sigma * (n * 3 / 4) ** (-0.2))
    raise InvalidInput(f"bandwidth rule {rule!r} is not known; choose one of: {', '.join(RULES)}")


def kde_kernel(x: FloatArray, grid: FloatArray, h: float) -> FloatArray:
    u = (grid[:, None] - x[None, :]) / h
    density: FloatArray = np.exp(-0.5 * u**2).sum(axis=1) / (x.size * h * np.sqrt(2 * np.pi))
    return density


@dataclass(frozen=True)
class DensityResult(Explained):
    grid: FloatArray
    density: FloatArray
    bandwidth: float
    rule: str
    kernel: str
    n: int

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"x": self.grid, "density": self.density})


def kernel_density(
    values: Any,
    *,
    rule: str = "silverman",
    bandwidth_value: float | None = None,
    grid: Any = None,
    points: int = GRID_POINTS,
) -> DensityResult:
    """Gaussian KDE of ``values`` on ``grid`` (default: 200 points over the range ± 3h)."""
    x = as_vector(values, name="values").values
    if x.size < 2 or float(x.std()) == 0:
        raise InvalidInput("kernel density needs at least two distinct values")
    h = bandwidth_value if bandwidth_value is not None else bandwidth(x, rule)
    if not h > 0:
        raise InvalidInput(f"bandwidth must be positive, got {h}")
    if grid is None:
        xs = np.linspace(x.min() - 3 * h, x.max() + 3 * h, points)
    else:
        xs = as_vector(grid, name="grid").values
    label = "fixed" if bandwidth_value is not None else rule
    return DensityResult(xs, kde_kernel(x, xs, h), float(h), label, "gaussian", int(x.size))
