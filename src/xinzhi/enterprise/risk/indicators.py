"""Risk early warning: transparent indicators with green/yellow/orange/red thresholds
(``risk.yaml``), explanations and suggested interventions, plus the tier-condition warnings of
:mod:`xinzhi.enterprise.risk.title_warnings`. A value that cannot be computed is ``unknown``,
never green."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.risk.title_warnings import title_warnings
from xinzhi.enterprise.rules.metrics import Ctx, measure, reference_year
from xinzhi.enterprise.rules.packs import load_set

LEVELS = ("green", "yellow", "orange", "red")
RISK_FILE = Path(__file__).parent / "risk.yaml"
UPDATE_DEADLINE = (5, 31)  # 2号文: firms update their platform data by 31 May each year


class RiskSpec(BaseModel):
    family: str
    name: str
    unit: str = ""
    worse: Literal["higher", "lower"]
    thresholds: dict[Literal["yellow", "orange", "red"], float]
    explain: str
    intervene: str


class RiskIndicator(BaseModel):
    id: str
    family: str
    name: str
    value: float | None
    unit: str
    level: str
    thresholds: str
    explanation: str
    intervention: str
    missing: list[str] = Field(default_factory=list)


class RiskReport(BaseModel):
    enterprise: str
    year: int
    as_of: dt.date
    level: str
    indicators: list[RiskIndicator]


@lru_cache(maxsize=4)
def load_specs(path: Path = RISK_FILE) -> dict[str, RiskSpec]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: RiskSpec.model_validate(value) for key, value in data.items()}


def level_of(value: float, spec: RiskSpec) -> str:
    """The kernel: the worst level whose threshold ``value`` reaches (the threshold included)."""
    level = "green"
    for name in ("yellow", "orange", "red"):
        limit = spec.thresholds.get(name)
        if limit is None:
            continue
        reached = value >= limit if spec.worse == "higher" else value <= limit
        if reached:
            level = name
    return level


def _ratio(ctx: Ctx, num: str, den: str, scale: float = 100.0) -> tuple[float | None, list[str]]:
    got = measure("ratio", ctx, {"num": num, "den": den})
    value = None if not isinstance(got.value, float) else got.value * scale / 100.0
    return value, list(got.missing)


def _growth(ctx: Ctx, name: str) -> tuple[float | None, list[str]]:
    got = measure("growth", ctx, {"name": name})
    return (got.value if isinstance(got.value, float) else None), list(got.missing)


def _loss_years(ctx: Ctx) -> tuple[float | None, list[str]]:
    count = 0
    for offset in range(3):
        data = ctx.profile.year(ctx.year - offset)
        if data is None or data.net_profit is None:
            return (
                (float(count), []) if count else (None, [f"years[{ctx.year - offset}].net_profit"])
            )
        if data.net_profit >= 0:
            break
        count += 1
    return float(count), []


def _ip_expiry(ctx: Ctx) -> tuple[float | None, list[str]]:
    dates = [i.expires_on for i in ctx.profile.ip if i.ip_class == "I" and i.expires_on]
    if not dates:
        return None, []
    return float((min(dates) - ctx.as_of).days), []


def _overdue(ctx: Ctx) -> tuple[float | None, list[str]]:
    due = dt.date(ctx.as_of.year, *UPDATE_DEADLINE)
    last = ctx.profile.last_data_update
    if ctx.as_of <= due:
        return 0.0, []
    if last is None:
        return None, ["last_data_update"]
    return (0.0 if last.year == ctx.as_of.year else float((ctx.as_of - due).days)), []


def _top_customers(ctx: Ctx) -> tuple[float | None, list[str]]:
    data = ctx.profile.year(ctx.year)
    value = None if data is None else data.top_customer_share
    return value, [] if value is not None else [f"years[{ctx.year}].top_customer_share"]


VALUES: dict[str, Callable[[Ctx], tuple[float | None, list[str]]]] = {
    "debt_ratio": lambda c: _ratio(c, "total_liabilities", "total_assets"),
    "current_ratio": lambda c: _ratio(c, "current_assets", "current_liabilities", scale=1.0),
    "revenue_growth": lambda c: _growth(c, "revenue"),
    "loss_years": _loss_years,
    "rd_change": lambda c: _growth(c, "rd_expense"),
    "ip_expiry_days": _ip_expiry,
    "customer_concentration": _top_customers,
    "report_overdue_days": _overdue,
}


def _indicator(key: str, spec: RiskSpec, ctx: Ctx) -> RiskIndicator:
    value, gaps = VALUES[key](ctx)
    sign = "≥" if spec.worse == "higher" else "≤"
    limits = ", ".join(f"{n} {sign} {v:g}{spec.unit}" for n, v in spec.thresholds.items())
    level = "unknown" if value is None else level_of(value, spec)
    return RiskIndicator(
        id=key, family=spec.family, name=spec.name, value=value, unit=spec.unit, level=level,
        thresholds=limits, explanation=spec.explain if level not in ("green", "unknown") else "",
        intervention=spec.intervene if level not in ("green", "unknown") else "", missing=gaps,
    )  # fmt: skip


def worst(levels: list[str]) -> str:
    known = [lv for lv in levels if lv in LEVELS]
    return max(known, key=LEVELS.index, default="unknown")


def assess_risk(
    profile: EnterpriseProfile,
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    rules: str = "miit-2026",
    specs: dict[str, RiskSpec] | None = None,
) -> RiskReport:
    """Every risk indicator of ``profile`` and, for held titles, the loss of tier conditions."""
    day = as_of or dt.date.today()
    ref = year or reference_year(profile, day)
    ctx = Ctx(profile=profile, year=ref, as_of=day)
    items = [_indicator(k, s, ctx) for k, s in (specs or load_specs()).items()]
    _, packs = load_set(rules, region=profile.region_code)
    warnings = title_warnings(packs, ctx)
    items.append(_tier_indicator(warnings))
    return RiskReport(enterprise=profile.name, year=ref, as_of=day,
                      level=worst([i.level for i in items]), indicators=items)  # fmt: skip


TIER_THRESHOLDS = (
    "red: a review condition fails; orange: within the pack's margin; "
    "yellow: last year's change repeated would fail"
)
TIER_ADVICE = "按复核条件逐项辅导，必要时提前准备复核材料。"


def _tier_indicator(warnings: list[Any]) -> RiskIndicator:
    level = worst([w.level for w in warnings]) if warnings else "green"
    text = "; ".join(f"{w.title}: {w.text} — {w.message}" for w in warnings)
    return RiskIndicator(
        id="tier_conditions",
        family="tier 梯度称号",
        name="称号保持条件",
        value=float(len(warnings)),
        unit="项",
        level=level,
        thresholds=TIER_THRESHOLDS,
        explanation=text,
        intervention=TIER_ADVICE if warnings else "",
    )
