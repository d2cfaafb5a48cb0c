"""Objective weights: entropy (熵权法), CRITIC and standard deviation.

Sources: DOMAIN.md §4.2 (entropy: p_ij = x'_ij/Σ_i x'_ij, e_j = −(1/ln m) Σ p ln p, d = 1 − e,
w = d/Σd); Diakoulaki, Mavrotas & Papayannakis (1995) Computers & OR 22(7):763–770 (CRITIC:
C_j = σ_j Σ_k (1 − r_jk)); the standard-deviation method w_j = σ_j/Σσ (Jahan & Edwards 2013).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray
from xinzhi.indices.normalisation import (
    DEFAULT_BOUNDS,
    DEFAULT_EPS,
    DEFAULT_SHIFT,
    Normalised,
    normalise,
)


def entropy_kernel(x: FloatArray, *, clip_eps: float | None = None) -> tuple[FloatArray, ...]:
    """(p, e, d, w) for non-negative data ``x``; 0·ln 0 := 0, an all-zero column has e = 1.

    ``clip_eps`` clips p to at least eps before p·ln p (the "clip" variant).
    """
    m = x.shape[0]
    total = x.sum(axis=0)
    p = np.divide(x, total, out=np.full_like(x, 1.0 / m), where=total > 0)
    if clip_eps is not None:
        p = np.clip(p, clip_eps, None)
    logs = np.log(p, out=np.zeros_like(p), where=p > 0)
    e = -(p * logs).sum(axis=0) / np.log(m)
    d = 1.0 - e
    return p, e, d, d / d.sum()


def critic_kernel(r: FloatArray, ddof: int = 1) -> tuple[FloatArray, ...]:
    """(σ, correlation, information C, w) of normalised data ``r``."""
    sigma = r.std(axis=0, ddof=ddof)
    raw = np.corrcoef(r, rowvar=False) if r.shape[1] > 1 else np.ones((1, 1))
    corr = np.asarray(np.nan_to_num(raw, nan=1.0), dtype=np.float64)
    information = sigma * (1.0 - corr).sum(axis=0)
    return sigma, corr, information, information / information.sum()


def std_kernel(r: FloatArray, ddof: int = 1) -> tuple[FloatArray, FloatArray]:
    sigma = r.std(axis=0, ddof=ddof)
    return sigma, sigma / sigma.sum()


@dataclass(frozen=True)
class Weights(Explained):
    """Weights with the intermediates of their method and the normalisation used."""

    method: str
    weights: FloatArray
    normalised: Normalised
    intermediates: dict[str, FloatArray]
    parameters: dict[str, Any]

    @property
    def columns(self) -> list[str]:
        return self.normalised.columns

    def as_series(self) -> pd.Series:
        return pd.Series(self.weights, index=self.columns, name="weight")

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame({"weight": self.weights}, index=self.columns)
        for name, values in self.intermediates.items():
            if values.ndim == 1:
                frame[name] = values
        frame["direction"] = ["+" if d > 0 else "-" for d in self.normalised.directions]
        return frame

    def scores(self) -> FloatArray:
        """Composite S_i = Σ_j w_j r_ij on the min-max data r ∈ [0, 1] (DOMAIN.md §4.2 step 5)."""
        return np.asarray(self.normalised.minmax @ self.weights, dtype=np.float64)


def entropy_weights(
    matrix: Any,
    directions: Any = None,
    *,
    zero: str = "shift",
    shift: float = DEFAULT_SHIFT,
    bounds: tuple[float, float] = DEFAULT_BOUNDS,
    eps: float = DEFAULT_EPS,
    scaling: str = "minmax",
) -> Weights:
    """Entropy weights (熵权法, DOMAIN.md §4.2) with the zero variant of §4.1 named by ``zero``.

    Pass a region × year stack (e.g. a DataFrame indexed by (region, year)) to get the panel
    "全局熵值法": one min and max per indicator over the whole panel, so scores compare across
    years. ``scaling="none"`` sum-normalises the raw data (Elsayed et al. 2017; pymcdm).
    """
    norm = normalise(matrix, directions, zero=zero, shift=shift, bounds=bounds, scaling=scaling)
    clip = eps if zero == "clip" else None
    p, e, d, w = entropy_kernel(norm.adjusted, clip_eps=clip)
    if not np.all(np.isfinite(w)):
        raise InvalidInput("every indicator is constant: entropy weights are undefined")
    params = {**norm.parameters, "k": "1/ln(m)", "m": int(p.shape[0]), "eps": eps if clip else None}
    return Weights("entropy", w, norm, {"entropy": e, "divergence": d, "p": p}, params)


def critic_weights(
    matrix: Any, directions: Any = None, *, ddof: int = 1, scaling: str = "minmax"
) -> Weights:
    """CRITIC weights (Diakoulaki et al. 1995) on min-max data; σ with ``ddof`` (pymcdm: 1)."""
    norm = normalise(matrix, directions, zero="limit", scaling=scaling)
    sigma, corr, information, w = critic_kernel(norm.minmax, ddof)
    _require_spread(w, "CRITIC")
    params = {**norm.parameters, "ddof": ddof, "correlation": "pearson"}
    return Weights(
        "critic", w, norm, {"std": sigma, "information": information, "correlation": corr}, params
    )


def std_weights(
    matrix: Any, directions: Any = None, *, ddof: int = 1, scaling: str = "minmax"
) -> Weights:
    """Standard-deviation weights w_j = σ_j/Σσ on min-max data (Jahan & Edwards 2013)."""
    norm = normalise(matrix, directions, zero="limit", scaling=scaling)
    sigma, w = std_kernel(norm.minmax, ddof)
    _require_spread(w, "standard-deviation")
    return Weights("std", w, norm, {"std": sigma}, {**norm.parameters, "ddof": ddof})


WEIGHTING: dict[str, Callable[..., Weights]] = {
    "entropy": entropy_weights,
    "critic": critic_weights,
    "std": std_weights,
}


def _require_spread(w: FloatArray, method: str) -> None:
    if not np.all(np.isfinite(w)):
        raise InvalidInput(f"every indicator is constant: {method} weights are undefined")


@dataclass(frozen=True)
class PanelWeights(Explained):
    """Entropy weights of a region × year panel, pooled ("global") or one set per year."""

    mode: str
    by_year: dict[int, Weights]
    pooled: Weights | None

    def to_frame(self) -> pd.DataFrame:
        if self.pooled is not None:
            return self.pooled.to_frame()
        return pd.DataFrame(
            {year: w.weights for year, w in self.by_year.items()}, index=self.columns
        ).T

    @property
    def columns(self) -> list[str]:
        first = self.pooled or next(iter(self.by_year.values()))
        return first.columns


def panel_entropy_weights(
    panel: pd.DataFrame,
    directions: Any = None,
    *,
    mode: str = "global",
    year_level: str = "year",
    **options: Any,
) -> PanelWeights:
    """Entropy weights of a panel indexed by (region, year): ``global`` pools all region-years
    (全局熵值法, DOMAIN.md §4.2); ``per_year`` weighs each year's cross-section separately."""
    if mode == "global":
        return PanelWeights(mode, {}, entropy_weights(panel, directions, **options))
    if mode != "per_year":
        raise InvalidInput(f"panel weighting mode {mode!r} is not known; choose global or per_year")
    years = panel.index.get_level_values(year_level)
    by_year = {
        int(y): entropy_weights(panel[years == y], directions, **options)
        for y in sorted(set(years))
    }
    return PanelWeights(mode, by_year, None)
