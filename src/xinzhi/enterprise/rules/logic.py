"""Pure kernels: four-valued outcomes, comparisons and band lookup. No I/O, no profiles.

"以上/以下/以内" include the boundary value, "不满/超过/以外" exclude it (《民法典》第1259条);
a band or threshold marked ``exclusive`` excludes it (高企 "70分以上（不含70分）").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Outcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing_data"
    MANUAL = "manual_review"
    # Out of the check's scope (e.g. 2026 小巨人 growth on a review): shown as 未评估, never as
    # 满足; the combinators below ignore it, so it neither blocks nor satisfies a tier.
    NOT_EVALUATED = "not_evaluated"


# For "all of": one failure decides; otherwise unknown data before human judgement before pass.
_ALL_ORDER = (Outcome.FAIL, Outcome.MISSING, Outcome.MANUAL, Outcome.PASS)
# For "any of": one pass decides; otherwise unknown data before human judgement before failure.
_ANY_ORDER = (Outcome.PASS, Outcome.MISSING, Outcome.MANUAL, Outcome.FAIL)


def all_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Conjunction over four values (an empty conjunction passes). Operands that were not
    evaluated are left out; if nothing else is left, the result is not evaluated either."""
    seen = set(outcomes)
    if seen == {Outcome.NOT_EVALUATED}:
        return Outcome.NOT_EVALUATED
    return next((o for o in _ALL_ORDER if o in seen), Outcome.PASS)


def any_of(outcomes: Iterable[Outcome]) -> Outcome:
    """Disjunction over four values (an empty disjunction fails); not-evaluated operands are
    left out as in :func:`all_of`."""
    seen = set(outcomes)
    if seen == {Outcome.NOT_EVALUATED}:
        return Outcome.NOT_EVALUATED
    return next((o for o in _ANY_ORDER if o in seen), Outcome.FAIL)


def compare(value: float, op: str, threshold: float) -> bool:
    """``value op threshold``: ``ge`` 以上, ``gt`` 超过, ``le`` 以下, ``lt`` 不满, ``eq``."""
    if op == "ge":
        return value >= threshold
    if op == "gt":
        return value > threshold
    if op == "le":
        return value <= threshold
    if op == "lt":
        return value < threshold
    if op == "eq":
        return value == threshold
    raise ValueError(f"unknown comparison {op!r}")


@dataclass(frozen=True)
class Band:
    """``[min, max]`` with per-side exclusivity; ``None`` is unbounded. Points may be a range."""

    points_lo: float
    points_hi: float
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    equals: str | None = None
    label: str = ""

    def contains(self, value: float | str) -> bool:
        if self.equals is not None:
            return str(value) == self.equals
        if isinstance(value, str):
            return False
        above = self.min is None or (value > self.min if self.min_exclusive else value >= self.min)
        below = self.max is None or (value < self.max if self.max_exclusive else value <= self.max)
        return above and below


def find_band(value: float | str, bands: Sequence[Band]) -> int | None:
    """Index of the first band containing ``value`` (bands are listed from the best down)."""
    return next((i for i, band in enumerate(bands) if band.contains(value)), None)


def ratio(numerator: float, denominator: float) -> float | None:
    """Percentage ``numerator / denominator × 100``; ``None`` for a denominator ≤ 0."""
    if denominator <= 0:
        return None
    return numerator / denominator * 100.0
