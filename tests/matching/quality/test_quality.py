"""Demand-quality gate: golden cases written by hand, then all 607 real demands."""

from __future__ import annotations

import collections
import csv
import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from xinzhi.catalog.models import Demand
from xinzhi.matching.quality import assess_demand
from xinzhi.matching.quality.indicators import parse_indicators
from xinzhi.matching.quality.result import (
    LEVEL_PASS,
    LEVEL_TODO,
    LEVEL_VAGUE,
    QUESTIONS,
    WEIGHTS,
    completeness_score,
    quality_level,
)
from xinzhi.matching.quality.suggest import field_table
from xinzhi.matching.quality.text import split_text

COMPLETE = {
    "title": "锂电池极片涂布面密度在线检测系统",
    "detail": (
        "我公司涂布线目前靠离线称重抽检面密度，检测滞后、废品率偏高，进口β射线测厚仪价格高且依赖进口。"
        "需要一套非接触式面密度在线检测方案，测量精度±0.5%，扫描速度不低于80米/分钟，"
        "废品率降低30%。希望技术已完成中试，能在12个月内与现有产线对接，符合GB/T相关标准，"
        "合作方式为合作开发。预算经费100~200万元。"
    ),
    "field": "智能制造",
}


def _real_demands(shared_data: Path) -> list[dict[str, str]]:
    path = shared_data / "tech_demands" / "enterprise_tech_demands_607.csv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _as_demand(row: dict[str, str]) -> dict[str, Any]:
    """The importer's mapping of the listing's columns (docs/import.md)."""
    return {
        "title": row["demand_title"],
        "detail": row["demand_detail"],
        "field": row["category"],
        "budget_text": row["budget_range"],
    }


# ----------------------------------------------------------------------------- kernel


def test_completeness_score_is_the_weighted_share_of_credited_elements() -> None:
    assert completeness_score({e: "present" for e in WEIGHTS}) == 100.0
    assert completeness_score({}) == 0.0
    # problem present (30) + indicators partial (12.5) + budget present (15)
    assert completeness_score(
        {"problem": "present", "indicators": "partial", "budget": "present"}
    ) == pytest.approx(57.5)
    assert completeness_score({"a": "present", "b": "partial"}, {"a": 1, "b": 3}) == 62.5
    with pytest.raises(ValueError):
        completeness_score({}, {"a": 0})


def test_weights_sum_to_one_hundred() -> None:
    assert sum(WEIGHTS.values()) == 100


def test_level_needs_the_core_elements_not_only_points() -> None:
    everything = {e: "present" for e in WEIGHTS}
    assert quality_level(100, everything) == LEVEL_PASS
    assert quality_level(75, {**everything, "indicators": "missing"}) == LEVEL_TODO
    assert quality_level(70, {**everything, "problem": "missing"}) == LEVEL_VAGUE
    assert quality_level(39.9, everything) == LEVEL_VAGUE
    assert quality_level(55, everything) == LEVEL_TODO


# ----------------------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("效率提高到95%", ("效率", ">=", 95.0, "%")),
        ("成本降低30%", ("成本", "decrease_by", 30.0, "%")),
        ("产能提升20%", ("产能", "increase_by", 20.0, "%")),
        ("平面度≤0.5mm", ("平面度", "<=", 0.5, "mm")),
        ("纯度不低于99.5%", ("纯度", ">=", 99.5, "%")),
        ("容量估计误差不大于3%", ("容量估计误差", "<=", 3.0, "%")),
        ("扫描速度满足80米/分钟", ("扫描速度", ">=", 80.0, "米/分钟")),
        ("连续加工后定位误差控制在5微米以内", ("定位误差", "<=", 5.0, "微米")),
        ("检测时间小于5分钟", ("检测时间", "<", 5.0, "分钟")),
        ("测量精度±0.5%", ("测量精度", "±", 0.5, "%")),
        ("比表面积不低于250m²/g", ("比表面积", ">=", 250.0, "m2/g")),
        ("保持率约80%", ("保持率", "≈", 80.0, "%")),
        ("寿命1万小时以上", ("寿命", ">=", 1.0, "万小时")),
        ("抗拉强度达到600MPa", ("抗拉强度", ">=", 600.0, "MPa")),
    ],
)
def test_parse_indicators_reads_name_operator_value_unit(
    text: str, expected: tuple[str, str, float, str]
) -> None:
    (found,) = parse_indicators(text)
    assert (found.indicator, found.operator, found.value, found.unit) == expected


def test_parse_indicators_reads_ranges_and_skips_years_and_model_numbers() -> None:
    (span,) = parse_indicators("粒径控制10~20μm")
    assert (span.operator, span.value, span.value_max, span.unit) == ("between", 10, 20, "μm")
    assert parse_indicators("2019年完成改造，NCM811正极") == []
    assert parse_indicators("没有任何数字") == []


# ----------------------------------------------------------------------------- golden demands


def test_a_complete_demand_scores_high_and_misses_nothing() -> None:
    q = assess_demand(COMPLETE)
    assert q.level == LEVEL_PASS
    assert q.score == 100.0
    assert q.missing == ()
    assert q.partial == ()
    assert q.questions == ()
    assert q.expected_trl == (5, 6)  # 中试
    ops = {(i.indicator, i.operator) for i in q.indicators}
    assert {("测量精度", "±"), ("扫描速度", ">="), ("废品率", "decrease_by")} <= ops
    constraints = " ".join(q.element("constraints").evidence)
    for kind in ("时间", "场地/产线", "标准", "合作方式"):
        assert kind in constraints
    assert "面密度" in "".join(q.suggested_keywords)
    assert q.suggested_fields == ()  # the field is given


def test_a_vague_demand_lists_exactly_what_is_missing() -> None:
    q = assess_demand({"title": "寻求节能技术合作"})
    assert q.level == LEVEL_VAGUE
    assert set(q.missing) == {"problem", "indicators", "budget", "constraints", "trl"}
    assert q.partial == ("field",)  # 节能 → 节能环保 suggested
    assert q.suggested_fields[0] == "节能环保"
    assert q.score == 5.0
    assert q.questions[0] == QUESTIONS["problem"]
    assert QUESTIONS["indicators"] in q.questions
    assert "技术" not in q.suggested_keywords and "合作" not in q.suggested_keywords


def test_a_demand_with_nothing_at_all_is_all_missing() -> None:
    q = assess_demand({})
    assert q.score == 0.0
    assert len(q.missing) == 6
    assert "没有需求详情，只有标题。" in q.notes


def test_budget_negotiable_is_partial_and_asks_for_a_range() -> None:
    without = {**COMPLETE, "detail": COMPLETE["detail"].replace("预算经费100~200万元。", "")}
    assert assess_demand(without).element("budget").status == "missing"
    negotiable = assess_demand({**without, "budget_text": "面议"})
    assert negotiable.element("budget").status == "partial"
    assert "面议" in negotiable.element("budget").question
    in_text = assess_demand({"title": "某技术", "detail": "费用面议。"})
    assert in_text.element("budget").status == "partial"


def test_budget_from_stored_fields_text_and_detail() -> None:
    stored = assess_demand({"title": "x", "budget_min_wan": 50, "budget_max_wan": 80})
    assert stored.element("budget").evidence == ("50~80万元",)
    assert assess_demand({"title": "x", "budget_text": ">200万"}).element("budget").status == (
        "present"
    )
    detail = assess_demand({"title": "x", "detail": "本项目计划投入研发经费300万元。"})
    assert detail.element("budget").status == "present"


def test_a_profile_amount_is_not_a_budget_nor_a_target() -> None:
    q = assess_demand(
        {
            "title": "大孔容活性氧化铝载体",
            "detail": "公司成立于1998年，资产总额72.07亿元，年产氧化铝220万吨，通过ISO9001认证。",
        }
    )
    assert q.element("budget").status == "missing"
    assert q.indicators == ()
    assert q.element("constraints").status == "missing"
    assert "需求详情只有企业简介，没有描述技术需求本身。" in q.notes


@pytest.mark.parametrize(
    ("detail", "band"),
    [
        ("希望获得实验室阶段的新配方。", (3, 4)),
        ("需要已完成小试的工艺。", (3, 4)),
        ("需要中试放大工艺。", (5, 6)),
        ("希望提供样机。", (6, 7)),
        ("寻求可直接产业化的成熟技术。", (8, 9)),
        ("需要完成小试并实现量产。", (3, 9)),
        ("要求技术成熟度达到6级。", (6, 6)),
    ],
)
def test_trl_cues_give_a_nasa_band(detail: str, band: tuple[int, int]) -> None:
    q = assess_demand({"title": "某工艺", "detail": detail})
    assert q.element("trl").status == "present"
    assert q.expected_trl == band


def test_a_development_verb_alone_is_a_partial_trl() -> None:
    q = assess_demand({"title": "新型涂层研发"})
    assert q.element("trl").status == "partial"
    assert q.expected_trl is None


def test_stored_targets_and_deadline_count() -> None:
    q = assess_demand(
        {
            "title": "x",
            "target_indicators": [
                {"indicator": "效率", "operator": ">=", "value": 95, "unit": "%"}
            ],
            "deadline": dt.date(2026, 6, 30),
            "detail": "合作方式为技术转让。",
        }
    )
    assert q.element("indicators").status == "present"
    assert q.element("indicators").evidence == ("效率 >= 95 %",)
    assert q.element("constraints").status == "present"
    assert "截止日期 2026-06-30" in q.element("constraints").evidence


def test_orm_demand_and_mapping_give_the_same_answer() -> None:
    orm = Demand(title=COMPLETE["title"], detail=COMPLETE["detail"], field="智能制造", keywords=[])
    assert assess_demand(orm).to_dict() == assess_demand(COMPLETE).to_dict()


def test_to_dict_is_plain_and_complete() -> None:
    d = assess_demand(COMPLETE).to_dict()
    assert set(d) >= {"score", "level", "elements", "missing", "questions", "indicators"}
    assert [e["element"] for e in d["elements"]] == list(WEIGHTS)
    assert sum(e["points"] for e in d["elements"]) == d["score"]
    assert d["rules_version"] and d["trl_scale"] == "nasa"
    yaml.safe_dump(d, allow_unicode=True)  # plain types only


def test_known_keywords_are_not_suggested_again() -> None:
    q = assess_demand({**COMPLETE, "keywords": ["面密度"]})
    assert "面密度" not in q.suggested_keywords


def test_talent_demands_are_flagged() -> None:
    q = assess_demand({"title": "【人才引进】减速机项目负责人"})
    assert any("人才" in n for n in q.notes)


def test_split_text_keeps_need_sentences_inside_a_profile() -> None:
    text = split_text(
        "退役电池分选",
        "我公司成立于2010年，年产值2亿元。我公司年回收退役电池约2万吨，现有人工分选效率低。"
        "需要快速分选方法。",
    )
    assert text.profile_sentences == ("我公司成立于2010年,年产值2亿元",)
    assert len(text.demand_sentences) == 2


# ----------------------------------------------------------------------------- field table


def test_field_table_uses_the_catalog_vocabulary() -> None:
    demo = yaml.safe_load(
        resources.files("xinzhi.catalog")
        .joinpath("demo_data/demo.yaml")
        .read_text(encoding="utf-8")
    )
    demo_fields = {d["field"] for d in demo["demands"]}
    assert demo_fields <= set(field_table())


def test_field_suggestions_on_the_demo_demands() -> None:
    """With the field blanked, the stored field is among the suggestions for most demos."""
    demo = yaml.safe_load(
        resources.files("xinzhi.catalog")
        .joinpath("demo_data/demo.yaml")
        .read_text(encoding="utf-8")
    )
    hits = [
        d["field"] in assess_demand({**d, "field": ""}).suggested_fields for d in demo["demands"]
    ]
    assert sum(hits) / len(hits) >= 0.7


# ----------------------------------------------------------------------------- real demands

# Counts on the 607 real listings (docs/matching-quality.md); the detail of 522 of them is the
# poster's company profile only.
REAL_LEVELS = {LEVEL_VAGUE: 527, LEVEL_TODO: 78, LEVEL_PASS: 2}


def test_every_real_demand_is_assessed(shared_data: Path) -> None:
    rows = _real_demands(shared_data)
    assert len(rows) == 607
    results = [assess_demand(_as_demand(r)) for r in rows]
    levels = collections.Counter(q.level for q in results)
    assert dict(levels) == REAL_LEVELS
    assert all(0 <= q.score <= 100 for q in results)
    # every listing has a budget range and a category
    assert all(q.element("budget").status == "present" for q in results)
    assert all(q.element("field").status == "present" for q in results)
    # every element that is not present comes with a question
    assert all(e.question for q in results for e in q.elements if e.status != "present")
    profile_only = sum("需求详情只有企业简介，没有描述技术需求本身。" in q.notes for q in results)
    assert profile_only == 522


def _real(shared_data: Path, demand_id: str) -> Any:
    row = next(r for r in _real_demands(shared_data) if r["demand_id"] == demand_id)
    return assess_demand(_as_demand(row))


def test_real_demand_with_its_problem_in_the_title_passes(shared_data: Path) -> None:
    """#273: the title states the odour grade and VOC problem; the detail is a profile."""
    q = _real(shared_data, "273")
    assert q.level == LEVEL_PASS
    assert q.element("problem").status == "present"
    (odour,) = q.indicators
    assert (odour.operator, odour.value, odour.unit) == (">", 3.0, "级")
    assert "成本：低成本" in q.element("constraints").evidence


def test_real_title_only_problem_is_to_be_completed(shared_data: Path) -> None:
    """#48 小管码垛难题: a named difficulty, nothing else → ask for indicators, TRL, limits."""
    q = _real(shared_data, "48")
    assert q.level == LEVEL_TODO
    assert q.element("problem").status == "partial"
    assert set(q.missing) == {"indicators", "constraints", "trl"}
    assert "小管码垛" in q.suggested_keywords


def test_real_profile_numbers_are_not_targets(shared_data: Path) -> None:
    """#1: the detail lists assets (72.07亿) and capacity (220 万吨) — neither is a target."""
    q = _real(shared_data, "1")
    assert q.level == LEVEL_VAGUE
    assert q.indicators == ()
    assert q.score == 25.0  # budget and field only
    assert {"氧化铝", "催化剂", "载体"} <= set(q.suggested_keywords)


def test_real_placeholder_detail_and_talent_listing(shared_data: Path) -> None:
    assert "没有需求详情，只有标题。" in _real(shared_data, "301").notes  # detail "略"
    talent = _real(shared_data, "120")  # 寻求环保电缆高层次人才
    assert talent.level == LEVEL_VAGUE
    assert any("人才" in n for n in talent.notes)


def test_real_demand_with_a_stated_difficulty_in_the_detail(shared_data: Path) -> None:
    """#31: "由于存在胚胎操作方面的技术难题" is found behind the company profile."""
    q = _real(shared_data, "31")
    assert q.element("problem").status == "present"
    assert "技术难题" in q.element("problem").evidence[0]
    assert q.level == LEVEL_TODO
