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

The package: :func:`assess_demand` here; the demand's text in :mod:`.text`, measurable targets
in :mod:`.indicators`, the element checks in :mod:`.checks`, field and keyword suggestions in
:mod:`.suggest`, and the score kernel with its explained result in :mod:`.result`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from xinzhi.catalog.models import Demand
from xinzhi.matching.quality.checks import (
    check_budget,
    check_constraints,
    check_field,
    check_indicators,
    check_problem,
    check_trl,
)
from xinzhi.matching.quality.result import DemandQuality, completeness_score, quality_level
from xinzhi.matching.quality.suggest import suggest_fields, suggest_keywords
from xinzhi.matching.quality.text import DemandInput, DemandText, split_text

_TALENT = re.compile(r"人才|专家|招聘|项目负责人")


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


def _notes(text: DemandText) -> tuple[str, ...]:
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
