"""Synthetic landscape tables for the watchlist tests: planted bursts and S-curves."""

from __future__ import annotations

import numpy as np
import pandas as pd


def table(
    years: list[int], counts: list[int], titles: list[list[str]] | None = None
) -> pd.DataFrame:
    """A landscape table with ``counts[i]`` patents filed in ``years[i]`` (ids in year order)."""
    app_year = np.repeat(years, counts)
    n = len(app_year)
    title = [t for group in titles for t in group] if titles else ["一种光伏组件"] * n
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1, dtype=np.int64),
            "pub_no": [f"CN{i:09d}A" for i in range(1, n + 1)],
            "title": title,
            "app_year": pd.array(app_year, dtype="Int64"),
            "pub_year": pd.array(app_year + 1, dtype="Int64"),
            "applicants": pd.Series([[] for _ in range(n)], dtype=object),
            "inventors": pd.Series([[] for _ in range(n)], dtype=object),
            "ipc": pd.Series([[] for _ in range(n)], dtype=object),
            "province": [""] * n,
            "kind": ["invention"] * n,
        }
    )


def logistic_counts(first: int, last: int, k: float, xmid: float, scal: float) -> list[int]:
    """Yearly counts whose cumulative sum follows K/(1 + e^((xmid − t)/scal)) (rounded)."""
    t = np.arange(first - 1, last + 1, dtype=np.float64)
    cumulative = np.round(k / (1 + np.exp((xmid - t) / scal)))
    return [int(x) for x in np.diff(cumulative)]
