"""The gate's scale and its explained answer: elements, weights, levels and the score kernel.

:func:`completeness_score` and :func:`quality_level` are pure; :class:`ElementCheck` and
:class:`DemandQuality` carry the evidence and the questions so a broker sees *why*. The weights
and their sources are in the package docstring (:mod:`xinzhi.matching.quality`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xinzhi.matching.quality.indicators import Indicator

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
