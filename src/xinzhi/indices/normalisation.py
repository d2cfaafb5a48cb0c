"""Min-max normalisation with indicator directions and the named zero-handling variants.

Source: DOMAIN.md §4.1 (极差标准化 and the ln 0 problem). A zero appears in every min-max column,
and p·ln p is undefined at p = 0; papers and libraries resolve this differently, so the variant
is a named parameter recorded with every result:

- ``"shift"``   x' + shift (default 1e-4; some papers use 0.01)
- ``"limit"``   x' unchanged; 0·ln 0 := 0 when entropy is computed
- ``"rescale"`` x' = (b − a)·r + a, default [a, b] = [0.002, 0.996] (R ``mathmodels::rescale``)
- ``"clip"``    x' unchanged; proportions p are clipped to ``eps`` before the logarithm
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xinzhi.common.results import Explained
from xinzhi.core.errors import InvalidInput
from xinzhi.indices._inputs import FloatArray, IntArray, as_directions, as_table, choice

ZERO_VARIANTS = ("shift", "limit", "rescale", "clip")
SCALINGS = ("minmax", "none")
DEFAULT_SHIFT = 1e-4
DEFAULT_BOUNDS = (0.002, 0.996)
DEFAULT_EPS = 1e-10


def minmax_kernel(x: FloatArray, directions: IntArray) -> FloatArray:
    """r_ij = (x − min)/(max − min) for +, (max − x)/(max − min) for −; constant columns → 0."""
    low, high = x.min(axis=0), x.max(axis=0)
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    positive = (x - low) / safe
    negative = (high - x) / safe
    r = np.where(directions > 0, positive, negative)
    return np.where(span > 0, r, 0.0)


def zero_kernel(
    r: FloatArray,
    zero: str,
    shift: float = DEFAULT_SHIFT,
    bounds: tuple[float, float] = DEFAULT_BOUNDS,
) -> FloatArray:
    """Apply the zero-handling variant to normalised data (``limit`` and ``clip`` leave it)."""
    if zero == "shift":
        return r + shift
    if zero == "rescale":
        a, b = bounds
        return (b - a) * r + a
    return r


@dataclass(frozen=True)
class Normalised(Explained):
    """Normalised data: ``minmax`` in [0, 1] and ``adjusted`` after the zero variant."""

    minmax: FloatArray
    adjusted: FloatArray
    directions: IntArray
    rows: list[str]
    columns: list[str]
    scaling: str
    zero: str
    shift: float
    bounds: tuple[float, float]
    constant_columns: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.minmax, index=self.rows, columns=self.columns)

    @property
    def parameters(self) -> dict[str, Any]:
        return {
            "scaling": self.scaling,
            "zero": self.zero,
            "shift": self.shift,
            "bounds": list(self.bounds),
        }


def normalise(
    matrix: Any,
    directions: Any = None,
    *,
    zero: str = "shift",
    shift: float = DEFAULT_SHIFT,
    bounds: tuple[float, float] = DEFAULT_BOUNDS,
    scaling: str = "minmax",
) -> Normalised:
    """Min-max normalise ``matrix`` column by column (DOMAIN.md §4.1).

    ``scaling="none"`` keeps the raw values (they must then be non-negative), for methods that
    sum-normalise raw data such as the Elsayed et al. (2017) entropy example.
    """
    choice(zero, ZERO_VARIANTS, "zero-handling variant")
    choice(scaling, SCALINGS, "scaling")
    _check_parameters(zero, shift, bounds)
    table = as_table(matrix)
    dirs = as_directions(directions, table.values.shape[1], table.columns)
    x = table.values
    span = x.max(axis=0) - x.min(axis=0)
    constant = [c for c, s in zip(table.columns, span, strict=True) if s == 0]
    if scaling == "minmax":
        r = minmax_kernel(x, dirs)
    else:
        _check_raw(x, dirs, table.columns)
        r = x.copy()
    adjusted = zero_kernel(r, zero, shift, bounds)
    return Normalised(
        r, adjusted, dirs, table.rows, table.columns, scaling, zero, shift, bounds, constant
    )


def _check_parameters(zero: str, shift: float, bounds: tuple[float, float]) -> None:
    if zero == "shift" and not shift > 0:
        raise InvalidInput(f"shift must be positive, got {shift}")
    a, b = bounds
    if zero == "rescale" and not 0 < a < b:
        raise InvalidInput(f"rescale bounds must satisfy 0 < a < b, got [{a}, {b}]")


def _check_raw(x: FloatArray, dirs: IntArray, columns: list[str]) -> None:
    negative = [c for c, col in zip(columns, x.T, strict=True) if np.any(col < 0)]
    if negative:
        raise InvalidInput(f"scaling='none' needs non-negative data; negative values in {negative}")
    if np.any(dirs < 0):
        raise InvalidInput("scaling='none' cannot apply negative directions; use scaling='minmax'")
