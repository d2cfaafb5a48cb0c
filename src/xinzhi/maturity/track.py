"""A track's maturity: the distribution of achieved TRLs over a set of achievements.

:func:`track_maturity` is a pure kernel over ``(level, scale)`` pairs. Every value is first put
on one scale with :func:`~xinzhi.maturity.scales.convert` (approximate conversions are counted),
then summarised: count, mean, median, distribution over 1–9 and the share at or above each
level. Other code (watchlists) compares these figures with thresholds.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from xinzhi.maturity.scales import LEVELS, ScaleId, TrlValue, check_scale, convert


class TrackMaturity(BaseModel):
    scale: ScaleId
    n: int
    mean: float | None
    median: float | None
    distribution: dict[int, int]
    share_at_least: dict[int, float]
    approximate: int
    """How many values were converted approximately from another scale."""
    parameters: dict[str, Any]


def track_maturity(
    values: Iterable[TrlValue | tuple[int, str]], scale: str = "gbt"
) -> TrackMaturity:
    """Summarise TRL ``values`` (each with its scale) on ``scale``.

    ``share_at_least[k]`` = share of values ≥ k; ``mean`` and ``median`` are of the converted
    levels; ``None`` when there are no values.
    """
    target = check_scale(scale)
    levels: list[int] = []
    approximate = 0
    for value in values:
        item = value if isinstance(value, TrlValue) else TrlValue(level=value[0], scale=value[1])
        conversion = convert(item.level, item.scale, target)
        approximate += conversion.approximate
        levels.append(conversion.level)
    n = len(levels)
    distribution = {k: levels.count(k) for k in LEVELS}
    share = {k: (sum(v for lv, v in distribution.items() if lv >= k) / n if n else 0.0)
             for k in LEVELS}  # fmt: skip
    return TrackMaturity(
        scale=target, n=n,
        mean=statistics.fmean(levels) if n else None,
        median=float(statistics.median(levels)) if n else None,
        distribution=distribution, share_at_least=share, approximate=approximate,
        parameters={"scale": target},
    )  # fmt: skip
