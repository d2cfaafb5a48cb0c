"""A small world for 对接 tests: two organisations on the demand side, a university on the
candidate side, a public and a confidential demand, and one user per role (API tokens)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import make, make_user
from xinzhi.core import events
from xinzhi.core.db import Database
from xinzhi.core.events import Notice
from xinzhi.core.models import Role, User
from xinzhi.core.settings import Settings
from xinzhi.core.tokens import issue_token
from xinzhi.web.app import create_app

ROLES = (
    "admin",
    "broker",
    "broker2",
    "enterprise",
    "enterprise2",
    "researcher",
    "researcher2",
    "reviewer",
    "anonymous",
)
# Who sees an engagement between the enterprise's public demand and the university's achievement
# assigned to ``broker``: admins, that broker, and both parties' users.
SEES = frozenset({"admin", "broker", "enterprise", "researcher"})


@dataclass
class World:
    ids: dict[str, int]
    users: dict[str, int]
    tokens: dict[str, str]
    notices: list[Notice] = field(default_factory=list)

    def headers(self, who: str) -> dict[str, str]:
        token = self.tokens.get(who)
        return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    """The catalog part of the world (no users: fast)."""
    ids = {
        "ent_org": make(db, "organisations", name="苏州光能科技有限公司", region_code="320500"),
        "other_org": make(db, "organisations", name="无锡储能有限公司", region_code="320200"),
        "uni": make(
            db, "organisations", name="南京理工大学", kind="university", region_code="320100"
        ),
        "uni2": make(db, "organisations", name="合肥工业大学", kind="university"),
    }
    ids["demand"] = make(
        db,
        "demands",
        title="寻求钙钛矿电池封装技术",
        field="能源",
        region_code="320500",
        owner_org_id=ids["ent_org"],
    )
    ids["secret_demand"] = make(
        db,
        "demands",
        title="保密需求：电解液配方",
        field="能源",
        owner_org_id=ids["ent_org"],
        confidentiality="confidential",
    )
    ids["achievement"] = make(
        db, "achievements", title="钙钛矿柔性封装方法", field="能源", owner_org_id=ids["uni"]
    )
    ids["achievement2"] = make(
        db, "achievements", title="钙钛矿阻水膜", field="能源", owner_org_id=ids["uni"]
    )
    return ids


@pytest.fixture
def world(db: Database, ids: dict[str, int]) -> Iterator[World]:
    orgs = {
        "admin": None,
        "broker": None,
        "broker2": None,
        "enterprise": ids["ent_org"],
        "enterprise2": ids["other_org"],
        "researcher": ids["uni"],
        "researcher2": ids["uni2"],
        "reviewer": None,
    }
    users = {name: make_user(db, name, Role(name.rstrip("2")), org) for name, org in orgs.items()}
    tokens: dict[str, str] = {}
    with db.write() as session:
        for name, uid in users.items():
            tokens[name] = issue_token(session, session.get_one(User, uid))
    w = World(ids=ids, users=users, tokens=tokens)

    def listen(_session: object, notice: Notice) -> None:
        w.notices.append(notice)

    events.subscribe(Notice, listen)
    yield w
    events.unsubscribe(Notice, listen)


@pytest.fixture
def client(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as c:
        yield c


def create(client: TestClient, world: World, who: str = "broker", **body: Any) -> Any:
    payload = {
        "demand_id": world.ids["demand"],
        "candidate_type": "achievement",
        "candidate_id": world.ids["achievement"],
        **body,
    }
    return client.post("/api/v1/engagements", json=payload, headers=world.headers(who))


def advance(client: TestClient, world: World, eid: int, *stages: str, who: str = "broker") -> Any:
    response = None
    for stage in stages:
        response = client.post(
            f"/api/v1/engagements/{eid}/stage", json={"stage": stage}, headers=world.headers(who)
        )
        assert response.status_code == 200, response.text
    return response


CONTRACT = {
    "type": "transfer",
    "amount_wan": 120.0,
    "non_tech_amount_wan": 20.0,
    "signed_on": "2026-03-02",
    "expected_investment_wan": 500.0,
    "expected_output_wan": 3000.0,
    "milestones": [{"due_on": "2026-04-01", "amount_wan": 60.0}],
}
