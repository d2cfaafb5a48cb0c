"""What the gate reads of a demand, and its detail split into demand and company-profile sentences.

Real listings often paste the company profile into the demand detail (资产总额、销售收入、
ISO9001 认证…). Sentences that read as a company profile are set aside before the element checks
(:mod:`xinzhi.matching.quality.checks`) look for problems, indicators, budgets and constraints.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xinzhi.catalog.models import Demand

_PLACEHOLDERS = frozenset({"", "略", "无", "暂无", "详见附件", "见附件", "待定", "nan", "none"})
_SENTENCE = re.compile(r"[。！？!?；;\n]+|\.(?!\d)")
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
DEMAND_CUES = re.compile(
    r"(?<!经营)需要|(?<!必)需(?!求|要)|希望|寻求|急需|亟需|亟待|拟(?=[在于与将对]|开展|引进|建设|采用|开发|研发|研制)|"
    r"征集|难题|瓶颈|痛点|无法|难以|(?<!解决)(?<!解决“)问题|目标(?:是|为|值|要求|达到|[：:])|"
    r"不足|不稳定|不理想|不达标|低下|偏低|偏高|过高|"
    r"较差|效率低|成本高|能耗[高大]|依赖进口|卡脖子|短板|超标"
)


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
class DemandText:
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


def split_text(title: str, detail: str) -> DemandText:
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
    return DemandText(title, tuple(demand), tuple(profile))


def _sentence_kind(sentence: str) -> str:
    """Demand unless profile cues outnumber need cues two to one (long profile sentences
    mention 需要 or 目标 in passing)."""
    need, profile = len(DEMAND_CUES.findall(sentence)), len(_PROFILE.findall(sentence))
    if need and 2 * need >= profile:
        return "demand"
    return "profile" if profile else "neutral"
