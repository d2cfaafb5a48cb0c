"""政策应用图谱: tiers read from a policy's words, node × tier cells, general policies, regions."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.chains.conftest import World
from tests.factories import make
from xinzhi.chains import service
from xinzhi.chains.policymap import covers, matrix, tiers_of
from xinzhi.core.db import Database


def test_tiers_and_regions() -> None:
    assert tiers_of("支持专精特新“小巨人”企业") == ["srdi", "little_giant"]
    assert tiers_of("高企研发费用加计扣除") == ["hnte"]
    assert len(tiers_of("支持光伏产业发展")) == 5  # names none: every tier
    assert covers(None, "3205") and covers("320000", "3205") and covers("320500", "32")
    assert not covers("510000", "32")


def test_matrix_cells_and_gaps() -> None:
    result = matrix(
        [("a", "甲"), ("b", "乙")],
        [{"id": 1, "title": "甲专项", "nodes": ["a"], "tiers": ["srdi"]},
         {"id": 2, "title": "普惠", "nodes": [], "tiers": ["hnte"]}],
    )  # fmt: skip
    a, b = result["rows"]
    assert [p["id"] for p in a["cells"]["srdi"]] == [1]
    assert a["cells"]["hnte"][0]["general"] is True
    assert a["gaps"] == ["tech_sme", "innovative_sme", "little_giant"]
    assert b["gaps"] == ["tech_sme", "innovative_sme", "srdi", "little_giant"]
    assert result["general"] == [{"id": 2, "title": "普惠"}]


def test_policy_map_endpoint(api: TestClient, db: Database, chain_world: World) -> None:
    make(db, "policies", title="关于支持光伏组件企业申报专精特新中小企业的若干措施",
         region_code="510000")  # fmt: skip
    make(db, "policies", title="高新技术企业认定管理办法")
    make(db, "policies", title="江苏省光伏组件创新型中小企业奖励", region_code="320000")
    with db.write(actor="test") as session:
        service.place_chain(session, service.get_chain(session, chain_world.chain_id))
    r = api.get(
        f"/api/v1/chains/{chain_world.chain_id}/policy-map", params={"region": "四川"},
        headers=chain_world.headers("public"),
    )  # fmt: skip
    assert r.status_code == 200
    rows = {row["key"]: row for row in r.json()["rows"]}
    module = rows["module"]
    assert [p["title"] for p in module["cells"]["srdi"]] == [
        "关于支持光伏组件企业申报专精特新中小企业的若干措施"
    ]
    assert module["gaps"] == ["tech_sme", "innovative_sme", "little_giant"]  # 江苏's is not here
    assert rows["poly"]["gaps"] == ["tech_sme", "innovative_sme", "srdi", "little_giant"]
    assert (
        api.get(f"/api/v1/chains/{chain_world.chain_id}/policy-map?region=四川").status_code == 401
    )
