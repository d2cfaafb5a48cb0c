"""Hand-built enterprises for the golden tests: one figure set at a time, the rest neutral."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.rules.checks import evaluate
from xinzhi.enterprise.rules.metrics import Ctx
from xinzhi.enterprise.rules.packs import load_pack
from xinzhi.enterprise.rules.result import CheckResult, IndicatorResult
from xinzhi.enterprise.rules.scoring import score_indicator

AS_OF = dt.date(2026, 5, 1)
YEAR = 2025
ALL_TRUE = {
    "resident": True,
    "not_restricted": True,
    "no_major_accident": True,
    "no_incident_3y": True,
    "no_research_misconduct": True,
    "no_dishonesty": True,
    "supported_field": True,
    "core_ip_support": True,
    "key_chain_link": True,
    "priority_field": True,
    "info_system": True,
    "own_brand": True,
    "mgmt_certified": True,
    "iso9001": True,
}


def firm(years: dict[int, dict[str, Any]] | None = None, **fields: Any) -> EnterpriseProfile:
    """A profile with the given yearly figures (``{2025: {"revenue": 1000}}``) and fields."""
    rows = [{"year": y, **v} for y, v in sorted((years or {}).items())]
    return EnterpriseProfile.model_validate({"name": "测试企业", "years": rows, **fields})


def ctx(profile: EnterpriseProfile, as_of: dt.date = AS_OF, year: int = YEAR) -> Ctx:
    return Ctx(profile=profile, year=year, as_of=as_of)


def indicator(pack: str, ind: str, profile: EnterpriseProfile, **kw: Any) -> IndicatorResult:
    spec = load_pack(pack).score
    assert spec is not None
    chosen = next(i for i in spec.indicators if i.id == ind)
    return score_indicator(chosen, ctx(profile, **kw))


def check(
    pack: str, check_id: str, profile: EnterpriseProfile, mode: str = "new", **kw: Any
) -> CheckResult:
    loaded = load_pack(pack)
    chosen = next(c for c in (*loaded.basic, *loaded.direct) if c.id == check_id)
    return evaluate(chosen, ctx(profile, **kw), mode)


def share(value: float, num: str, den: str, base: float = 10000.0) -> dict[int, dict[str, Any]]:
    """``num/den`` equal to ``value`` percent in the reference year (den = 10000 万元)."""
    amount = round(value * base / 100, 6)
    return {YEAR: {den: base, num: int(amount) if amount.is_integer() else amount}}


def firms_csv(tmp_path: Path) -> Path:
    """Two enterprises, one row per enterprise and year, Chinese headers and 亿 amounts."""
    path = tmp_path / "firms.csv"
    path.write_text(
        "企业名称,年度,营业收入,研发费用,属于战略性新兴产业,成立日期\n"
        "甲公司,2024,5000,150,是,2015-03-01\n"
        "甲公司,2025,6000,200,,\n"
        "乙公司,2025,1.2亿,500,否,\n",
        encoding="utf-8",
    )
    return path
