"""The field taxonomy (国家重点支持的高新技术领域): a parent field matches its children."""

from __future__ import annotations

from xinzhi.matching.taxonomy import expand, field_fit, nodes, resolve


def test_every_label_resolves_to_one_of_the_eight_fields() -> None:
    tops = {node[0] for node in nodes().values()}
    assert len(tops) == 8 and "新能源与节能" in tops and "先进制造与自动化" in tops


def test_a_parent_field_matches_its_children_and_aliases() -> None:
    assert field_fit("能源", "光伏") == "same"  # 新能源与节能 ⊃ 可再生清洁能源
    assert field_fit("光伏", "新能源与节能") == "same"
    assert field_fit("高端装备", "减速器") == "same"
    assert field_fit("光伏", "储能") == "related"  # siblings under 新能源与节能
    assert field_fit("能源", "材料") == "different"
    assert field_fit("能源", "") == "unknown"
    assert field_fit("某未知领域", "能源") == "unknown"  # not "different" when we cannot tell
    assert field_fit("某未知领域", "某未知领域") == "same"


def test_a_field_filter_reaches_the_sub_fields() -> None:
    reach = expand("能源")
    assert {"能源", "光伏", "储能", "氢能"} <= set(reach)
    assert "材料" not in reach
    assert expand("无此领域") == ("无此领域",)
    assert resolve("5G") == resolve("5g") == ("电子信息", "通信技术")
