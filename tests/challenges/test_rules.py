"""The pure rules against hand-computed values: weighted score, trimmed mean, spread, the
status order, eligibility and compensation."""

from __future__ import annotations

import pytest

from xinzhi.challenges import rules
from xinzhi.challenges.rules import TeamOrg

RUBRIC = [
    {"criterion": "先进性", "weight": 0.4},
    {"criterion": "可行性", "weight": 0.35},
    {"criterion": "团队", "weight": 0.25},
]
# Five reviewers' criterion scores and their weighted scores, computed by hand:
# 90·0.4 + 80·0.35 + 70·0.25 = 36 + 28 + 17.5 = 81.5, and so on.
PANEL = [
    ([90, 80, 70], 81.5),
    ([70, 70, 70], 70.0),
    ([100, 100, 100], 100.0),
    ([60, 75, 80], 70.25),
    ([40, 50, 60], 48.5),
]


def scores(values: list[int]) -> dict[str, float]:
    return {c["criterion"]: float(v) for c, v in zip(RUBRIC, values, strict=True)}


@pytest.mark.parametrize(("values", "weighted"), PANEL, ids=[f"r{i}" for i in range(1, 6)])
def test_weighted_score(values: list[int], weighted: float) -> None:
    assert rules.weighted_score(RUBRIC, scores(values)) == pytest.approx(weighted)


def test_trimmed_mean_drops_highest_and_lowest_from_five() -> None:
    weighted = [w for _, w in PANEL]
    # sorted 48.5, 70, 70.25, 81.5, 100 → (70 + 70.25 + 81.5) / 3 = 73.91666…
    assert rules.trimmed_mean(weighted, 5) == pytest.approx(221.75 / 3)
    # four reviewers: plain mean (81.5 + 70 + 100 + 70.25) / 4 = 80.4375
    assert rules.trimmed_mean(weighted[:4], 5) == pytest.approx(80.4375)


def test_spread_is_the_population_standard_deviation() -> None:
    weighted = [w for _, w in PANEL]
    # mean 74.05; squared deviations sum to 1412.55; /5 = 282.51; sqrt = 16.8080…
    assert rules.spread(weighted) == pytest.approx(282.51**0.5)
    agg = rules.aggregate(weighted, trim_from=5, spread_limit=15.0)
    assert agg.spread_flag and agg.trimmed and agg.score == pytest.approx(73.9167, abs=1e-4)
    assert not rules.aggregate(weighted, trim_from=5, spread_limit=17.0).spread_flag
    assert "去掉一个最高分和一个最低分" in agg.reasons[1]


def test_defence_round_weight() -> None:
    assert rules.combine_rounds(80.0, None, 0.3) == 80.0
    assert rules.combine_rounds(80.0, 90.0, 0.3) == pytest.approx(83.0)


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        ("draft", ("published", "cancelled")),
        ("under_review", ("awarded", "cancelled")),
        ("in_progress", ("completed", "failed", "cancelled")),
        ("completed", ()),
        ("cancelled", ()),
    ],
)
def test_status_order(current: str, allowed: tuple[str, ...]) -> None:
    assert rules.allowed_next(current) == allowed


def test_eligibility_names_each_failed_rule() -> None:
    lead = TeamOrg(1, "enterprise", "320500", "lead")
    team = [lead, TeamOrg(2, "enterprise", "340100")]
    verdict = rules.eligibility(
        [
            {"rule": "lead_kind", "value": ["enterprise"]},
            {"rule": "lead_region", "value": "34"},
            {"rule": "team_includes", "value": ["university", "institute"]},
            {"rule": "min_orgs", "value": 3},
            {"rule": "team_region", "value": "34"},
        ],
        lead,
        team,
    )
    assert not verdict.eligible
    assert [f["rule"] for f in verdict.failed] == [
        "lead_region",
        "team_includes",
        "min_orgs",
        "team_region",
    ]
    assert verdict.failed[2]["message"] == "团队须至少由 3 家单位组成，实际 2 家"
    assert rules.eligibility([], lead, team).eligible  # 不设门槛: no rule, no refusal


def test_compensation_share_with_cap() -> None:
    assert rules.compensation(200.0, 0.3, 100.0) == 60.0
    assert rules.compensation(500.0, 0.3, 100.0) == 100.0
    assert rules.race_startup(500.0, 2, 0.1) == 50.0
