"""Life cycle and bursts of a landscape table (:mod:`xinzhi.patents.landscape` columns).

- ``lifecycle_of``: S-curve on applications per application year, the 专利技术生命周期图 with
  applicants per year (inventors when the records have no applicants, said so in the notes) and
  the patent index method from the CN kind codes (invention / utility model / design).
- ``bursts_of``: the batched two-state automaton per term of one field (applicant, inventor,
  province, IPC subclass, title keyword): r_t = patents of year t with the term, d_t = patents
  of year t.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.core.text import query_tokens
from xinzhi.patents.bursts import batched_table
from xinzhi.patents.chart import LifecycleChart, PatentIndex, lifecycle_chart, patent_index
from xinzhi.patents.items import distinct, items_of
from xinzhi.patents.landscape import PUBLICATION_LAG, ipc_subclass
from xinzhi.patents.lifecycle import SCurveResult, fit_s_curve

BURST_FIELDS = ("applicant", "inventor", "province", "ipc", "keyword")
# Title words of patent boilerplate: in nearly every title, so never a topic.
TITLE_STOPWORDS = frozenset(
    {"一种", "方法", "装置", "系统", "设备", "及其", "用于", "制备", "基于", "应用", "使用", "具有"}
)


def title_terms(title: str) -> list[str]:
    """Words of a title (jieba precise mode, as the search's queries) of two or more characters,
    without patent boilerplate."""
    return [t for t in query_tokens(title) if len(t) >= 2 and t not in TITLE_STOPWORDS]


@dataclass(frozen=True)
class Lifecycle(Explained):
    """Both S-curves, the one with the lower AIC, the chart and the patent index."""

    curves: dict[str, SCurveResult | str]
    best: str | None
    chart: LifecycleChart
    index: PatentIndex
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.chart.to_frame().join(self.index.to_frame(), how="outer")


def _per_year(frame: pd.DataFrame, years: list[int], mask: Any = None) -> np.ndarray[Any, Any]:
    app_year = frame["app_year"] if mask is None else frame.loc[mask, "app_year"]
    counts = app_year.dropna().astype(int).value_counts()
    return counts.reindex(years, fill_value=0).to_numpy(dtype=np.float64)


def actors_per_year(frame: pd.DataFrame, years: list[int], column: str) -> np.ndarray[Any, Any]:
    """Distinct names in ``column`` among the applications of each year."""
    year = frame["app_year"].to_numpy(dtype=np.float64, na_value=np.nan)
    found = items_of(frame[column])
    row_year = year[found.rows]
    known = ~np.isnan(row_year)
    offset = row_year[known].astype(np.int64) - years[0]
    width = max(len(found.names), 1)
    pairs = distinct(offset * width + found.codes[known]) // width
    return np.bincount(pairs, minlength=len(years)).astype(np.float64)


def lifecycle_of(frame: pd.DataFrame, *, censored_years: int = 1) -> Lifecycle:
    """The life-cycle reading of the patents in ``frame`` by application year."""
    app_year = frame["app_year"].dropna().astype(int)
    if app_year.empty:
        raise InvalidInput("no patent with an application date in this selection")
    years = list(range(int(app_year.min()), int(app_year.max()) + 1))
    applications = _per_year(frame, years)
    notes = [PUBLICATION_LAG]
    curves: dict[str, SCurveResult | str] = {}
    for model in ("logistic", "gompertz"):
        try:
            curves[model] = fit_s_curve(years, applications, model, censored_years=censored_years)
        except InvalidInput as exc:
            curves[model] = exc.message
    fitted = {m: c.aic for m, c in curves.items() if isinstance(c, SCurveResult)}
    actor = "applicants"
    actors = actors_per_year(frame, years, actor)
    if not actors.any():
        actor = "inventors"
        actors = actors_per_year(frame, years, actor)
        notes.append("no applicant names: the chart uses distinct inventors per year")
    kinds = {k: _per_year(frame, years, frame["kind"] == k) for k in ("utility", "design")}
    index = patent_index(
        years,
        _per_year(frame, years, frame["kind"] != "utility"),
        kinds["utility"] if kinds["utility"].any() else None,
        kinds["design"] if kinds["design"].any() else None,
    )
    return Lifecycle(
        curves,
        min(fitted, key=lambda m: fitted[m]) if fitted else None,
        lifecycle_chart(years, applications, actors, censored_years=censored_years),
        index,
        notes + index.notes,
    )


def term_column(frame: pd.DataFrame, field_name: str) -> tuple[pd.Series, Any]:
    """The list column of a burst field and the transform of its items (IPC → subclass)."""
    if field_name not in BURST_FIELDS:
        raise InvalidInput(f"unknown burst field {field_name!r}; use {', '.join(BURST_FIELDS)}")
    if field_name == "province":
        return pd.Series([[p] for p in frame["province"]], dtype=object), None
    if field_name == "ipc":
        return frame["ipc"], ipc_subclass
    if field_name == "keyword":
        if "title" not in frame:
            raise InvalidInput("keyword bursts need the patents' titles")
        return pd.Series([title_terms(t) for t in frame["title"]], dtype=object), None
    return frame[f"{field_name}s"], None


def bursts_of(
    frame: pd.DataFrame,
    field_name: str = "applicant",
    *,
    s: float = 2.0,
    gamma: float = 1.0,
    min_total: int = 5,
    min_duration: int = 1,
    top: int = 20,
) -> pd.DataFrame:
    """Bursts of the terms of ``field_name`` per application year, strongest first."""
    column, transform = term_column(frame, field_name)
    year = frame["app_year"].to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(year)
    if not known.any():
        return pd.DataFrame(columns=["term", "start", "end", "weight"])
    first, last = int(np.nanmin(year)), int(np.nanmax(year))
    span = last - first + 1
    found = items_of(column, transform)
    row_year = year[found.rows]
    ok = ~np.isnan(row_year)
    cells = found.codes[ok] * span + (row_year[ok].astype(np.int64) - first)
    r = np.bincount(cells, minlength=len(found.names) * span).reshape(len(found.names), span)
    table = pd.DataFrame(
        r, index=pd.Index(found.names, dtype=object), columns=range(first, last + 1)
    )
    d = np.bincount(year[known].astype(np.int64) - first, minlength=span)
    bursts = batched_table(table, d, s, gamma, min_total=min_total, min_duration=min_duration)
    return bursts.head(top)
