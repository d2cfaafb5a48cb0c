"""The 概念验证/中试 registry: import with named errors, TRL ranges (given or the settings'
assumption), the platforms that take an achievement stuck at TRL 3–6 forward, the per-node
TRL 4–6 gaps of a region, and who may read and import (six roles + anonymous)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.chains.conftest import ROLES, STAFF, World
from tests.clients import run_cli
from xinzhi.core.settings import Settings

PLATFORMS = [
    {"name": "成都电池片中试线", "kind": "中试平台", "services": ["工艺验证"], "trl_from": 5,
     "trl_to": 7, "region_code": "510100", "serves": ["测试光伏:cell"]},
    {"name": "成都概念验证中心", "kind": "poc", "region_code": "510100", "serves": ["cell"]},
    {"name": "苏州电池验证平台", "kind": "pilot", "trl_from": 4, "trl_to": 6,
     "region_code": "320500", "serves": ["cell", "module"]},
]  # fmt: skip


def _import(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(yaml.safe_dump({"platforms": PLATFORMS}, allow_unicode=True), "utf-8")
    result = run_cli(settings, "chains", "platforms", "--import", str(path), "--json")
    assert result.exit_code == 0, result.output


def test_suggestions_for_a_stuck_achievement(
    api: TestClient, settings: Settings, chain_world: World, tmp_path: Path
) -> None:
    _import(settings, tmp_path)
    w = chain_world
    url = f"/api/v1/chains/{w.chain_id}/achievements/{w.ids['achievement']}/platforms"
    found = api.get(url, headers=w.headers("researcher")).json()
    # TRL 5 on 电池片: the local pilot line (5–7) first, then 苏州 (4–6); the 概念验证中心's
    # assumed 2–4 does not take TRL 5 forward
    assert [p["name"] for p in found] == ["成都电池片中试线", "苏州电池验证平台"]
    assert found[0]["reasons"][:3] == ["服务环节：电池片", "可将 TRL 5 推进至 TRL 7", "位于本地"]
    assert found[1]["reasons"][2] == "位于江苏"
    listed = {
        p["name"]: p
        for p in api.get("/api/v1/chains/platforms", headers=w.headers("public")).json()
    }
    assert listed["成都概念验证中心"]["trl_assumed"] is True
    assert (listed["成都概念验证中心"]["trl_from"], listed["成都概念验证中心"]["trl_to"]) == (2, 4)
    gaps = {
        g["key"]: g["trl_4_6_missing"]
        for g in api.get(
            f"/api/v1/chains/{w.chain_id}/platform-gaps", params={"region": "四川"},
            headers=w.headers("reviewer"),
        ).json()
    }  # fmt: skip
    # 四川: the pilot line takes 5→7, the 概念验证中心 (assumed) 2→4: nothing local takes TRL 4 on
    assert gaps["cell"] == [4] and gaps["module"] == [4, 5, 6]
    node = api.get(
        f"/api/v1/chains/{w.chain_id}/nodes/module/platforms", params={"region": "江苏"},
        headers=w.headers("admin"),
    ).json()  # fmt: skip
    assert node["local"] == 1 and node["trl_4_6_missing"] == [6]


def test_bad_platform_names_itself_and_the_field(
    settings: Settings, db: object, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump([{"name": "某平台", "kind": "工厂"}], allow_unicode=True), "utf-8"
    )
    result = run_cli(settings, "chains", "platforms", "--import", str(path))
    assert result.exit_code != 0 and "某平台" in result.output and "kind" in result.output


@pytest.mark.parametrize("who", ROLES)
def test_platform_endpoints_for_every_role(api: TestClient, chain_world: World, who: str) -> None:
    h, cid = chain_world.headers(who), chain_world.chain_id
    read = 401 if who == "anonymous" else 200
    write = 401 if who == "anonymous" else 200 if who in STAFF else 403
    assert api.get("/api/v1/chains/platforms", headers=h).status_code == read
    r = api.post("/api/v1/chains/platforms", json={"platforms": PLATFORMS[:1]}, headers=h)
    assert r.status_code == write
    gaps = api.get(f"/api/v1/chains/{cid}/platform-gaps?region=510000", headers=h)
    assert gaps.status_code == read
    node = api.get(f"/api/v1/chains/{cid}/nodes/cell/platforms?region=510000", headers=h)
    assert node.status_code == read
    aid = chain_world.ids["achievement"]
    assert (
        api.get(f"/api/v1/chains/{cid}/achievements/{aid}/platforms", headers=h).status_code == read
    )
