"""A small, realistic catalog and one account per role, shared by page and browser tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.security import create_user, system_principal

PASSWORD = "correct-horse-42"
CONFIDENTIAL_TITLE = "固态电池电解质界面阻抗降低技术需求"
CONFIDENTIAL_QUERY = "固态电池"
PUBLIC_DEMAND_TITLE = "工业机器人精密减速器寿命提升"
ACHIEVEMENT_TITLE = "退役锂离子电池正极材料回收再生技术"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    """Ids of the records and the usernames of the accounts the tests use."""

    orgs: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)


def _create(db: Database, entity: str, data: dict[str, object]) -> int:
    shape = ENTITIES[entity].create
    with db.write(actor="test") as session:
        obj = service.create_record(
            session, ENTITIES[entity], system_principal("test"), shape.model_validate(data)
        )
        return int(obj.id)


def make_world(db: Database) -> World:
    world = World()
    world.orgs["owner"] = _create(
        db, "organisations", {"name": "绿能电池科技有限公司", "kind": "enterprise"}
    )
    world.orgs["other"] = _create(
        db, "organisations", {"name": "华科精密制造有限公司", "kind": "enterprise"}
    )
    world.orgs["university"] = _create(
        db, "organisations", {"name": "江南理工大学", "kind": "university"}
    )
    world.records["secret_demand"] = _create(
        db,
        "demands",
        {
            "title": CONFIDENTIAL_TITLE,
            "detail": "需要将固态电池电解质与电极的界面阻抗降低到现有水平的一半。",
            "field": "新能源",
            "keywords": ["固态电池", "界面阻抗"],
            "owner_org_id": world.orgs["owner"],
            "confidentiality": "confidential",
            "budget_text": "200-500万元",
        },
    )
    world.records["public_demand"] = _create(
        db,
        "demands",
        {
            "title": PUBLIC_DEMAND_TITLE,
            "detail": "RV 减速器在连续运行 6000 小时后精度下降，需要材料与热处理方案。",
            "field": "高端装备",
            "keywords": ["减速器", "热处理"],
            "owner_org_id": world.orgs["other"],
        },
    )
    world.records["achievement"] = _create(
        db,
        "achievements",
        {
            "title": ACHIEVEMENT_TITLE,
            "summary": "湿法冶金与直接再生结合，镍钴锰回收率超过 98%。",
            "field": "新能源",
            "keywords": ["电池回收", "正极材料"],
            "trl": 6,
            "trl_scale": "gbt",
            "owner_org_id": world.orgs["university"],
        },
    )
    world.records["patent"] = _create(
        db,
        "patents",
        {
            "pub_no": "CN115000001A",
            "title": "一种锂电池隔膜的制备方法",
            "applicants": ["江南理工大学"],
            "province": "江苏",
        },
    )
    world.records["expert"] = _create(
        db,
        "experts",
        {
            "name": "张伟",
            "title": "教授",
            "fields": ["储能", "电池材料"],
            "organisation_id": world.orgs["university"],
        },
    )
    world.records["policy"] = _create(
        db,
        "policies",
        {"title": "关于支持专精特新中小企业高质量发展的若干措施", "issuer": "省工业和信息化厅"},
    )
    accounts = {
        "admin": (Role.ADMIN, None),
        "broker": (Role.BROKER, None),
        "owner": (Role.ENTERPRISE, world.orgs["owner"]),
        "other": (Role.ENTERPRISE, world.orgs["other"]),
        "researcher": (Role.RESEARCHER, world.orgs["university"]),
        "reviewer": (Role.REVIEWER, None),
        "public": (Role.PUBLIC, None),
    }
    with db.write(actor="test") as session:
        for name, (role, org) in accounts.items():
            create_user(session, username=name, password=PASSWORD, role=role, organisation_id=org)
            world.users[name] = name
    return world


def csrf_token(client: TestClient, path: str = "/login") -> str:
    """The session's CSRF token, as a page's form carries it."""
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
