"""The patent life-cycle chart (专利技术生命周期图) and the patent index method (专利指标法).

Both are standard Chinese patent-analysis practice as summarised in DOMAIN.md §5.2; no primary
source was found in our store, so they are cited as practice, not as a paper's method.

- Chart: applications per year (x) against applicants per year (y), joined in year order. Stage
  reading per year from the year-on-year changes: both low → 萌芽期; both rise → 成长期 (复苏期
  after a decline); applications rise while applicants are flat or fall → 成熟期; both fall →
  衰退期; any other combination is "mixed".
- Index method, with a, b, c = invention, utility-model, design applications in year t and A =
  invention applications in the ``window`` (5) years before t: 技术生长率 v = a/A, 技术成熟系数
  α = a/(a+b), 技术衰老系数 β = (a+b)/(a+b+c), 新技术特征系数 N = √(v² + α²).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.patents.curves import FloatArray

PHASES = {
    "emerging": "萌芽期",
    "growth": "成长期",
    "maturity": "成熟期",
    "decline": "衰退期",
    "recovery": "复苏期",
    "mixed": "波动",
}


def _vector(values: Any, name: str, n: int | None = None) -> FloatArray:
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 1 or (n is not None and len(v) != n):
        raise InvalidInput(f"{name} must be a 1-D series with one value per year")
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        raise InvalidInput(f"{name} must be finite and non-negative")
    return v


def relative_change(x: FloatArray) -> FloatArray:
    """(x_t − x_{t−1}) / max(x_{t−1}, 1); NaN for the first year."""
    change = np.full(len(x), np.nan)
    change[1:] = (x[1:] - x[:-1]) / np.maximum(x[:-1], 1.0)
    return change


def read_phase(da: float, dn: float, low: bool, declined: bool, flat: float) -> str:
    """The phase of one year from the relative changes of applications and applicants."""
    if low and not declined:
        return "emerging"
    if da > flat and dn > flat:
        return "recovery" if declined else "growth"
    if da > flat:
        return "maturity"
    if da < -flat and dn < -flat:
        return "decline"
    return "mixed"


@dataclass(frozen=True)
class LifecycleChart(Explained):
    """Applications and applicants per year with the phase read for each year."""

    years: list[int]
    applications: FloatArray
    applicants: FloatArray
    phase: list[str]
    phase_zh: list[str]
    stage: str
    stage_zh: str
    flat: float
    low_share: float
    censored_years: int = 0
    note: str = "stage reading of standard Chinese patent-analysis practice (DOMAIN.md §5.2)"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "applications": self.applications,
                "applicants": self.applicants,
                "phase": self.phase,
                "phase_zh": self.phase_zh,
            },
            index=pd.Index(self.years, name="year"),
        )


def lifecycle_chart(
    years: Any,
    applications: Any,
    applicants: Any,
    *,
    flat: float = 0.05,
    low_share: float = 0.2,
    censored_years: int = 0,
) -> LifecycleChart:
    """The 专利技术生命周期图 with a phase per year; the stage is the phase of the last year
    not censored by publication lag (the last ``censored_years`` are shown but not read).

    A change within ±``flat`` (relative) counts as flat; "both low" means both below
    ``low_share`` of their maxima. The first year has no change and is read only as low or not.
    """
    labels = [int(y) for y in np.asarray(years)]
    a = _vector(applications, "applications", len(labels))
    n = _vector(applicants, "applicants", len(labels))
    if len(labels) - max(censored_years, 0) < 2:
        raise InvalidInput("the life-cycle chart needs at least two years besides censored ones")
    da, dn = relative_change(a), relative_change(n)
    low = (a < low_share * a.max()) & (n < low_share * n.max())
    phases: list[str] = []
    for t in range(len(labels)):
        declined = "decline" in phases
        phases.append(read_phase(float(da[t]), float(dn[t]), bool(low[t]), declined, flat))
    return LifecycleChart(
        labels,
        a,
        n,
        phases,
        [PHASES[p] for p in phases],
        phases[-1 - censored_years],
        PHASES[phases[-1 - censored_years]],
        flat,
        low_share,
        censored_years,
    )


@dataclass(frozen=True)
class PatentIndex(Explained):
    """技术生长率 v, 成熟系数 α, 衰老系数 β and 新技术特征系数 N per year."""

    years: list[int]
    invention: FloatArray
    growth_rate: FloatArray
    maturity_coefficient: FloatArray
    ageing_coefficient: FloatArray
    novelty_coefficient: FloatArray
    window: int
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "invention": self.invention,
                "v": self.growth_rate,
                "alpha": self.maturity_coefficient,
                "beta": self.ageing_coefficient,
                "N": self.novelty_coefficient,
            },
            index=pd.Index(self.years, name="year"),
        )


def trailing_sum(x: FloatArray, window: int) -> FloatArray:
    """Sum of the ``window`` values before each position; NaN without a full window."""
    out = np.full(len(x), np.nan)
    csum = np.concatenate([[0.0], np.cumsum(x)])
    idx = np.arange(window, len(x))
    out[idx] = csum[idx] - csum[idx - window]
    return out


def patent_index(
    years: Any,
    invention: Any,
    utility: Any = None,
    design: Any = None,
    *,
    window: int = 5,
) -> PatentIndex:
    """The patent index method per year (DOMAIN.md §5.2; standard practice, cited as such).

    Without utility-model or design counts, α and β (which need them) are NaN with a note.
    The first ``window`` years have no full history, so v and N are NaN there.
    """
    labels = [int(y) for y in np.asarray(years)]
    a = _vector(invention, "invention applications", len(labels))
    if window < 1:
        raise InvalidInput("window must be at least one year")
    notes = []
    big_a = trailing_sum(a, window)
    v = np.divide(a, big_a, out=np.full(len(a), np.nan), where=big_a > 0)
    if utility is None:
        b = np.full(len(a), np.nan)
        notes.append("no utility-model counts: α, β and N need them")
    else:
        b = _vector(utility, "utility-model applications", len(labels))
    c = np.zeros(len(a)) if design is None else _vector(design, "design applications", len(a))
    if design is None and utility is not None:
        notes.append("no design counts: β computed with c = 0")
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = a / (a + b)
        beta = (a + b) / (a + b + c)
    return PatentIndex(labels, a, v, alpha, beta, np.sqrt(v**2 + alpha**2), window, notes)
