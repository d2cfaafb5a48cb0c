"""Small factories for test data, written through the real services."""

from __future__ import annotations

from typing import Any

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.security import Principal, create_user, system_principal

ADMIN = system_principal("test")
PASSWORD = "correct-horse-battery"


def make(db: Database, entity: str, **values: Any) -> int:
    """Create one record as an admin and return its id."""
    spec = ENTITIES[entity]
    with db.write(actor="test") as session:
        obj = service.create_record(session, spec, ADMIN, spec.create.model_validate(values))
        return int(obj.id)


def make_user(db: Database, username: str, role: Role, organisation_id: int | None = None) -> int:
    with db.write(actor="test") as session:
        user = create_user(
            session,
            username=username,
            password=PASSWORD,
            role=role,
            organisation_id=organisation_id,
        )
        return user.id


def principal(user_id: int, username: str, role: Role, org: int | None = None) -> Principal:
    return Principal(user_id=user_id, username=username, role=role, organisation_id=org)


def make_matching_catalog(
    db: Database, *, secret: bool = False, expert: bool = False
) -> dict[str, int]:
    """A small catalog for matching tests: a demand, the achievement and patent that answer it,
    an unrelated achievement, two organisations; optionally a confidential achievement and an
    expert linked to the answering achievement (six, seven or eight searchable records)."""
    ids = {}
    ids["org"] = make(
        db, "organisations", name="苏州光能科技有限公司", kind="enterprise", region_code="320500"
    )
    ids["uni"] = make(
        db, "organisations", name="南京理工大学", kind="university", region_code="320100"
    )
    ids["demand"] = make(
        db,
        "demands",
        title="寻求钙钛矿太阳能电池封装技术",
        detail="现有钙钛矿电池组件在湿热环境下衰减快，希望封装后效率保持率达到90%以上，可中试。",
        field="能源",
        region_code="320500",
        owner_org_id=ids["org"],
    )
    ids["perovskite"] = make(
        db,
        "achievements",
        title="钙钛矿太阳能电池的柔性封装方法",
        summary="一种阻水阻氧的封装结构，湿热老化1000小时后效率保持率92%。",
        field="能源",
        trl=6,
        trl_scale="nasa",
        region_code="320100",
        owner_org_id=ids["uni"],
    )
    ids["wind"] = make(
        db, "achievements", title="风电叶片前缘防护涂层", summary="耐雨蚀涂层。", field="材料"
    )
    ids["patent"] = make(db, "patents", pub_no="CN1A", title="一种钙钛矿光伏组件的封装结构")
    if secret:
        ids["secret"] = make(
            db,
            "achievements",
            title="钙钛矿电池封装胶膜配方",
            summary="保密配方",
            field="能源",
            confidentiality="confidential",
            owner_org_id=ids["uni"],
        )
    if expert:
        from xinzhi.catalog.links import create_link
        from xinzhi.catalog.schemas import LinkCreate

        ids["expert"] = make(
            db, "experts", name="李明", title="教授", fields=["光伏"], organisation_id=ids["uni"]
        )
        link = LinkCreate(
            source_type="achievements",
            source_id=ids["perovskite"],
            target_type="experts",
            target_id=ids["expert"],
            relation="developed_by",
        )
        with db.write(actor="test") as session:
            create_link(session, ADMIN, link)
    return ids
