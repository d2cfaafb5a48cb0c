"""The pure rules of 揭榜挂帅: the status order, eligibility, scoring and compensation.

No database here: every function takes plain values and returns a value or an explained
result, so the golden tests check them against hand-computed figures.

Sources (docs/challenges.md has the full list):

- Status order and the four funding modes: 深圳 2020 悬赏制 / 2021 揭榜挂帅 (ANCHORS §H1).
- Weighted criteria, "a submission cannot advance until every assigned evaluation is
  complete": Challenge.gov's open-source platform (GSA/Challenge_platform).
- Trimmed mean (去掉一个最高分和一个最低分): common Chinese review practice; no official
  揭榜挂帅 text fixes it (ANCHORS §H1 ✘), so the reviewer count that triggers it and the
  disagreement threshold are settings.
- 有价值的失败 compensation as a share of the spent amount with a cap: no official percentage
  exists (ANCHORS §H1 ✘), so both are settings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xinzhi.common.results import Explained

# draft → published → closed → under_review → awarded → in_progress → completed / failed;
# cancelled from any status that is not final.
ORDER: tuple[str, ...] = (
    "draft",
    "published",
    "closed",
    "under_review",
    "awarded",
    "in_progress",
)
ENDINGS = {"in_progress": ("completed", "failed")}
FINAL = frozenset({"completed", "failed", "cancelled"})
STATUSES: tuple[str, ...] = (*ORDER, "completed", "failed", "cancelled")


def allowed_next(current: str) -> tuple[str, ...]:
    """The statuses a challenge may move to from ``current`` (empty when final)."""
    if current in FINAL:
        return ()
    if current in ENDINGS:
        return (*ENDINGS[current], "cancelled")
    return (ORDER[ORDER.index(current) + 1], "cancelled")


# ---------------------------------------------------------------- eligibility

ORG_KINDS = ("enterprise", "university", "institute", "park", "fund", "other")


@dataclass(frozen=True)
class TeamOrg:
    """What the eligibility rules read of one organisation of a team."""

    id: int
    kind: str
    region_code: str | None
    role: str = "member"


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    failed: list[dict[str, Any]] = field(default_factory=list)


def _kinds(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or ()]


def check_rule(rule: Mapping[str, Any], lead: TeamOrg, team: Sequence[TeamOrg]) -> str | None:
    """The failure message (Chinese) of one structured rule, or None when it holds.

    Rules: ``lead_kind`` (value: kinds the lead may be), ``lead_region`` (a GB/T 2260 prefix,
    "34" = 安徽省), ``team_includes`` (at least one team organisation of these kinds),
    ``min_orgs`` (organisations in the team, lead included), ``team_region`` (every team
    organisation's region starts with the prefix).
    """
    from xinzhi.challenges.messages import ORG_KIND_LABELS, RULE_FAILURES, kinds_text

    code = str(rule.get("rule", ""))
    value = rule.get("value")
    template = RULE_FAILURES.get(code)
    if template is None:
        return f"未知的资格条件 {code}"
    if code == "lead_kind":
        ok = lead.kind in _kinds(value)
        return (
            None
            if ok
            else template.format(
                kinds=kinds_text(_kinds(value)), actual=ORG_KIND_LABELS.get(lead.kind, lead.kind)
            )
        )
    if code == "lead_region":
        prefix = str(value or "")
        ok = (lead.region_code or "").startswith(prefix)
        return None if ok else template.format(prefix=prefix, actual=lead.region_code or "未登记")
    if code == "team_includes":
        ok = any(o.kind in _kinds(value) for o in team)
        return None if ok else template.format(kinds=kinds_text(_kinds(value)))
    if code == "min_orgs":
        ok = len(team) >= int(value or 0)
        return None if ok else template.format(n=int(value or 0), actual=len(team))
    if code == "team_region":
        prefix = str(value or "")
        bad = [o for o in team if not (o.region_code or "").startswith(prefix)]
        return None if not bad else template.format(prefix=prefix, n=len(bad))
    return None  # pragma: no cover - every known code is handled above


def eligibility(
    rules: Sequence[Mapping[str, Any]], lead: TeamOrg, team: Sequence[TeamOrg]
) -> Verdict:
    """Every rule checked; the verdict names each failed rule with its Chinese reason."""
    failed = []
    for rule in rules:
        message = check_rule(rule, lead, team)
        if message is not None:
            failed.append({"rule": str(rule.get("rule", "")), "message": message})
    return Verdict(eligible=not failed, failed=failed)


# ---------------------------------------------------------------- scoring


def weighted_score(rubric: Sequence[Mapping[str, Any]], scores: Mapping[str, float]) -> float:
    """Σ weight · score over the rubric's criteria (weights sum to 1, scores 0–100)."""
    return round(sum(float(c["weight"]) * float(scores[c["criterion"]]) for c in rubric), 6)


def trimmed_mean(values: Sequence[float], trim_from: int) -> float:
    """The mean, dropping one highest and one lowest value when there are ≥ ``trim_from``."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    if len(ordered) >= trim_from >= 3:
        ordered = ordered[1:-1]
    return sum(ordered) / len(ordered)


def spread(values: Sequence[float]) -> float:
    """Population standard deviation of the reviewers' weighted scores (0 for one value)."""
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


@dataclass(frozen=True)
class Aggregate(Explained):
    """One application's score from its reviewers' weighted scores, with the steps."""

    score: float
    weighted: list[float]
    trimmed: bool
    std: float
    spread_flag: bool
    reasons: list[str]


def aggregate(weighted: Sequence[float], *, trim_from: int, spread_limit: float) -> Aggregate:
    """Trimmed mean and spread of ``weighted`` (one value per reviewer who scored)."""
    score = trimmed_mean(weighted, trim_from)
    sd = spread(weighted)
    trimmed = len(weighted) >= trim_from >= 3
    reasons = [
        f"{len(weighted)} 位评审的加权得分：{'、'.join(f'{w:.2f}' for w in sorted(weighted))}",
        "去掉一个最高分和一个最低分后取平均"
        if trimmed
        else "取平均（评审人数不足，不去掉最高最低分）",
        f"标准差 {sd:.2f}" + ("，超过分歧阈值" if sd > spread_limit else ""),
    ]
    return Aggregate(
        round(score, 4), sorted(weighted), trimmed, round(sd, 4), sd > spread_limit, reasons
    )


def combine_rounds(review: float, defence: float | None, defence_weight: float) -> float:
    """The final score when a 答辩 round exists: (1 − w)·review + w·defence."""
    if defence is None:
        return review
    return round((1 - defence_weight) * review + defence_weight * defence, 4)


# ---------------------------------------------------------------- money


def compensation(spent_wan: float, share: float, cap_wan: float) -> float:
    """有价值的失败 compensation: ``share`` of the amount spent, at most ``cap_wan``."""
    return round(min(max(spent_wan, 0.0) * share, cap_wan), 4)


def race_startup(budget_wan: float, teams: int, share: float) -> float:
    """赛马式: each shortlisted team's start-up money (``share`` of the budget each)."""
    return round(budget_wan * share, 4) if teams > 0 else 0.0


VALUABLE_CHECKLIST = ("diligent", "documented", "reusable", "new_knowledge")
