"""Demand-quality gate: how complete a technology demand is, and what to ask its poster.

A demand posted by an SME is often vague ("寻求节能技术合作"). Before matching, the gate checks
six elements — the problem, target indicators, budget, field, expected maturity (TRL) and
constraints — and marks each *present*, *partial* or *missing* with the evidence found and a
Chinese question for the broker to ask. The completeness score is a pure weighted kernel
(:func:`completeness_score`); :func:`assess_demand` returns an explainable
:class:`DemandQuality`.

Sources of the element list and the weights:

- ISO/IEC/IEEE 29148:2011 §5.2.5 "Characteristics of individual requirements" (necessary,
  unambiguous, complete, feasible, verifiable …) and the INCOSE *Guide for Writing
  Requirements* (2019) C1–C9 and rule R6 /Accuracy/Units: a requirement states a need and is
  verifiable, i.e. carries measurable values with units. Hence the problem and the measurable
  target indicators carry most weight.
- The 揭榜挂帅 需求榜单 forms of Chinese science and technology programmes, whose fixed items are
  the technical need (技术需求/攻关内容), assessable indicators (技术指标), money (榜单金额/
  投入资金) and time (完成时限); budget and constraints (time, site, standards, cooperation
  mode) come from there.
- Field and expected TRL (NASA NPR 7123.1 Appendix E scale) are what the matching engine
  filters on, so they are asked for too, with lower weight.

Real listings often paste the company profile into the demand detail (资产总额、销售收入、
ISO9001 认证…). Sentences that read as a company profile are set aside before looking for
problems, indicators, budgets and constraints, so a profile's 72.07亿 or ISO 认证 is never taken
for a target or a constraint.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import rjieba
import yaml

from xinzhi.catalog.importing.budget import parse_budget
from xinzhi.catalog.models import Demand

RULES_VERSION = "demand-quality-1"

PRESENT, PARTIAL, MISSING = "present", "partial", "missing"
CREDIT = {PRESENT: 1.0, PARTIAL: 0.5, MISSING: 0.0}

# Points per element (sum 100); rationale in the module docstring and docs/matching-quality.md.
WEIGHTS: dict[str, float] = {
    "problem": 30.0,
    "indicators": 25.0,
    "budget": 15.0,
    "constraints": 10.0,
    "trl": 10.0,
    "field": 10.0,
}
CORE = ("problem", "indicators")
PASS_SCORE, VAGUE_SCORE = 70.0, 40.0
LEVEL_PASS, LEVEL_TODO, LEVEL_VAGUE = "合格", "待完善", "过于模糊"

LABELS = {
    "problem": "问题/痛点",
    "indicators": "技术指标",
    "budget": "预算",
    "field": "技术领域",
    "trl": "期望成熟度",
    "constraints": "约束条件",
}
QUESTIONS = {
    "problem": "请说明目前遇到的具体问题或痛点：现有工艺/产品哪里不行，造成了什么影响？",
    "indicators": "请说明希望达到的技术指标，例如效率、成本、精度的目标值（数值和单位）。",
    "budget": "请说明预计投入的经费范围（万元），或注明面议。",
    "field": "请选择需求所属的技术领域。",
    "trl": "请说明期望的技术成熟度：实验室/小试成果、中试、样机，还是可直接产业化的成熟技术？",
    "constraints": "请说明约束条件：完成时间、现场或产线条件、环保/标准/认证要求、成本上限、"
    "期望的合作方式（转让、许可、合作开发等）。",
}
PARTIAL_QUESTIONS = {
    "problem": "请补充问题的细节：现状如何、差在哪里、希望改进到什么程度？",
    "indicators": "请把目标量化：给出指标名称、目标值和单位（例如“效率提高到95%”）。",
    "budget": "预算为面议，请给出大致范围（万元），便于筛选能承接的团队。",
    "field": "已根据内容推荐技术领域，请确认。",
    "trl": "请明确期望的成熟度阶段（小试、中试、样机或产业化）。",
    "constraints": "请补充其他约束：完成时间、标准/认证要求、成本上限或合作方式。",
}

# ----------------------------------------------------------------------------- cues

_PLACEHOLDERS = frozenset({"", "略", "无", "暂无", "详见附件", "见附件", "待定", "nan", "none"})
_SENTENCE = re.compile(r"[。！？!?；;\n]+|\.(?!\d)")
_CLAUSE = re.compile(r"[，,、：:（）()\s]")
# A sentence with a profile cue and no need cue is the poster's company profile.
_PROFILE = re.compile(
    r"公司|我司|集团|企业(?!需求)|成立于|创建于|始建于|创办|注册资|占地|建筑面积|厂区|厂房|员工|"
    r"职工|人数|销售收入|销售额|营业收入|产值|利润|利税|上缴|税金|纳税|固定资产|资产|总投资|"
    r"主营|主要产品|主导产品|经营范围|主要经营|年产|产能|生产能力|年生产|产销|销量|畅销|远销|"
    r"出口|占有率|市场|品种|规格|系列产品|所生产|高新技术企业|荣获|被评为|称号|上市|挂牌|股票|"
    r"位于|地处|坐落|专业从事|致力于|专注于|是一家|于一体|客户|技术中心|研究中心|研究院|工作站|"
    r"理事|会员单位|品牌|商标|经营理念|宗旨|使命|愿景|拥有|通过了|顺利通过|获得了|许可证|基地|"
    r"领先|知名|第一|最大|攻克了|解决了|突破了|实现了|填补"
)
# Need cues: a sentence with one of these states the demand even inside a profile paragraph.
_DEMAND = re.compile(
    r"(?<!经营)需要|(?<!必)需(?!求|要)|希望|寻求|急需|亟需|亟待|拟(?=[在于与将对]|开展|引进|建设|采用|开发|研发|研制)|"
    r"征集|难题|瓶颈|痛点|无法|难以|(?<!解决)(?<!解决“)问题|目标(?:是|为|值|要求|达到|[：:])|"
    r"不足|不稳定|不理想|不达标|低下|偏低|偏高|过高|"
    r"较差|效率低|成本高|能耗[高大]|依赖进口|卡脖子|短板|超标"
)
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
_TALENT = re.compile(r"人才|专家|招聘|项目负责人")

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

GENERIC_TERMS = frozenset(
    "技术 合作 公司 需求 寻求 企业 项目 问题 难题 研发 产品 方面 相关 领域 人才 高层次 引进 "
    "开发 生产 行业 方案 应用 研究 系统 工艺 方法 能力 产业化 对接 落地 专家 单位 我们 "
    "目标 要求 水平 性能 质量 情况 现有 国内 国际 国家 市场 工作 设计 制造 服务 高端 新型 "
    "解决 提高 提升 降低 改进 优化 实现 希望 需要 急需 项目负责人 课题 研制 海外 小时 分钟 "
    "技术指标 技术难题 技术问题 客户 全世界 部分 指标".split()
)
_NOUNISH = ("n", "nz", "vn", "ng", "eng", "nt")

# ----------------------------------------------------------------------------- indicators

_UNITS = (
    "m²/g m2/g mL/g ml/g mg/L mg/l g/L mg/m³ mg/m3 g/m² g/m2 米/分钟 m/min m/s km/h r/min rpm "
    "转/分钟 转/分 次/分钟 件/小时 吨/年 吨/天 t/h kWh kwh MPa GPa kPa Pa kW kw MW GW kV kv mAh "
    "Ah mA kHz MHz GHz Hz dB mΩ Ω ppm ppb ‰ % ℃ °C μm um nm mm cm km 毫米 微米 纳米 厘米 公里 "
    "平方米 立方米 m³ m3 m² m2 kg mg 千克 公斤 毫克 毫升 mL ml 升 L 吨 克 小时 分钟 min 秒 ms "
    "个月 天 周 年 次 倍 个 台 套 件 片 层 道 级 目 W V N t g h s m 米 度"
).split()
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?<![A-Za-z\d.])(?P<v1>{_NUMBER})\s*(?:[-~～至到]\s*(?P<v2>{_NUMBER})\s*)?"
    rf"(?P<mult>万|千|亿)?\s*(?P<unit>{_UNIT})(?![A-Za-z])"
)
# Checked in order: negated and two-character forms before the plain ones they contain.
_OPS_BEFORE: tuple[tuple[str, str], ...] = (
    (r"(?:不低于|不少于|不小于|大于等于|至少|≥|>=)$", ">="),
    (r"(?:不高于|不大于|不超过|小于等于|最多|≤|<=)$", "<="),
    (r"(?:提高|提升|增加|增长|增大|延长)(?:到|至)$|达到$|达$|满足$", ">="),
    (r"(?:降低|减少|下降|缩短|减小|控制)(?:到|至|在)$|降至$", "<="),
    (r"(?:大于|高于|超过|>)$", ">"),
    (r"(?:小于|低于|<)$", "<"),
    (r"(?:±|\+/-)$", "±"),
    (r"(?:大约|约)$", "≈"),
    (r"(?:提高|提升|增加|增长|增大|延长)了?$", "increase_by"),
    (r"(?:降低|减少|下降|缩短|减小)了?$", "decrease_by"),
)
_OPS_AFTER: tuple[tuple[str, str], ...] = (
    (r"^(?:以上|及以上)", ">="),
    (r"^(?:以下|以内|及以下)", "<="),
    (r"^左右", "≈"),
)
TARGET_OPERATORS = frozenset({">=", ">", "<=", "<", "±", "increase_by", "decrease_by", "between"})
_TRAILING_NOISE = re.compile(r"(?:的|为|在|将|使|要求|需|目标|且|并|达到?|约|大约)+$")
_LEADING_NOISE = re.compile(r"^(?:现有|目前|目标|要求|其|且|并)+")
_NAME_SPLIT = re.compile(r"的|需要|要求|希望|实现|使|将|在|和|与|及|或|并|且|后|下")


@dataclass(frozen=True)
class Indicator:
    """A measurable target found in the text: 效率 ≥ 95 %."""

    indicator: str
    operator: str
    value: float
    unit: str
    value_max: float | None = None
    text: str = ""

    @property
    def is_target(self) -> bool:
        return self.operator in TARGET_OPERATORS

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "operator": self.operator,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "text": self.text,
        }


def parse_indicators(text: str) -> list[Indicator]:
    """Every quantity with a unit in ``text``, with its operator and the indicator it measures.

    ``效率提高到95%`` → (效率, >=, 95, %); ``成本降低30%`` → (成本, decrease_by, 30, %);
    ``精度≤0.5mm`` → (精度, <=, 0.5, mm); ``10~20mm`` → between. Four-digit years are skipped.
    """
    s = unicodedata.normalize("NFKC", text)
    found = []
    for m in _QUANTITY.finditer(s):
        value = float(m["v1"])
        if m["unit"] == "年" and 1900 <= value <= 2100:
            continue
        before = s[: m.start()].rstrip()
        clause = _CLAUSE.split(before)[-1]
        operator, name_part = _operator(clause, s[m.end() :])
        value_max = float(m["v2"]) if m["v2"] else None
        if value_max is not None:
            operator = "between"
        unit = (m["mult"] or "") + m["unit"]
        span = (clause[-12:] + s[m.start() : m.end()]).strip()
        found.append(Indicator(_indicator_name(name_part), operator, value, unit, value_max, span))
    return found


def _operator(clause: str, after: str) -> tuple[str, str]:
    """The operator written before (or after) a quantity, and the clause left for its name."""
    for pattern, op in _OPS_BEFORE:
        m = re.search(pattern, clause)
        if m:
            return op, clause[: m.start()]
    for pattern, op in _OPS_AFTER:
        if re.match(pattern, after):
            return op, clause
    return "=", clause


def _indicator_name(text: str) -> str:
    """The words just before the operator, after the last connective: 测量精度, 扫描速度."""
    text = _TRAILING_NOISE.sub("", text.strip())
    text = _NAME_SPLIT.split(text)[-1]
    text = re.split(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?", text)[-1]  # after the previous quantity
    text = re.sub(rf"^(?:{_UNIT})", "", text)
    return _LEADING_NOISE.sub("", text)[-10:]


# ----------------------------------------------------------------------------- input


@dataclass(frozen=True)
class DemandInput:
    """The fields the gate reads, from an ORM :class:`Demand` or a plain mapping."""

    title: str = ""
    detail: str = ""
    field: str = ""
    keywords: tuple[str, ...] = ()
    budget_min_wan: float | None = None
    budget_max_wan: float | None = None
    budget_text: str = ""
    deadline: dt.date | None = None
    target_indicators: tuple[Mapping[str, Any], ...] = ()

    @classmethod
    def of(cls, demand: Demand | Mapping[str, Any]) -> DemandInput:
        get = demand.get if isinstance(demand, Mapping) else lambda k: getattr(demand, k, None)
        return cls(
            title=_text(get("title")),
            detail=_text(get("detail")),
            field=_text(get("field")),
            keywords=tuple(str(k) for k in get("keywords") or ()),
            budget_min_wan=_number(get("budget_min_wan")),
            budget_max_wan=_number(get("budget_max_wan")),
            budget_text=_text(get("budget_text")),
            deadline=get("deadline") if isinstance(get("deadline"), dt.date) else None,
            target_indicators=tuple(t for t in get("target_indicators") or () if t),
        )


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN from pandas
        return ""
    return str(value).strip()


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


@dataclass(frozen=True)
class _Text:
    """The demand's text split into what the gate looks at."""

    title: str
    demand_sentences: tuple[str, ...]  # from the detail, company-profile sentences removed
    profile_sentences: tuple[str, ...]

    @property
    def demand_detail(self) -> str:
        return "。".join(self.demand_sentences)

    @property
    def all_demand(self) -> str:
        return "。".join((self.title, *self.demand_sentences))


def split_text(title: str, detail: str) -> _Text:
    """Sentences of ``detail`` that describe the demand vs. the poster's company profile.

    A sentence with a need cue (需要, 希望, 难题, 目标, 效率低 …) is demand; one with a profile
    cue (公司, 成立于, 年产, 销售额 …) and no need cue is profile; a sentence with neither
    follows its predecessor (demand when the detail has no profile sentence at all).
    """
    title = unicodedata.normalize("NFKC", title).strip()
    detail = unicodedata.normalize("NFKC", detail).strip()
    if detail.lower() in _PLACEHOLDERS:
        detail = ""
    sentences = [s.strip() for s in _SENTENCE.split(detail) if s.strip()]
    kinds = [_sentence_kind(s) for s in sentences]
    previous = "demand" if "profile" not in kinds else "profile"
    demand: list[str] = []
    profile: list[str] = []
    for sentence, kind in zip(sentences, kinds, strict=True):
        kind = previous if kind == "neutral" else kind
        (demand if kind == "demand" else profile).append(sentence)
        previous = kind
    return _Text(title, tuple(demand), tuple(profile))


def _sentence_kind(sentence: str) -> str:
    """Demand unless profile cues outnumber need cues two to one (long profile sentences
    mention 需要 or 目标 in passing)."""
    need, profile = len(_DEMAND.findall(sentence)), len(_PROFILE.findall(sentence))
    if need and 2 * need >= profile:
        return "demand"
    return "profile" if profile else "neutral"


# ----------------------------------------------------------------------------- result


@dataclass(frozen=True)
class ElementCheck:
    """One element's verdict: status, the evidence spans found, the question to ask."""

    element: str
    status: str
    evidence: tuple[str, ...] = ()
    question: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.element]

    @property
    def weight(self) -> float:
        return WEIGHTS[self.element]

    @property
    def points(self) -> float:
        return self.weight * CREDIT[self.status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "label": self.label,
            "status": self.status,
            "evidence": list(self.evidence),
            "question": self.question,
            "weight": self.weight,
            "points": self.points,
        }


@dataclass(frozen=True)
class DemandQuality:
    """The gate's explainable answer for one demand."""

    score: float
    level: str
    elements: tuple[ElementCheck, ...]
    indicators: tuple[Indicator, ...] = ()
    expected_trl: tuple[int, int] | None = None
    suggested_keywords: tuple[str, ...] = ()
    suggested_fields: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rules_version: str = RULES_VERSION
    weights: Mapping[str, float] = field(default_factory=lambda: dict(WEIGHTS))

    def element(self, name: str) -> ElementCheck:
        return next(e for e in self.elements if e.element == name)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(e.element for e in self.elements if e.status == MISSING)

    @property
    def partial(self) -> tuple[str, ...]:
        return tuple(e.element for e in self.elements if e.status == PARTIAL)

    @property
    def questions(self) -> tuple[str, ...]:
        """The questions to ask the poster, missing elements first."""
        ordered = sorted(
            (e for e in self.elements if e.status != PRESENT), key=lambda e: e.status != MISSING
        )
        return tuple(e.question for e in ordered)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "level": self.level,
            "elements": [e.to_dict() for e in self.elements],
            "missing": list(self.missing),
            "partial": list(self.partial),
            "questions": list(self.questions),
            "indicators": [i.to_dict() for i in self.indicators],
            "expected_trl": list(self.expected_trl) if self.expected_trl else None,
            "trl_scale": "nasa",
            "suggested_keywords": list(self.suggested_keywords),
            "suggested_fields": list(self.suggested_fields),
            "notes": list(self.notes),
            "rules_version": self.rules_version,
            "weights": dict(self.weights),
        }


# ----------------------------------------------------------------------------- kernels


def completeness_score(
    statuses: Mapping[str, str], weights: Mapping[str, float] = WEIGHTS
) -> float:
    """``100 · Σ wₑ·credit(sₑ) / Σ wₑ`` with credit present 1, partial ½, missing 0.

    Elements absent from ``statuses`` count as missing. Rounded to one decimal.
    """
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    got = sum(w * CREDIT[statuses.get(name, MISSING)] for name, w in weights.items())
    return round(100.0 * got / total, 1)


def quality_level(score: float, statuses: Mapping[str, str]) -> str:
    """合格 when score ≥ 70 and neither core element (problem, indicators) is missing;
    过于模糊 when score < 40 or the problem itself is missing; 待完善 otherwise."""
    if score < VAGUE_SCORE or statuses.get("problem", MISSING) == MISSING:
        return LEVEL_VAGUE
    if score >= PASS_SCORE and all(statuses.get(c, MISSING) != MISSING for c in CORE):
        return LEVEL_PASS
    return LEVEL_TODO


# ----------------------------------------------------------------------------- elements


def _check(element: str, status: str, evidence: Iterable[str] = ()) -> ElementCheck:
    question = {MISSING: QUESTIONS, PARTIAL: PARTIAL_QUESTIONS}.get(status, {}).get(element, "")
    return ElementCheck(element, status, tuple(_short(e) for e in evidence if e), question)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cue_sentences(pattern: re.Pattern[str], sentences: Iterable[str]) -> list[str]:
    return [s for s in sentences if pattern.search(s)]


def check_problem(text: _Text) -> ElementCheck:
    """Present: the detail states a difficulty, or ≥ 40 characters of demand with a goal;
    partial: only the title names a problem/goal, or a short demand text."""
    stated = [*text.demand_sentences, *([text.title] if len(text.title) >= 30 else [])]
    hits = _cue_sentences(_PROBLEM, stated)
    if hits:
        return _check("problem", PRESENT, hits[:2])
    detail = text.demand_detail
    goals = _cue_sentences(_GOAL, text.demand_sentences) + _cue_sentences(
        _DEMAND, text.demand_sentences
    )
    if goals and len(detail) >= 40:
        return _check("problem", PRESENT, goals[:2])
    if _PROBLEM.search(text.title) or _GOAL.search(text.title) or goals:
        return _check("problem", PARTIAL, [text.title, *goals[:1]])
    if len(detail) >= 20:
        return _check("problem", PARTIAL, text.demand_sentences[:1])
    return _check("problem", MISSING)


def check_indicators(
    text: _Text, stored: Sequence[Mapping[str, Any]]
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


def check_budget(demand: DemandInput, text: _Text) -> ElementCheck:
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


def check_trl(text: _Text) -> tuple[ElementCheck, tuple[int, int] | None]:
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


def check_constraints(demand: DemandInput, text: _Text) -> ElementCheck:
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


# ----------------------------------------------------------------------------- suggestions


@lru_cache(maxsize=1)
def field_table() -> dict[str, tuple[str, ...]]:
    """The keyword → field table written beside this module (``quality_fields.yaml``)."""
    raw = resources.files("xinzhi.matching").joinpath("quality_fields.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    return {
        str(name): tuple(str(k).lower() for k in words) for name, words in data["fields"].items()
    }


def suggest_fields(title: str, body: str, limit: int = 3) -> tuple[str, ...]:
    """Fields whose keywords occur in the text (a title hit counts twice), best first."""
    title, body = title.lower(), body.lower()
    scores: dict[str, int] = {}
    for name, words in field_table().items():
        score = sum(2 * (w in title) + (w in body) for w in words)
        if score:
            scores[name] = score
    return tuple(sorted(scores, key=lambda n: -scores[n])[:limit])


def suggest_keywords(
    title: str, body: str, known: Iterable[str] = (), limit: int = 8
) -> tuple[str, ...]:
    """Technical terms: runs of nouns (``rjieba.tag``) without generic words, title first."""
    known_set = {k.lower() for k in known}
    scores: dict[str, float] = {}
    for weight, text in ((2.0, title), (1.0, body)):
        for term in _noun_runs(text):
            if term.lower() not in known_set:
                scores[term] = scores.get(term, 0.0) + weight
    ranked = sorted(scores, key=lambda t: (-scores[t], -len(t)))
    return tuple(ranked[:limit])


def _noun_runs(text: str) -> list[str]:
    """Adjacent noun tokens joined when short (动力电池), else the tokens one by one."""
    terms: list[str] = []
    run: list[str] = []
    for word, pos in [*rjieba.tag(text), ("", "x")]:
        word = word.strip()
        if word and pos.startswith(_NOUNISH) and word not in GENERIC_TERMS:
            run.append(word)
            continue
        joined = "".join(run)
        terms.extend([joined] if len(joined) <= 6 else run)
        run = []
    return [t for t in terms if len(t) >= 2 and _is_term(t)]


def _is_term(term: str) -> bool:
    """No quantities (厚度0.05mm, 250m2): a term starting with a digit or mixing Chinese and
    digits is a measurement, not a keyword. ``NCM811`` stays."""
    if term[0].isdigit():
        return False
    has_digit = any(ch.isdigit() for ch in term)
    return not (has_digit and any("\u4e00" <= ch <= "\u9fff" for ch in term))


# ----------------------------------------------------------------------------- public API


def assess_demand(demand: Demand | Mapping[str, Any]) -> DemandQuality:
    """Score a demand's completeness and say what to ask its poster.

    ``demand`` is a catalog :class:`~xinzhi.catalog.models.Demand` or a mapping with the same
    keys (title, detail, field, keywords, budget_min_wan, budget_max_wan, budget_text,
    deadline, target_indicators); absent keys are empty.
    """
    d = DemandInput.of(demand)
    text = split_text(d.title, d.detail)
    fields = () if d.field else suggest_fields(text.title, text.demand_detail)
    indicators_check, indicators = check_indicators(text, d.target_indicators)
    trl_check, band = check_trl(text)
    checks = (
        check_problem(text),
        indicators_check,
        check_budget(d, text),
        check_constraints(d, text),
        trl_check,
        check_field(d, fields),
    )
    statuses = {c.element: c.status for c in checks}
    score = completeness_score(statuses)
    return DemandQuality(
        score=score,
        level=quality_level(score, statuses),
        elements=checks,
        indicators=tuple(indicators),
        expected_trl=band,
        suggested_keywords=suggest_keywords(text.title, text.demand_detail, d.keywords),
        suggested_fields=fields,
        notes=_notes(text),
    )


def _notes(text: _Text) -> tuple[str, ...]:
    notes = []
    if not text.demand_sentences and not text.profile_sentences:
        notes.append("没有需求详情，只有标题。")
    if text.profile_sentences and not text.demand_sentences:
        notes.append("需求详情只有企业简介，没有描述技术需求本身。")
    elif len(text.profile_sentences) > len(text.demand_sentences):
        notes.append("需求详情大部分是企业简介，技术需求的描述较少。")
    if _TALENT.search(text.title):
        notes.append("这条需求是在找人才，而不是找技术成果；匹配时以专家为主。")
    return tuple(notes)
