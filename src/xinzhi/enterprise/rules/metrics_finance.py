"""Metrics over the yearly figures: values, ratios, sums, growth rates (万元 and percent)."""

from __future__ import annotations

from xinzhi.enterprise.rules.logic import ratio as pct
from xinzhi.enterprise.rules.metrics import Ctx, Measure, metric, missing, year_field, year_fields

DERIVED = {
    "net_assets": ("total_assets", "total_liabilities"),  # 净资产 = 资产总额 − 负债总额
    # 高企 总收入 = 收入总额 − 不征税收入 (国科发火〔2016〕195号 工作指引), not 营业收入
    "ht_total_income": ("total_income", "non_taxable_income"),
}


def _value(ctx: Ctx, name: str, offset: int) -> float | list[str]:
    """A yearly field, or a derived difference of two (``DERIVED``); else every missing path."""
    if name in DERIVED:
        values, gaps = year_fields(ctx, DERIVED[name], offset)
        return gaps if gaps else values[0] - values[1]
    got = year_field(ctx, name, offset)
    return [got] if isinstance(got, str) else got


def _gaps(*got: float | list[str]) -> list[str]:
    return [g for item in got if isinstance(item, list) for g in item]


def _series(ctx: Ctx, name: str, years: int) -> tuple[list[float], list[str]]:
    """Values of ``name`` for the last ``years`` years (oldest first) and the missing paths."""
    values: list[float] = []
    gaps: list[str] = []
    for offset in range(years - 1, -1, -1):
        got = _value(ctx, name, offset)
        if isinstance(got, list):
            gaps += got
        else:
            values.append(got)
    return values, gaps


@metric("value")
def value(ctx: Ctx, name: str, offset: int = 0) -> Measure:
    got = _value(ctx, name, offset)
    return missing(*got) if isinstance(got, list) else Measure(got, detail=f"{got:g}")


@metric("ratio")
def ratio(ctx: Ctx, num: str, den: str, offset: int = 0) -> Measure:
    """``num / den × 100`` in one year, e.g. 研发费用/营业收入 (63号 附件1 indicator 2)."""
    a, b = _value(ctx, num, offset), _value(ctx, den, offset)
    gaps = _gaps(a, b)
    if gaps:
        return missing(*gaps)
    assert isinstance(a, float) and isinstance(b, float)
    result = pct(a, b)
    if result is None:
        return Measure(None, detail=f"{den} is 0: the ratio is undefined")
    return Measure(
        round(result, 6), detail=f"{a:g} / {b:g} = {result:.2f}%", parts={num: a, den: b}
    )


@metric("ratio_min")
def ratio_min(ctx: Ctx, num: str, den: str, years: int = 2) -> Measure:
    """The smallest yearly ratio of the last ``years`` years ("近两年…均不低于3%", 2号文)."""
    measures = [ratio(ctx, num, den, offset) for offset in range(years)]
    gaps = [g for m in measures for g in m.missing]
    if gaps:
        return missing(*gaps)
    known = [m for m in measures if isinstance(m.value, float)]
    if len(known) < years:
        return Measure(None, detail="a ratio is undefined (denominator 0)")
    low = min(known, key=lambda m: float(m.value or 0))
    return Measure(low.value, detail="; ".join(m.detail for m in known), parts=low.parts)


@metric("ratio_sum")
def ratio_sum(ctx: Ctx, num: str, den: str, years: int = 3) -> Measure:
    """``Σnum / Σden × 100`` over the last ``years`` years, or the operating years if fewer
    (高企 研发费用占销售收入比例, 国科发火〔2016〕32号 第十一条(五))."""
    span = min(years, _operating_years(ctx) or years)
    nums, gaps_n = _series(ctx, num, span)
    dens, gaps_d = _series(ctx, den, span)
    if gaps_n or gaps_d:
        return missing(*gaps_n, *gaps_d)
    result = pct(sum(nums), sum(dens))
    if result is None:
        return Measure(None, detail=f"Σ{den} is 0")
    detail = f"Σ{num} {sum(nums):g} / Σ{den} {sum(dens):g} over {span} years = {result:.2f}%"
    return Measure(round(result, 6), detail=detail)


def _operating_years(ctx: Ctx) -> int | None:
    registered = ctx.profile.registered_on
    return None if registered is None else max(1, ctx.year - registered.year + 1)


@metric("total")
def total(ctx: Ctx, name: str, years: int = 2, how: str = "sum") -> Measure:
    """Sum, minimum or mean of a yearly value over the last ``years`` years."""
    values, gaps = _series(ctx, name, years)
    if gaps:
        return missing(*gaps)
    result = {"sum": sum(values), "min": min(values), "mean": sum(values) / len(values)}[how]
    return Measure(result, detail=f"{how} of {', '.join(f'{v:g}' for v in values)} = {result:g}")


@metric("growth")
def growth(ctx: Ctx, name: str, offset: int = 0) -> Measure:
    """``(V_y − V_{y−1}) / V_{y−1} × 100`` (63号 附件1: 主营业务收入增长率)."""
    now, before = _value(ctx, name, offset), _value(ctx, name, offset + 1)
    gaps = _gaps(now, before)
    if gaps:
        return missing(*gaps)
    assert isinstance(now, float) and isinstance(before, float)
    if before <= 0:
        return Measure(None, detail=f"{name} of the earlier year is {before:g}: growth undefined")
    result = (now - before) / before * 100.0
    return Measure(round(result, 6), detail=f"({now:g} − {before:g}) / {before:g} = {result:.2f}%")


@metric("growth_mean")
def growth_mean(ctx: Ctx, name: str, years: int = 2) -> Measure:
    """Arithmetic mean of the last ``years`` yearly growth rates (63号 附件2 "近2年…平均增长率")."""
    rates = [growth(ctx, name, offset) for offset in range(years)]
    gaps = [g for r in rates for g in r.missing]
    if gaps:
        return missing(*gaps)
    values = [float(r.value) for r in rates if isinstance(r.value, float)]
    if len(values) < years:
        return Measure(None, detail="a growth rate is undefined (base year 0)")
    result = sum(values) / years
    return Measure(round(result, 6), detail=f"mean({', '.join(f'{v:.2f}%' for v in values)})")


@metric("cagr")
def cagr(ctx: Ctx, name: str, years: int = 2) -> Measure:
    """Compound growth ``(V_y / V_{y−n})^(1/n) − 1`` (2号文 附件2 "近两年营业收入复合增长率")."""
    now, base = _value(ctx, name, 0), _value(ctx, name, years)
    gaps = _gaps(now, base)
    if gaps:
        return missing(*gaps)
    assert isinstance(now, float) and isinstance(base, float)
    if base <= 0 or now < 0:
        return Measure(None, detail="compound growth undefined for a base of 0")
    result = ((now / base) ** (1.0 / years) - 1.0) * 100.0
    return Measure(round(result, 6), detail=f"({now:g} / {base:g})^(1/{years}) − 1 = {result:.2f}%")


@metric("hightech_growth")
def hightech_growth(ctx: Ctx, name: str) -> Measure:
    """高企 growth ``g = ½(V₂/V₁ + V₃/V₂) − 1`` with the 工作指引 edge cases (DOMAIN §2.2)."""
    span = min(3, _operating_years(ctx) or 3)
    values, gaps = _series(ctx, name, span)
    if gaps:
        return missing(*gaps)
    result = _ht_growth(values)
    return Measure(round(result * 100.0, 6), detail=f"V = {values}: g = {result * 100:.2f}%")


def _ht_growth(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0  # one operating year: 0 points
    if len(values) == 2:
        v1, v2 = values
        return v2 / v1 - 1 if v1 > 0 else 0.0
    v1, v2, v3 = values
    if v2 <= 0:
        return 0.0
    if v1 <= 0:
        return v3 / v2 - 1
    return (v2 / v1 + v3 / v2) / 2 - 1


@metric("conversions_avg")
def conversions_avg(ctx: Ctx) -> Measure:
    """高企 科技成果转化: total conversions ÷ N, N = operating years up to 3."""
    span = min(3, _operating_years(ctx) or 3)
    values, gaps = _series(ctx, "conversions", span)
    if gaps:
        return missing(*gaps)
    result = sum(values) / span
    return Measure(result, detail=f"{sum(values):g} conversions / {span} years = {result:.2f}")
