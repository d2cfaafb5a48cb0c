"""S-curve kernels: logistic and Gompertz, fitted by nonlinear least squares (DOMAIN.md §5.1).

- logistic (R ``SSlogis``): y = K / (1 + exp((t_m − t)/w)), inflection at K/2 when t = t_m;
- Gompertz: y = K·exp(−exp(−(t − t_i)/w)), inflection at K/e when t = t_i; with c = 1/w and
  b = exp(t_i/w) this is the textbook y = K·exp(−b·e^{−ct}).

Standard errors come from σ²(JᵀJ)⁻¹ as in R's ``summary.nls``; intervals are Wald intervals
with Student's t on the residual degrees of freedom; AIC is R's ``AIC(nls)``
(n·(ln 2π + 1 + ln(RSS/n)) + 2(p + 1)).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats

FloatArray = NDArray[np.float64]
Curve = Callable[..., FloatArray]
MODELS = ("logistic", "gompertz")
PARAMETERS = {"logistic": ("K", "xmid", "scal"), "gompertz": ("K", "t_infl", "scal")}
# Share of K reached at the inflection point of each model.
INFLECTION_SHARE = {"logistic": 0.5, "gompertz": math.exp(-1.0)}


def logistic(t: FloatArray, k: float, xmid: float, scal: float) -> FloatArray:
    """Three-parameter logistic in R's ``SSlogis`` parametrisation."""
    return np.asarray(k / (1.0 + np.exp((xmid - t) / scal)), dtype=np.float64)


def gompertz(t: FloatArray, k: float, t_infl: float, scal: float) -> FloatArray:
    """Gompertz curve with its inflection time as a parameter (better conditioned than b)."""
    return np.asarray(k * np.exp(-np.exp(-(t - t_infl) / scal)), dtype=np.float64)


CURVES: dict[str, Curve] = {"logistic": logistic, "gompertz": gompertz}


def time_at_share(model: str, params: FloatArray, share: float) -> float:
    """The time t_p at which the curve reaches the share p of K (DOMAIN.md §5.1)."""
    _, centre, scal = (float(v) for v in params)
    if model == "logistic":
        return centre + scal * math.log(share / (1.0 - share))
    return centre - scal * math.log(-math.log(share))


@dataclass(frozen=True)
class CurveFit:
    """Least-squares estimates, their covariance and the residual summary."""

    model: str
    params: FloatArray
    covariance: FloatArray
    rss: float
    n: int

    @property
    def df(self) -> int:
        return self.n - len(self.params)

    @property
    def residual_se(self) -> float:
        return math.sqrt(self.rss / self.df) if self.df > 0 else math.nan

    @property
    def std_errors(self) -> FloatArray:
        return np.sqrt(np.clip(np.diag(self.covariance), 0.0, None))

    def interval(self, level: float) -> tuple[FloatArray, FloatArray]:
        """Wald interval est ± t_{df}·se at confidence ``level``."""
        q = float(stats.t.ppf(0.5 + level / 2.0, self.df)) if self.df > 0 else math.inf
        return self.params - q * self.std_errors, self.params + q * self.std_errors

    @property
    def aic(self) -> float:
        n = self.n
        if self.rss <= 0:
            return -math.inf  # an exact fit: the likelihood is unbounded
        return n * (math.log(2 * math.pi) + 1 + math.log(self.rss / n)) + 2 * (len(self.params) + 1)


def _starts(t: FloatArray, y: FloatArray) -> list[tuple[float, float, float]]:
    """Starting values: K above the last value, centre where y crosses K/2, span-based scale."""
    span = max(float(t[-1] - t[0]), 1e-9)
    top = max(float(np.max(y)), 1e-9)
    starts = []
    for factor in (1.05, 1.5, 3.0, 10.0):
        k = top * factor
        centre = float(np.interp(k / 2.0, y, t)) if np.all(np.diff(y) >= 0) else float(t[-1])
        for scale in (span / 8.0, span / 3.0):
            starts.append((k, centre, scale))
    return starts


def fit_curve(t: FloatArray, y: FloatArray, model: str) -> CurveFit:
    """Least-squares fit of ``model`` to (t, y) from several starts; the lowest RSS wins.

    Raises ``RuntimeError`` when no start converges to a curve with K > 0 and scale > 0.
    """
    curve = CURVES[model]
    best: CurveFit | None = None
    for start in _starts(t, y):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                params, cov = optimize.curve_fit(curve, t, y, p0=start, maxfev=20000)
        except (RuntimeError, ValueError, optimize.OptimizeWarning):
            continue
        if params[0] <= 0 or params[2] <= 0 or not np.all(np.isfinite(cov)):
            continue
        rss = float(np.sum((y - curve(t, *params)) ** 2))
        if best is None or rss < best.rss - 1e-12 * max(best.rss, 1.0):
            best = CurveFit(model, np.asarray(params), np.asarray(cov), rss, len(t))
    if best is None:
        raise RuntimeError(f"the {model} curve did not converge")
    return best
