"""The automatic TRL prior: a proposed level with its reasons, from text and linked patents.

A pure kernel (:func:`trl_prior`) over plain inputs. Rules are data (``data/prior.yaml``): stage
keywords per GB/T 22900-2022 level (原理 → 1 … 中试 → 6 … 产业化 → 9), negated or planned mentions
ignored ("尚未量产", "拟开展中试"), and floors from linked patents (a filed application → 2, a
granted invention patent → 3). The idea — text-based inference useful only as a prior for a human
gate — is ANCHORS.md §C3 item 6; the keywords and floors are ours. The level is proposed on the
GB/T scale and converted (with the approximate flag) when another scale is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import rjieba
import yaml
from pydantic import BaseModel

from xinzhi.maturity.scales import DATA_DIR, ScaleId, check_scale, convert

# CN kind codes: A = application publication; B/C = granted invention; U/Y = utility model;
# S/D = design. US: A1/A2 = application; B1/B2/E = granted.
_KIND = re.compile(r"([A-Z])(\d?)$")
GRANT_WORDS = ("授权", "有权", "granted", "grant")


@dataclass(frozen=True)
class PatentFact:
    """What the prior needs to know about one linked patent."""

    pub_no: str
    kind: Literal["granted_invention", "utility_model", "design", "application"]
    legal_status: str = ""


class Reason(BaseModel):
    kind: Literal["keyword", "ignored_keyword", "patent", "default"]
    level: int | None
    detail: str


class Prior(BaseModel):
    """The proposed level on ``scale`` with every reason; ``gbt_level`` is the level before
    conversion, ``approximate`` says whether the conversion changed meaning."""

    level: int | None
    scale: ScaleId
    gbt_level: int | None
    approximate: bool
    reasons: list[Reason]
    rules_version: str


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "prior.yaml").read_text(encoding="utf-8"))
    return data


def patent_kind(
    pub_no: str, legal_status: str = "", granted: bool = False
) -> Literal["granted_invention", "utility_model", "design", "application"]:
    """Classify a patent from its publication number's kind code and its legal status."""
    number = pub_no.strip().upper()
    match = _KIND.search(number)
    code = match.group(1) if match else ""
    if number.startswith("CN"):
        if code in ("U", "Y"):
            return "utility_model"
        if code in ("S", "D"):
            return "design"
        if code in ("B", "C"):
            return "granted_invention"
    elif code in ("B", "E"):
        return "granted_invention"
    status = legal_status.lower()
    if granted or any(w in status for w in GRANT_WORDS):
        return "granted_invention"
    return "application"


def _negated(text: str, start: int, negations: Sequence[str], window: int) -> str | None:
    before = text[max(0, start - window) : start]
    for word in sorted(negations, key=len, reverse=True):
        if word in before:
            return word
    return None


def keyword_hits(text: str) -> list[Reason]:
    """Every stage keyword found in ``text`` (longest keywords first, no overlapping hits).

    A hit must start and end on word boundaries of jieba's segmentation (rjieba), so a keyword
    inside another word does not count.
    """
    data = rules()
    pairs = sorted(
        ((word, int(level)) for level, words in data["keywords"].items() for word in words),
        key=lambda p: -len(p[0]),
    )
    taken = [False] * len(text)
    tokens = rjieba.tokenize(text)
    starts, ends = {t[1] for t in tokens}, {t[2] for t in tokens}
    reasons: list[Reason] = []
    for word, level in pairs:
        for match in re.finditer(re.escape(word), text):
            span = range(match.start(), match.end())
            if match.start() not in starts or match.end() not in ends:
                continue  # inside another word: 量产 in 高质量产品, 定型 in 不稳定型
            if any(taken[i] for i in span):
                continue
            for i in span:
                taken[i] = True
            snippet = text[max(0, match.start() - 8) : match.end() + 8]
            negation = _negated(text, match.start(), data["negations"], int(data["window"]))
            if negation:
                detail = f"“{word}”前有“{negation}”（计划或否定），不计：…{snippet}…"
                reasons.append(Reason(kind="ignored_keyword", level=level, detail=detail))
            else:
                detail = f"文本含“{word}”→ GB/T {level} 级：…{snippet}…"
                reasons.append(Reason(kind="keyword", level=level, detail=detail))
    return reasons


def trl_prior(text: str, patents: Iterable[PatentFact] = (), scale: str = "gbt") -> Prior:
    """Propose a TRL from ``text`` (title, summary, keywords) and linked ``patents``.

    Level = max(highest non-negated stage keyword, patent floor); ``None`` when nothing
    suggests a level. Rules: ``data/prior.yaml`` (see the module docstring for sources).
    """
    target = check_scale(scale)
    data = rules()
    reasons = keyword_hits(text)
    levels = [r.level for r in reasons if r.kind == "keyword" and r.level is not None]
    floors = data["patents"]
    facts = list(patents)
    granted = [p for p in facts if p.kind == "granted_invention"]
    others = [p for p in facts if p.kind != "granted_invention"]
    for group, key, label in (
        (granted, "granted_invention", "关联已授权发明专利"),
        (others, "application", "关联专利申请/实用新型/外观设计"),
    ):
        if not group:
            continue
        level = int(floors[key])
        names = ", ".join(p.pub_no for p in group[:5])
        detail = f"{label} {len(group)} 件（{names}）→ 至少 {level} 级"
        reasons.append(Reason(kind="patent", level=level, detail=detail))
        levels.append(level)
    gbt_level = max(levels) if levels else None
    if gbt_level is None:
        reasons.append(Reason(kind="default", level=None, detail="文本与关联专利均无成熟度线索"))
        return Prior(level=None, scale=target, gbt_level=None, approximate=False,
                     reasons=reasons, rules_version=str(data["version"]))  # fmt: skip
    conversion = convert(gbt_level, "gbt", target)
    return Prior(level=conversion.level, scale=target, gbt_level=gbt_level,
                 approximate=conversion.approximate, reasons=reasons,
                 rules_version=str(data["version"]))  # fmt: skip
