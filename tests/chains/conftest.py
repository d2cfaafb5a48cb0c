"""A small chain world: a five-node 光伏-like chain written for the tests, patents in two
provinces with IPC codes and titles, organisations with tiers, an achievement, an expert, a
public and a confidential demand, and one API token per role (six roles; anonymous has none)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.clients import web_client
from tests.factories import make, make_user
from xinzhi.chains import service, spec
from xinzhi.core.db import Database
from xinzhi.core.models import Role, User
from xinzhi.core.settings import Settings
from xinzhi.core.tokens import issue_token
from xinzhi.web.app import create_app

ROLES = ("admin", "broker", "enterprise", "researcher", "reviewer", "public", "anonymous")
STAFF = frozenset({"admin", "broker"})

CHAIN: dict[str, Any] = {
    "name": "测试光伏",
    "nodes": [
        {"key": "poly", "name": "多晶硅", "stage": "上游", "keywords": ["多晶硅"],
         "ipc": ["C01B33/02", "C01B33/03"]},
        {"key": "cell", "name": "电池片", "stage": "中游", "upstream": ["poly"],
         "keywords": ["太阳能电池", "电池片"], "ipc": ["H01L31/18"]},
        {"key": "film", "name": "胶膜", "stage": "upstream", "keywords": ["胶膜"]},
        {"key": "module", "name": "组件", "stage": "midstream", "upstream": ["cell", "film"],
         "keywords": ["光伏组件", "太阳能电池组件"], "ipc": ["H01L31/042"], "flagship": True},
        {"key": "station", "name": "电站", "stage": "下游", "upstream": ["module"],
         "keywords": ["光伏电站"]},
    ],
}  # fmt: skip


@dataclass
class World:
    ids: dict[str, int]
    tokens: dict[str, str]
    chain_id: int

    def headers(self, who: str) -> dict[str, str]:
        token = self.tokens.get(who)
        return {"Authorization": f"Bearer {token}"} if token else {}


def chain_file(tmp_path: Path, data: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "chain.yaml"
    path.write_text(yaml.safe_dump(data or CHAIN, allow_unicode=True), encoding="utf-8")
    return path


def _patent(db: Database, n: int, title: str, province: str, applicant: str, **more: Any) -> int:
    return make(
        db, "patents", pub_no=f"CN1000{n:04d}A", title=title, province=province,
        applicants=[applicant], app_date=more.pop("app_date", "2016-05-01"), **more,
    )  # fmt: skip


def catalog(db: Database) -> dict[str, int]:
    ids = {
        "sc_ent": make(db, "organisations", name="成都光伏组件有限公司", region_code="510100",
                       extra={"tiers": ["专精特新", "高企"]}),
        "js_ent": make(db, "organisations", name="苏州多晶硅有限公司", region_code="320500"),
        "uni": make(db, "organisations", name="四川能源大学", kind="university",
                    region_code="510100", description="太阳能电池与光伏组件研究"),
    }  # fmt: skip
    ids["p1"] = _patent(db, 1, "一种光伏组件的层压方法", "四川", "成都光伏组件有限公司")
    ids["p2"] = _patent(db, 2, "一种太阳能电池组件边框", "四川", "成都光伏组件有限公司")
    ids["p3"] = _patent(db, 3, "改良多晶硅还原炉", "江苏", "苏州多晶硅有限公司",
                        ipc_main="C01B33/035", ipc=["C01B33/035"])  # fmt: skip
    ids["p4"] = _patent(
        db, 4, "一种提纯方法", "江苏", "苏州多晶硅有限公司",
        ipc_main="C01B33/037", ipc=["C01B33/037"], app_date="2012-03-01",
    )  # fmt: skip
    ids["p5"] = _patent(db, 5, "高效太阳能电池的制绒方法", "江苏", "苏州多晶硅有限公司")
    ids["p6"] = _patent(db, 6, "一种煤气化炉", "四川", "成都煤化工有限公司")
    ids["achievement"] = make(
        db,
        "achievements",
        title="钙钛矿太阳能电池中试工艺",
        trl=5,
        trl_scale="gbt",
        owner_org_id=ids["uni"],
    )
    ids["expert"] = make(
        db, "experts", name="李明", fields=["光伏组件", "可靠性"], organisation_id=ids["uni"]
    )
    ids["demand"] = make(
        db, "demands", title="寻求光伏电站智能运维方案", region_code="510100",
        owner_org_id=ids["sc_ent"],
    )  # fmt: skip
    ids["secret"] = make(
        db, "demands", title="保密：光伏组件隐裂检测", region_code="510100",
        owner_org_id=ids["sc_ent"], confidentiality="confidential",
    )  # fmt: skip
    return ids


@pytest.fixture
def placed(db: Database) -> World:
    """The catalog and the test chain, placed (no accounts: fast)."""
    ids = catalog(db)
    with db.write(actor="test") as session:
        chain = service.import_chain(session, spec.validate(CHAIN))
        service.place_chain(session, chain)
        chain_id = chain.id
    return World(ids, {}, chain_id)


@pytest.fixture
def chain_world(db: Database, placed: World) -> World:
    """``placed`` plus one API token per role."""
    orgs = {"enterprise": placed.ids["sc_ent"], "researcher": placed.ids["uni"]}
    for role in ROLES[:-1]:
        uid = make_user(db, role, Role(role), orgs.get(role))
        with db.write() as session:
            placed.tokens[role] = issue_token(session, session.get_one(User, uid))
    return placed


@pytest.fixture
def api(settings: Settings, db: Database) -> Iterator[TestClient]:
    with web_client(create_app(settings), "api") as client:
        yield client
