"""List columns of a landscape table as (patent, item) pairs, and the item pairs on one patent.

Applicants, inventors and classification codes are lists per patent. Counting, co-occurrence
and community work all start from the same vectorised pairs (:func:`items_of`), kept here so the
landscape (:mod:`xinzhi.patents.landscape`), the networks (:mod:`xinzhi.patents.network`) and
the life-cycle analysis (:mod:`xinzhi.patents.analysis`) share them without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

# Placeholders CNIPA prints instead of a name; they are not a person or an organisation.
PLACEHOLDERS = frozenset({"不公告发明人", "不公告发明人姓名", "不公告"})


@dataclass(frozen=True)
class Items:
    """The (row, item) pairs of a list column, each item once per row, items factorised."""

    rows: npt.NDArray[np.int64]
    codes: npt.NDArray[np.int64]
    names: npt.NDArray[Any]


def items_of(column: pd.Series, transform: Callable[[str], str] | None = None) -> Items:
    """Pairs of a column of lists; ``transform`` maps each distinct item (e.g. IPC → subclass).

    Empty names and CNIPA placeholders are dropped. Vectorised: the only Python-level loop is
    over list lengths and distinct items, so a million patents take about a second.
    """
    lists = column.tolist()
    try:
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    except TypeError:  # a missing value (None, NaN) among the lists
        lists = [x if isinstance(x, list | tuple | np.ndarray) else () for x in lists]
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    codes, names = pd.factorize(flat)
    if transform is not None:
        codes, names = pd.factorize(
            np.asarray([transform(str(n)) for n in names], dtype=object)[codes]
        )
    bad = np.flatnonzero(np.isin(names, [*PLACEHOLDERS, ""]))
    keep = ~np.isin(codes, bad)
    width = max(len(names), 1)
    pair = distinct(rows[keep] * width + codes[keep])
    return Items(pair // width, pair % width, np.asarray(names, dtype=object))


def distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Sorted distinct values (a sort: faster than NumPy 2's hash-based ``unique`` here)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def list_counts(column: pd.Series, transform: Callable[[str], str] | None = None) -> pd.Series:
    """Patents per list item (a name listed twice on one patent counts once), largest first."""
    found = items_of(column, transform)
    counts = np.bincount(found.codes, minlength=len(found.names))
    series = pd.Series(counts, index=found.names)
    return series[series > 0].sort_values(ascending=False, kind="stable")


def pairs_of(found: Items) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(a, b) item codes with a < b of every pair of items on one row, each pair once per row.

    ``found`` is sorted by row, then by code (as :func:`items_of` returns it), so positions i and
    i + d hold a pair whenever their rows agree; the candidates shrink with d (rows are sorted,
    so a position whose row differs at d differs at every larger d). Vectorised: one NumPy pass
    per offset d up to the longest list.
    """
    rows, codes = found.rows, found.codes
    firsts: list[npt.NDArray[np.int64]] = []
    seconds: list[npt.NDArray[np.int64]] = []
    idx = np.arange(len(rows) - 1, dtype=np.int64)
    d = 1
    while idx.size:
        idx = idx[rows[idx] == rows[idx + d]]
        firsts.append(codes[idx])
        seconds.append(codes[idx + d])
        d += 1
        idx = idx[idx + d < len(rows)]
    if not firsts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    return np.minimum(a, b), np.maximum(a, b)


def pair_counts(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], width: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Distinct (a, b) pairs and how often each occurs."""
    if a.size == 0:
        empty = np.empty(0, np.int64)
        return empty, empty, empty
    keys = np.sort(a * width + b)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    distinct = keys[starts]
    return distinct // width, distinct % width, counts
