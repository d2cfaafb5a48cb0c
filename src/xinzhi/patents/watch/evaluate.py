"""One watchlist run without the database: a snapshot of the selection, and the triggers that
compare it with the previous run's snapshot.

A snapshot keeps what the next run compares with: applications per application year, the S-curve
stage and maturity measure, the bursts, the competitors' patent counts and the highest patent id
seen. The triggers that compare two snapshots (new filings, bursts, stage changes, maturity
thresholds) are in :mod:`xinzhi.patents.watch.triggers`; the parameters in
:mod:`xinzhi.patents.watch.thresholds`.

The first run of a watchlist is the baseline: it stores its snapshot and raises nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.core.errors import InvalidInput
from xinzhi.patents.analysis import bursts_of, lifecycle_of, term_column
from xinzhi.patents.bursts import batched
from xinzhi.patents.items import list_counts
from xinzhi.patents.lifecycle import SCurveResult
from xinzhi.patents.watch.thresholds import Thresholds, fold
from xinzhi.patents.watch.triggers import (
    Trigger,
    burst_triggers,
    filing_trigger,
    maturity_triggers,
    stage_triggers,
)

QUERY_TERM = "（检索式整体）"


@dataclass
class Evaluation:
    snapshot: dict[str, Any]
    triggers: list[Trigger] = field(default_factory=list)


def competitor_hits(frame: pd.DataFrame, competitor: str) -> tuple[pd.Series, pd.Series]:
    """Rows whose applicants contain ``competitor`` / whose inventors equal it (folded)."""
    key = fold(competitor)

    def any_applicant(names: Any) -> bool:
        return any(key in fold(str(n)) for n in names or ())

    def any_inventor(names: Any) -> bool:
        return any(key == fold(str(n)) for n in names or ())

    by_applicant = frame["applicants"].map(any_applicant).astype(bool)
    by_inventor = frame["inventors"].map(any_inventor).astype(bool)
    return by_applicant, by_inventor


def yearly_counts(app_year: pd.Series) -> dict[int, int]:
    counts = app_year.dropna().astype(int).value_counts().sort_index()
    return {int(k): int(v) for k, v in zip(counts.index.tolist(), counts.tolist(), strict=True)}


def evaluate(
    frame: pd.DataFrame,
    corpus_years: dict[int, int],
    competitors: list[str],
    thresholds: Thresholds,
    previous: dict[str, Any] | None,
) -> Evaluation:
    """The snapshot of ``frame`` (the watchlist's patents) and the triggers against ``previous``.

    ``corpus_years`` are all patents per application year (d_t of the query-level burst).
    """
    snapshot: dict[str, Any] = {
        "total": len(frame),
        "max_patent_id": int(frame["id"].max()) if len(frame) else 0,
        "applications": yearly_counts(frame["app_year"]),
        "corpus": {int(k): int(v) for k, v in corpus_years.items()},
        "lifecycle": lifecycle_reading(frame, thresholds),
        "bursts": burst_list(frame, corpus_years, thresholds),
        "competitors": {},
    }
    triggers: list[Trigger] = []
    since = int(previous["max_patent_id"]) if previous else None
    for name in competitors:
        by_applicant, by_inventor = competitor_hits(frame, name)
        snapshot["competitors"][name] = int((by_applicant | by_inventor).sum())
        if since is not None:
            new = frame[(by_applicant | by_inventor) & (frame["id"] > since)]
            if len(new):
                triggers.append(filing_trigger(name, new, by_applicant, since))
    if previous is not None:
        triggers += burst_triggers(previous, snapshot, thresholds)
        triggers += stage_triggers(previous, snapshot, thresholds)
        triggers += maturity_triggers(previous, snapshot, thresholds)
    return Evaluation(snapshot, triggers)


def lifecycle_reading(frame: pd.DataFrame, thresholds: Thresholds) -> dict[str, Any]:
    """Stage, maturity y/K̂, K̂ with its interval and the flags of the chosen S-curve model."""
    try:
        cycle = lifecycle_of(frame, censored_years=thresholds.censored_years)
    except InvalidInput as exc:
        return {"model": thresholds.model, "error": exc.message}
    curve = cycle.curves[thresholds.model]
    reading: dict[str, Any] = {"model": thresholds.model, "chart_stage": cycle.chart.stage}
    if not isinstance(curve, SCurveResult):
        return reading | {"error": curve}
    fitted_years = [y for y, used in zip(curve.years, curve.used, strict=True) if used]
    return reading | {
        "stage": curve.stage,
        "maturity": _finite(curve.maturity),
        "K": _finite(curve.parameters["K"]),
        "K_ci": [_finite(curve.ci_low["K"]), _finite(curve.ci_high["K"])],
        "cumulative": float(curve.cumulative[len(fitted_years) - 1]),
        "last_fitted_year": fitted_years[-1],
        "before_inflection": curve.before_inflection,
        "aic": _finite(curve.aic),
        "flags": list(curve.flags),
    }


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if np.isfinite(number) else None


def burst_list(
    frame: pd.DataFrame, corpus_years: dict[int, int], thresholds: Thresholds
) -> list[dict[str, Any]]:
    """Bursts of the query (share of all patents per year) and of its top terms per field."""
    found: list[dict[str, Any]] = []
    for field_name in thresholds.burst_fields:
        if field_name == "query":
            found += _query_bursts(frame, corpus_years, thresholds)
        else:
            found += _term_bursts(frame, field_name, thresholds)
    return found


def _query_bursts(
    frame: pd.DataFrame, corpus_years: dict[int, int], thresholds: Thresholds
) -> list[dict[str, Any]]:
    mine = yearly_counts(frame["app_year"])
    if not corpus_years or not mine:
        return []
    years = list(range(min(corpus_years), max(corpus_years) + 1))
    if len(years) < 2:
        return []
    r = [mine.get(y, 0) for y in years]
    d = [max(corpus_years.get(y, 0), mine.get(y, 0)) for y in years]
    result = batched(
        r,
        d,
        thresholds.s,
        thresholds.gamma,
        labels=years,
        min_duration=thresholds.min_duration,
    )
    return [
        {
            "field": "query",
            "term": QUERY_TERM,
            "start": int(b.start),
            "end": int(b.end),
            "weight": float(b.weight or 0.0),
            "r": [int(x) for x in r[years.index(b.start) : years.index(b.end) + 1]],
            "d": [int(x) for x in d[years.index(b.start) : years.index(b.end) + 1]],
        }
        for b in result.bursts
    ]


def _term_bursts(
    frame: pd.DataFrame, field_name: str, thresholds: Thresholds
) -> list[dict[str, Any]]:
    if frame["app_year"].dropna().nunique() < 2:
        return []
    column, transform = term_column(frame, field_name)
    top = set(list_counts(column, transform).head(thresholds.top_terms).index)
    table = bursts_of(
        frame,
        field_name,
        s=thresholds.s,
        gamma=thresholds.gamma,
        min_total=thresholds.min_total,
        min_duration=thresholds.min_duration,
        top=len(frame) + 1,
    )
    return [
        {
            "field": field_name,
            "term": str(row["term"]),
            "start": int(row["start"]),
            "end": int(row["end"]),
            "weight": float(row["weight"]),
        }
        for row in table.to_dict("records")
        if row["term"] in top
    ]
