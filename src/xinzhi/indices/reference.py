"""Compare a computed provincial ranking with a published index (reported, never asserted).

The outside index is the new-quality-productive-forces series of Cao & Dai (2025), Applied
Economics Letters (shared/data/nqpf_reference/nqpf_first_admin_division.csv: REGION CODE, YEAR,
NQPF). It is built by GTFP/LSTM, not by entropy weights, so agreement is a plausibility check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from scipy import stats

from xinzhi.core.errors import InvalidInput

CITATION = "Cao & Dai (2025) Applied Economics Letters — NQPF index, first-level divisions"


def read_reference(path: Path, value: str = "NQPF") -> pd.Series:
    """The published index as a Series indexed by (code, year)."""
    if not path.is_file():
        raise InvalidInput(f"reference file not found: {path}")
    frame = pd.read_csv(path)
    needed = {"REGION CODE", "YEAR", value}
    if not needed <= set(frame.columns):
        raise InvalidInput(
            f"{path.name}: expected columns {sorted(needed)}, found {list(frame.columns)}"
        )
    frame["code"] = frame["REGION CODE"].astype(int).astype(str)
    series = frame.set_index(["code", "YEAR"])[value].astype(float)
    series.index.names = ["code", "year"]
    return series


def spearman_by_year(scores: pd.Series, reference: pd.Series) -> dict[str, Any]:
    """Spearman's ρ between ``scores`` and ``reference`` for every common year (and pooled)."""
    joined = pd.concat({"ours": scores, "reference": reference}, axis=1, join="inner").dropna()
    if joined.empty:
        raise InvalidInput("the reference index shares no (region, year) with the computed scores")
    years: dict[str, Any] = {}
    for year, part in joined.groupby(level="year"):
        rho, p = stats.spearmanr(part["ours"], part["reference"])
        years[str(year)] = {"rho": float(rho), "p": float(p), "n": len(part)}
    pooled_rho, pooled_p = stats.spearmanr(joined["ours"], joined["reference"])
    return {
        "citation": CITATION,
        "by_year": years,
        "pooled": {"rho": float(pooled_rho), "p": float(pooled_p), "n": len(joined)},
    }
