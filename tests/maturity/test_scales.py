"""Golden tests of the scale data and the mapping, against the texts cited in
../shared/guide/DOMAIN.md §3 and ANCHORS.md §C2."""

from __future__ import annotations

import itertools

import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.maturity.checklist import checklist
from xinzhi.maturity.scales import SCALES, convert, get_scale, mapping_table, scales

# NPR 7123.1 Appendix E, rows 1–3 verbatim (DOMAIN.md §3.1 [OFF]).
NASA_1_3 = [
    (
        "Basic principles observed and reported",
        "Peer-reviewed publication/documentation of research underlying the concept",
    ),
    (
        "Technology concept and/or application formulated",
        "Documented description of the application/concept addressing feasibility and benefit",
    ),
    (
        "Analytical and experimental critical function and/or characteristic proof-of-concept",
        "Documented analytical/experimental results validating predictions of key parameters",
    ),
]
# Horizon 2020 WP2014-15 General Annex G (DOMAIN.md §3.2 [OFF-copy]).
EU = [
    "basic principles observed",
    "technology concept formulated",
    "experimental proof of concept",
    "technology validated in lab",
    "technology validated in relevant environment (industrially relevant environment in the case "
    "of key enabling technologies)",
    "technology demonstrated in relevant environment (industrially relevant environment in the "
    "case of key enabling technologies)",
    "system prototype demonstration in operational environment",
    "system complete and qualified",
    "actual system proven in operational environment (competitive manufacturing in the case of key "
    "enabling technologies; or in space)",
]
# GB/T 22900-2022 development research as encoded in scstriker/trl-evaluation-system
# (ANCHORS.md §C2 [3P], unverified against the standard).
GBT_ZH = [
    "发现新现象/新问题/新需求并提出报告",
    "提出了满足需求或解决问题的技术方案",
    "核心技术概念模型仿真验证成功",
    "实验室内关键功能指标测试达到预期目标",
    "实验室小试（模拟生产）环境中的初样样品完成，主要功能与性能指标测试通过",
    "实验室中试（准生产）环境中的正样样品完成，全部功能和性能指标测试通过、工艺验证可行",
    "工程样机系统运行、例行环境试验合格",
    "完成小批量试生产并形成实际产品，产品/系统定型，工艺成熟稳定，生产与服务条件完备，能够实际使用",
    "具备大批量产业化生产与服务条件（多次可重复），形成质量控制体系，产品质量检测合格，具备市场准入条件",
]


def test_nasa_levels_1_to_3_are_the_npr_text_and_marked_verified() -> None:
    nasa = get_scale("nasa")
    assert [(lv.title, lv.exit_criterion) for lv in nasa.levels[:3]] == NASA_1_3
    assert [lv.verified for lv in nasa.levels] == [True] * 3 + [False] * 6
    assert (
        nasa.levels[8].title
        == 'Actual system "flight proven" through successful mission operations'
    )
    assert nasa.sources[0].tag == "OFF" and "N_PR_7123_001C_" in nasa.sources[0].url


def test_eu_levels_are_annex_g_and_there_is_no_level_0() -> None:
    eu = get_scale("eu")
    assert [lv.title for lv in eu.levels] == EU
    assert [lv.level for lv in eu.levels] == list(range(1, 10))


def test_gbt_levels_are_the_encoded_wording_and_flagged_unverified() -> None:
    gbt = get_scale("gbt")
    assert [lv.title_zh for lv in gbt.levels] == GBT_ZH
    assert gbt.verified is False and not any(lv.verified for lv in gbt.levels)
    assert str(gbt.effective_from) == "2022-10-12" and "GB/T 41621-2022" in gbt.document


def test_every_scale_names_its_document_version_and_sources() -> None:
    for scale in scales().values():
        assert scale.document and scale.version and scale.sources


def test_nasa_eu_is_exact_except_where_annex_g_adds_the_ket_qualifier() -> None:
    approx = {lv for lv in range(1, 10) if convert(lv, "nasa", "eu").approximate}
    assert approx == {5, 6, 9}
    assert "key enabling" in convert(9, "eu", "nasa").note


def test_every_gbt_pair_is_approximate_and_says_why() -> None:
    for level, other in itertools.product(range(1, 10), ("nasa", "eu")):
        there = convert(level, "gbt", other)
        assert there.approximate and there.note and there.level == level
        assert convert(level, other, "gbt").approximate


def test_convert_round_trips_and_is_exact_on_the_same_scale() -> None:
    for level, a, b in itertools.product(range(1, 10), SCALES, SCALES):
        assert convert(convert(level, a, b).level, b, a).level == level
        if a == b:
            assert not convert(level, a, b).approximate


@pytest.mark.parametrize(
    ("level", "a", "b"),
    [(0, "nasa", "eu"), (10, "nasa", "eu"), (3, "nasa", "api"), (3, "trl", "eu")],
)
def test_convert_refuses_unknown_levels_and_scales(level: int, a: str, b: str) -> None:
    with pytest.raises(InvalidInput):
        convert(level, a, b)


def test_mapping_table_has_one_row_per_level() -> None:
    rows = mapping_table()
    assert [(r["nasa"], r["eu"], r["gbt"]) for r in rows] == [(i, i, i) for i in range(1, 10)]


@pytest.mark.parametrize("scale", SCALES)
def test_checklists_have_both_tracks_at_every_level(scale: str) -> None:
    sheet = checklist(scale)
    for level in range(1, 10):
        for track in ("hardware", "software"):
            items = sheet.for_level(level, track)
            assert items, (scale, level, track)
            short = "hw" if track == "hardware" else "sw"
            assert all(c.id.startswith(f"{scale}.{level}.{short}.") for c in items)
            assert all(c.text and c.en and c.evidence for c in items)
    assert len(sheet.for_track("both")) == len(sheet.criteria)
