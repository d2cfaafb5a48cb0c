"""Technology life cycle from yearly patent counts: an S-curve on the cumulative series.

``fit_s_curve`` validates the years and counts, drops the last lag-censored years (publication
is ~18 months after filing, so the latest application years are incomplete), fits a logistic or
Gompertz curve (:mod:`xinzhi.patents.curves`) and reads the stage from y/K̂ by the 10/50/90 %
convention (DOMAIN.md §5.1: a convention from technology-radar practice, not a cited method).
K is poorly identified before the inflection point, so such fits carry a flag and K's interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.curves import (
    CURVES,
    INFLECTION_SHARE,
    MODELS,
    PARAMETERS,
    CurveFit,
    FloatArray,
    fit_curve,
    time_at_share,
)

STAGES = (
    (0.10, "emerging", "萌芽期"),
    (0.50, "growth", "成长期"),
    (0.90, "maturity", "成熟期"),
    (float("inf"), "saturation", "饱和期"),
)
DECLINE = ("decline", "衰退期")
MIN_POINTS = 5


def stage_of(share: float) -> tuple[str, str]:
    """(stage, 中文) for y/K by the 10/50/90 % convention."""
    for upper, name, name_zh in STAGES:
        if share < upper:
            return name, name_zh
    return STAGES[-1][1], STAGES[-1][2]  # pragma: no cover - inf bound always matches


def declining(yearly: FloatArray, run: int) -> bool:
    """True when the last ``run`` yearly counts each fell (the S-curve itself cannot decline)."""
    if run < 1 or len(yearly) <= run:
        return False
    return bool(np.all(np.diff(yearly[-run - 1 :]) < 0))


@dataclass(frozen=True)
class SCurveResult(Explained):
    """An S-curve fit with its parameters, intervals, fit quality, stage and flags."""

    model: str
    parameters: dict[str, float]
    std_errors: dict[str, float]
    ci_low: dict[str, float]
    ci_high: dict[str, float]
    level: float
    aic: float
    r_squared: float
    residual_se: float
    df: int
    years: list[int]
    yearly: FloatArray
    cumulative: FloatArray
    fitted: FloatArray
    used: list[bool]
    milestones: dict[str, float]
    maturity: float
    stage: str
    stage_zh: str
    before_inflection: bool
    censored_years: int
    flags: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "yearly": self.yearly,
                "cumulative": self.cumulative,
                "fitted": self.fitted,
                "used": self.used,
            },
            index=pd.Index(self.years, name="year"),
        )


def yearly_series(years: Any, counts: Any) -> tuple[list[int], FloatArray]:
    """Counts summed per year over the full year range, missing years as 0."""
    y = np.asarray(years)
    c = np.asarray(counts, dtype=np.float64)
    if y.ndim != 1 or y.shape != c.shape or len(y) == 0:
        raise InvalidInput("years and counts must be 1-D and of the same non-zero length")
    if not np.all(np.isfinite(c)) or np.any(c < 0):
        raise InvalidInput("counts must be finite and non-negative")
    if not np.all(np.equal(np.mod(y, 1), 0)):
        raise InvalidInput("years must be whole numbers")
    first, last = int(y.min()), int(y.max())
    full = np.zeros(last - first + 1)
    np.add.at(full, y.astype(np.int64) - first, c)
    return list(range(first, last + 1)), full


def fit_s_curve(
    years: Any,
    counts: Any,
    model: str = "logistic",
    *,
    cumulative: bool = False,
    censored_years: int = 1,
    level: float = 0.95,
    decline_run: int = 2,
) -> SCurveResult:
    """Fit ``model`` ("logistic" or "gompertz") to the cumulative patent counts per year.

    ``counts`` are yearly counts (or already cumulative with ``cumulative=True``); the last
    ``censored_years`` are shown but not fitted. Stage = share y/K̂ of the last fitted year;
    "decline" when saturated and the last ``decline_run`` yearly counts fell.
    """
    if model not in MODELS:
        raise InvalidInput(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")
    if censored_years < 0 or not 0 < level < 1:
        raise InvalidInput("censored_years must be ≥ 0 and level in (0, 1)")
    labels, series = yearly_series(years, counts)
    yearly = np.diff(series, prepend=0.0) if cumulative else series
    total = np.cumsum(yearly)
    n_used = len(labels) - censored_years
    if n_used < MIN_POINTS:
        raise InvalidInput(
            f"an S-curve needs at least {MIN_POINTS} fitted years; "
            f"got {n_used} after dropping {censored_years} censored year(s)"
        )
    t = np.asarray(labels[:n_used], dtype=np.float64)
    try:
        fit = fit_curve(t, total[:n_used], model)
    except RuntimeError as exc:
        raise InvalidInput(f"{exc}; the series may not be S-shaped yet") from exc
    return _result(fit, labels, yearly, total, n_used, level, censored_years, decline_run)


def _result(
    fit: CurveFit,
    labels: list[int],
    yearly: FloatArray,
    total: FloatArray,
    n_used: int,
    level: float,
    censored: int,
    decline_run: int,
) -> SCurveResult:
    names = PARAMETERS[fit.model]
    low, high = fit.interval(level)
    fitted = CURVES[fit.model](np.asarray(labels, dtype=np.float64), *fit.params)
    observed = total[:n_used]
    tss = float(np.sum((observed - observed.mean()) ** 2))
    k = float(fit.params[0])
    share = float(observed[-1]) / k
    stage, stage_zh = stage_of(share)
    milestones = _milestones(fit)
    before = labels[n_used - 1] < milestones["t_inflection"]
    flags = _flags(fit, before, low, censored)
    if share >= 0.9 and declining(yearly[:n_used], decline_run):
        stage, stage_zh = DECLINE
        flags.append(f"yearly counts fell in each of the last {decline_run} fitted years")
    return SCurveResult(
        fit.model,
        dict(zip(names, map(float, fit.params), strict=True)),
        dict(zip(names, map(float, fit.std_errors), strict=True)),
        dict(zip(names, map(float, low), strict=True)),
        dict(zip(names, map(float, high), strict=True)),
        level,
        fit.aic,
        1.0 - fit.rss / tss if tss > 0 else float("nan"),
        fit.residual_se,
        fit.df,
        labels,
        yearly,
        total,
        fitted,
        [i < n_used for i in range(len(labels))],
        milestones,
        share,
        stage,
        stage_zh,
        bool(before),
        censored,
        flags,
    )


def _milestones(fit: CurveFit) -> dict[str, float]:
    """t₁₀, t₅₀, t₉₀, the inflection time and the 10→90 % duration."""
    times = {f"t{round(p * 100)}": time_at_share(fit.model, fit.params, p) for p in (0.1, 0.5, 0.9)}
    times["t_inflection"] = time_at_share(fit.model, fit.params, INFLECTION_SHARE[fit.model])
    times["duration_10_90"] = times["t90"] - times["t10"]
    return times


def _flags(fit: CurveFit, before: bool, low: FloatArray, censored: int) -> list[str]:
    flags = []
    if before:
        flags.append(
            "before inflection — unreliable: the series has not passed its inflection point, "
            "so K (the saturation level) and the stage are poorly identified"
        )
    if low[0] <= 0:
        flags.append("the interval of K includes 0: K is not identified by these data")
    if censored:
        flags.append(f"last {censored} year(s) not fitted: publication lag censors them")
    return flags
