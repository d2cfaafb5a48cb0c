"""The metric registry, the core of the rule engine: named, parameterised measurements a rule
pack refers to by name.

A metric reads a profile and returns a :class:`Measure`: a value, or the profile fields that are
missing, or neither (the quantity cannot be computed from data and needs a human). Rule packs
hold the thresholds; metrics hold only the arithmetic, each citing its document.

This module imports no metric. The definitions (``metrics_finance``, ``metrics_holdings`` and
the ``tier`` metric of ``packs``) register into :data:`METRICS`, and ``packs`` imports them all,
so the evaluators (``checks``, ``scoring``) reach a metric by name without importing the modules
that in turn evaluate packs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from xinzhi.enterprise.profiles.profile import EnterpriseProfile, YearData

Value = float | str | bool


@dataclass(frozen=True)
class Ctx:
    """What a metric reads: the profile, the reference year (上年度) and the assessment date."""

    profile: EnterpriseProfile
    year: int
    as_of: dt.date


@dataclass(frozen=True)
class Measure:
    value: Value | None
    missing: tuple[str, ...] = ()
    detail: str = ""
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.value is not None


MetricFn = Callable[..., Measure]
METRICS: dict[str, MetricFn] = {}


def metric(name: str) -> Callable[[MetricFn], MetricFn]:
    def register(fn: MetricFn) -> MetricFn:
        METRICS[name] = fn
        return fn

    return register


def measure(name: str, ctx: Ctx, args: dict[str, Any]) -> Measure:
    """Run metric ``name``; unknown names are a rule-pack error caught at load time
    (:func:`~xinzhi.enterprise.rules.packs.check_metrics`)."""
    return METRICS[name](ctx, **args)


def reference_year(profile: EnterpriseProfile, as_of: dt.date) -> int:
    """上年度: the year before the assessment date if the profile has it, else its latest year."""
    wanted = as_of.year - 1
    if profile.year(wanted) is not None or profile.latest_year is None:
        return wanted
    return min(profile.latest_year, wanted)


def missing(*fields: str) -> Measure:
    return Measure(value=None, missing=tuple(fields))


def manual(detail: str) -> Measure:
    return Measure(value=None, detail=detail)


def year_field(ctx: Ctx, name: str, offset: int = 0) -> float | str:
    """``years[Y].name`` for ``Y = ctx.year - offset``, or the missing field's path (a str)."""
    target = ctx.year - offset
    data: YearData | None = ctx.profile.year(target)
    value = None if data is None else getattr(data, name)
    if value is None:
        return f"years[{target}].{name}"
    return float(value)


def year_fields(ctx: Ctx, names: tuple[str, ...], offset: int = 0) -> tuple[list[float], list[str]]:
    """Values of several yearly fields and the paths of those that are missing."""
    values: list[float] = []
    gaps: list[str] = []
    for name in names:
        got = year_field(ctx, name, offset)
        if isinstance(got, str):
            gaps.append(got)
        else:
            values.append(got)
    return values, gaps
