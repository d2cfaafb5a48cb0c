"""Input handling shared by the wrappers: NumPy or pandas in, labelled float arrays out.

Errors are :class:`~xinzhi.core.errors.InvalidInput` with messages an analyst can act on (which
indicator, which row), never a NumPy traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from xinzhi.core.errors import InvalidInput

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
MAX_DETAILS = 20

# Spellings of an indicator's direction seen in papers and spreadsheets.
POSITIVE = {"+", "1", "+1", "max", "benefit", "positive", "正", "正向", "效益型"}
NEGATIVE = {"-", "−", "-1", "min", "cost", "negative", "负", "负向", "逆向", "成本型"}


@dataclass(frozen=True)
class Table:
    """A 2-D float matrix with its row and column labels."""

    values: FloatArray
    rows: list[str]
    columns: list[str]


@dataclass(frozen=True)
class Vector:
    values: FloatArray
    labels: list[str]


def as_table(data: Any, *, name: str = "matrix", min_rows: int = 2) -> Table:
    """A finite 2-D matrix (rows = regions or region-years, columns = indicators)."""
    if isinstance(data, pd.DataFrame):
        rows = [_label(i) for i in data.index]
        columns = [str(c) for c in data.columns]
        values = _to_float(data.to_numpy(), name, columns)
    else:
        values = _to_float(np.asarray(data), name, None)
        if values.ndim != 2:
            raise InvalidInput(
                f"{name}: expected a 2-D table (rows × indicators), got {values.ndim}-D"
            )
        rows = [str(i + 1) for i in range(values.shape[0])]
        columns = [f"x{j + 1}" for j in range(values.shape[1])]
    if values.ndim != 2 or values.shape[1] == 0:
        raise InvalidInput(f"{name}: expected a 2-D table with at least one indicator column")
    if values.shape[0] < min_rows:
        raise InvalidInput(f"{name}: needs at least {min_rows} rows, got {values.shape[0]}")
    _require_finite(values, name, rows, columns)
    return Table(values, rows, columns)


def as_vector(data: Any, *, name: str, length: int | None = None) -> Vector:
    """A finite 1-D vector, optionally of a given length."""
    if isinstance(data, pd.Series):
        labels = [_label(i) for i in data.index]
        values = _to_float(data.to_numpy(), name, None)
    else:
        values = _to_float(np.asarray(data), name, None)
        labels = [str(i + 1) for i in range(values.size)]
    if values.ndim != 1:
        raise InvalidInput(f"{name}: expected a 1-D list of numbers, got shape {values.shape}")
    if length is not None and values.size != length:
        raise InvalidInput(f"{name}: expected {length} values, got {values.size}")
    _require_finite(values.reshape(-1, 1), name, labels, [name])
    return Vector(values, labels)


def as_directions(directions: Any, n: int, columns: Sequence[str]) -> IntArray:
    """+1 (larger is better) or −1 (smaller is better) per indicator; ``None`` means all +1."""
    if directions is None:
        return np.ones(n, dtype=np.int64)
    if isinstance(directions, str):
        directions = list(directions)
    items = list(directions.to_numpy()) if isinstance(directions, pd.Series) else list(directions)
    if len(items) != n:
        raise InvalidInput(f"directions: expected {n} (one per indicator), got {len(items)}")
    out = np.empty(n, dtype=np.int64)
    for j, item in enumerate(items):
        out[j] = _direction(item, columns[j])
    return out


def _direction(item: Any, column: str) -> int:
    text = str(item).strip().lower()
    if text in {"1.0", "+1.0"}:
        text = "1"
    if text == "-1.0":
        text = "-1"
    if text in POSITIVE:
        return 1
    if text in NEGATIVE:
        return -1
    raise InvalidInput(
        f"direction of indicator {column!r} is {item!r}; use '+' (larger is better) "
        "or '-' (smaller is better)"
    )


def as_weights(weights: Any, n: int, *, name: str = "weights") -> FloatArray:
    """Non-negative weights, one per column, rescaled to sum to 1."""
    vector = as_vector(weights, name=name, length=n).values
    if np.any(vector < 0):
        raise InvalidInput(f"{name}: weights must not be negative ({vector.round(6).tolist()})")
    total = float(vector.sum())
    if total <= 0:
        raise InvalidInput(f"{name}: weights sum to 0")
    return vector / total


def choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"{what} {value!r} is not known; choose one of: {', '.join(allowed)}")
    return value


def _label(value: Any) -> str:
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _to_float(raw: NDArray[Any], name: str, columns: list[str] | None) -> FloatArray:
    try:
        return np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        bad = _non_numeric_columns(raw, columns)
        where = f" in column(s) {', '.join(bad)}" if bad else ""
        raise InvalidInput(f"{name}: non-numeric values{where}: {exc}") from exc


def _non_numeric_columns(raw: NDArray[Any], columns: list[str] | None) -> list[str]:
    if columns is None or raw.ndim != 2:
        return []
    bad = []
    for j, column in enumerate(columns):
        try:
            np.asarray(raw[:, j], dtype=np.float64)
        except (TypeError, ValueError):
            bad.append(column)
    return bad


def _require_finite(values: FloatArray, name: str, rows: list[str], columns: list[str]) -> None:
    bad = np.argwhere(~np.isfinite(values))
    if bad.size == 0:
        return
    details = [{"row": rows[i], "indicator": columns[j]} for i, j in bad[:MAX_DETAILS]]
    raise InvalidInput(
        f"{name}: {len(bad)} missing or infinite value(s); fill or drop them before computing "
        "(first at row {0}, indicator {1})".format(rows[bad[0][0]], columns[bad[0][1]]),
        details=details,
    )
