"""The six element checks: each reads a demand and says present, partial or missing, and why.

Cue lists for problems, goals, expected maturity (TRL), constraints and budgets live here beside
the checks that use them; the score and the level are computed from the statuses in
:mod:`xinzhi.matching.quality.result`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from xinzhi.catalog.importing.budget import parse_budget
from xinzhi.matching.quality.indicators import Indicator, parse_indicators
from xinzhi.matching.quality.result import (
    MISSING,
    PARTIAL,
    PARTIAL_QUESTIONS,
    PRESENT,
    QUESTIONS,
    ElementCheck,
)
from xinzhi.matching.quality.text import DEMAND_CUES, DemandInput, DemandText

_PROBLEM = re.compile(
    r"问题|难题|瓶颈|痛点|不足|无法|不能|难以|不稳定|不理想|不达标|低下|偏低|偏高|过高|过大|"
    r"过低|较差|性差|效率低|精度低|成本高|能耗[高大]|缺乏|缺少|依赖进口|受制于|卡脖子|短板|"
    r"失效|故障|缺陷|超标|浪费|污染严重|衰减|褐变|沉淀|易[碎裂断]"
)
_GOAL = re.compile(
    r"提高|提升|降低|减少|改善|改进|优化|解决(?!方案)|攻克|替代|突破|消除|增强|缩短|延长"
)
# A comparative target without a number (提高效率) is half an indicator.
_COMPARATIVE = re.compile(r"提高|提升|降低|减少|改善|增强|缩短|延长|替代进口|国产化")

# Expected maturity cues → NASA TRL band (NPR 7123.1 App. E; GB/T 37264-2018 groups the same
# nine levels into 实验室 / 工程化 / 产业化 stages).
TRL_CUES: tuple[tuple[str, tuple[int, int]], ...] = (
    (r"基础研究|原理|机理|理论研究", (1, 3)),
    (r"实验室|小试|概念验证", (3, 4)),
    (r"中试|放大", (5, 6)),
    (r"样机|原型|工程样机", (6, 7)),
    (r"工程化|示范线|示范工程|试点|工业试验", (7, 8)),
    (r"产业化|量产|批量生产|规模化|工业化|成熟技术|成熟工艺|直接应用|投产|生产线", (8, 9)),
)
_TRL_EXPLICIT = re.compile(r"(?:trl|TRL|技术成熟度|成熟度)\s*(?:达到|为|≥|>=)?\s*(\d)\s*级?")
_TRL_WEAK = re.compile(r"研发|研制|开发|攻关|设计|改进|改造|升级")

CONSTRAINT_CUES: dict[str, str] = {
    "时间": r"周期|工期|期限|截止|个月内|年内|天内|[月年]底前|完成时间|交付|尽快",
    "场地/产线": r"现场|场地|车间|现有产线|现有生产线|产线对接|与现有|现有设备|安装空间",
    "环保/安全": r"环保要求|环保标准|符合环保|排放|达标|无污染|绿色|不添加|无毒|安全要求|防爆",
    "标准": r"标准|国标|行标|GB|IEC|ISO|ASTM|规范|法规",
    "认证/注册": r"认证|注册|CE|FDA|3C|资质|检验数据|型式试验",
    "成本": r"成本.{0,4}(?:不超过|低于|控制|以内)|低成本|造价|投资不超过",
    "合作方式": r"合作方式|技术转让|转让|许可|合作开发|委托开发|联合开发|入股|共建|产学研|"
    r"全职|兼职|驻厂|技术服务",
    "知识产权": r"知识产权|专利归属|保密",
}

_BUDGET_CUE = re.compile(r"预算|经费|投入|资金|费用|报酬|出资|榜单金额|奖励")
_BUDGET_AMOUNT = re.compile(
    r"(?:\d+(?:\.\d+)?\s*(?:亿|千万|百万|万|千)?\s*(?:元)?\s*[-~—–至到]\s*)?"
    r"\d+(?:\.\d+)?\s*(?:亿|千万|百万|万|千)?元?(?:以上|以下|以内|左右)?"
)
_NEGOTIABLE = re.compile(r"面议|协商|商议|另议")


def _check(element: str, status: str, evidence: Iterable[str] = ()) -> ElementCheck:
    question = {MISSING: QUESTIONS, PARTIAL: PARTIAL_QUESTIONS}.get(status, {}).get(element, "")
    return ElementCheck(element, status, tuple(_short(e) for e in evidence if e), question)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cue_sentences(pattern: re.Pattern[str], sentences: Iterable[str]) -> list[str]:
    return [s for s in sentences if pattern.search(s)]


def check_problem(text: DemandText) -> ElementCheck:
    """Present: the detail states a difficulty, or ≥ 40 characters of demand with a goal;
    partial: only the title names a problem/goal, or a short demand text."""
    stated = [*text.demand_sentences, *([text.title] if len(text.title) >= 30 else [])]
    hits = _cue_sentences(_PROBLEM, stated)
    if hits:
        return _check("problem", PRESENT, hits[:2])
    detail = text.demand_detail
    goals = _cue_sentences(_GOAL, text.demand_sentences) + _cue_sentences(
        DEMAND_CUES, text.demand_sentences
    )
    if goals and len(detail) >= 40:
        return _check("problem", PRESENT, goals[:2])
    if _PROBLEM.search(text.title) or _GOAL.search(text.title) or goals:
        return _check("problem", PARTIAL, [text.title, *goals[:1]])
    if len(detail) >= 20:
        return _check("problem", PARTIAL, text.demand_sentences[:1])
    return _check("problem", MISSING)


def check_indicators(
    text: DemandText, stored: Sequence[Mapping[str, Any]]
) -> tuple[ElementCheck, list[Indicator]]:
    """Present: stored targets, a comparative target (≥, ≤, 提高到, 降低30%…) or two specs;
    partial: one bare spec, or a comparative verb without a number (提高效率)."""
    found = parse_indicators(text.all_demand)
    targets = [i for i in found if i.is_target]
    if stored:
        return _check("indicators", PRESENT, [_stored_text(t) for t in stored]), found
    if targets or len(found) >= 2:
        return _check("indicators", PRESENT, [i.text for i in (targets or found)[:3]]), found
    if found:
        return _check("indicators", PARTIAL, [found[0].text]), found
    qualitative = _cue_sentences(_COMPARATIVE, (text.title, *text.demand_sentences))
    if qualitative:
        return _check("indicators", PARTIAL, qualitative[:1]), found
    return _check("indicators", MISSING), found


def _stored_text(target: Mapping[str, Any]) -> str:
    parts = (target.get(k) for k in ("indicator", "name", "operator", "value", "unit"))
    return " ".join(str(p) for p in parts if p not in (None, ""))


def check_budget(demand: DemandInput, text: DemandText) -> ElementCheck:
    """Present: a stored range, or an amount the catalog's budget parser understands (stored
    text, or an amount next to 预算/经费/投入… in the demand); partial: 面议."""
    if demand.budget_min_wan is not None or demand.budget_max_wan is not None:
        return _check(
            "budget", PRESENT, [_range_text(demand.budget_min_wan, demand.budget_max_wan)]
        )
    stored = parse_budget(demand.budget_text) if demand.budget_text else None
    if stored is not None and stored != (None, None):
        return _check("budget", PRESENT, [demand.budget_text])
    sentence = _budget_sentence(text.demand_sentences)
    if sentence:
        return _check("budget", PRESENT, [sentence])
    if stored == (None, None) or _NEGOTIABLE.search(text.demand_detail):
        return _check("budget", PARTIAL, [demand.budget_text or "面议"])
    return _check("budget", MISSING)


def _budget_sentence(sentences: Iterable[str]) -> str | None:
    """The first sentence with an amount in 万/元 after a budget cue (预算, 经费, 投入 …)."""
    for sentence in sentences:
        cue = _BUDGET_CUE.search(sentence)
        if cue is None:
            continue
        for m in _BUDGET_AMOUNT.finditer(sentence, cue.start()):
            amount = m.group()
            if ("万" in amount or "元" in amount) and parse_budget(amount) not in (
                None,
                (None, None),
            ):
                return sentence
    return None


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g}~{high:g}万元" if low != high else f"{low:g}万元"
    return f"{low:g}万元以上" if low is not None else f"{high:g}万元以内"


def check_trl(text: DemandText) -> tuple[ElementCheck, tuple[int, int] | None]:
    """Present: an explicit TRL or a stage cue (小试, 中试, 样机, 产业化 …) → NASA band (the
    union of the bands cued); partial: only a development verb (研发/研制/开发…)."""
    demand = text.all_demand
    explicit = _TRL_EXPLICIT.search(demand)
    if explicit and 1 <= int(explicit[1]) <= 9:
        level = int(explicit[1])
        return _check("trl", PRESENT, [explicit.group()]), (level, level)
    lows, highs, evidence = [], [], []
    for pattern, (low, high) in TRL_CUES:
        m = re.search(pattern, demand)
        if m:
            lows.append(low)
            highs.append(high)
            evidence.append(m.group())
    if evidence:
        return _check("trl", PRESENT, evidence), (min(lows), max(highs))
    weak = _TRL_WEAK.search(demand)
    if weak:
        return _check("trl", PARTIAL, [weak.group()]), None
    return _check("trl", MISSING), None


def check_constraints(demand: DemandInput, text: DemandText) -> ElementCheck:
    """Present: two kinds of constraint (or a deadline and one); partial: one kind."""
    found = [f"截止日期 {demand.deadline.isoformat()}"] if demand.deadline else []
    kinds = 1 if demand.deadline else 0
    for kind, pattern in CONSTRAINT_CUES.items():
        m = re.search(pattern, text.all_demand)
        if m:
            kinds += 1
            found.append(f"{kind}：{m.group()}")
    status = PRESENT if kinds >= 2 else PARTIAL if kinds == 1 else MISSING
    return _check("constraints", status, found)


def check_field(demand: DemandInput, suggested: Sequence[str]) -> ElementCheck:
    if demand.field:
        return _check("field", PRESENT, [demand.field])
    if suggested:
        return _check("field", PARTIAL, [f"推荐：{'、'.join(suggested)}"])
    return _check("field", MISSING)
