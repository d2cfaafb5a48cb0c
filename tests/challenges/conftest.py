"""A small world for 揭榜挂帅 tests: an enterprise and a university in 安徽 (34), an enterprise
in 江苏 (32), an institute, a reviewer organisation; one user per role and five reviewers
(API tokens), and helpers that walk a challenge along its lifecycle."""

from __future__ import annotations

import datetime as dt
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

FUTURE = (dt.date.today() + dt.timedelta(days=60)).isoformat()
ROLES = (
    "admin",
    "broker",
    "enterprise",
    "enterprise2",
    "researcher",
    "reviewer",
    "public",
    "anonymous",
)
STAFF = frozenset({"admin", "broker"})
REVIEWERS = ("reviewer", "reviewer2", "reviewer3", "reviewer4", "reviewer5")
TEAM_NAMES = ("合肥智能装备有限公司", "中国科学技术大学", "合肥物质科学研究院")


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
    return {
        "ent": make(
            db, "organisations", name=TEAM_NAMES[0], kind="enterprise", region_code="340100"
        ),
        "uni": make(
            db, "organisations", name=TEAM_NAMES[1], kind="university", region_code="340100"
        ),
        "inst": make(
            db, "organisations", name=TEAM_NAMES[2], kind="institute", region_code="340100"
        ),
        "ent2": make(
            db,
            "organisations",
            name="苏州精密机械有限公司",
            kind="enterprise",
            region_code="320500",
        ),
        "rev_org": make(
            db, "organisations", name="南京评审咨询中心", kind="other", region_code="320100"
        ),
    }


@pytest.fixture
def world(db: Database, ids: dict[str, int]) -> Iterator[World]:
    orgs: dict[str, tuple[Role, int | None]] = {
        "admin": (Role.ADMIN, None),
        "broker": (Role.BROKER, None),
        "enterprise": (Role.ENTERPRISE, ids["ent"]),
        "enterprise2": (Role.ENTERPRISE, ids["ent2"]),
        "researcher": (Role.RESEARCHER, ids["uni"]),
        "public": (Role.PUBLIC, None),
        **{name: (Role.REVIEWER, ids["rev_org"]) for name in REVIEWERS},
    }
    users = {name: make_user(db, name, role, org) for name, (role, org) in orgs.items()}
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


RUBRIC = [
    {"criterion": "技术先进性", "weight": 0.4},
    {"criterion": "可行性", "weight": 0.35},
    {"criterion": "团队能力", "weight": 0.25},
]


def challenge_body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "高精度谐波减速器寿命提升攻关",
        "goal": "额定负载下寿命达到 10000 小时，传动精度不低于 1 弧分",
        "field": "智能制造",
        "budget_wan": 500.0,
        "deadline": FUTURE,
        "blind": True,
        "rubric": RUBRIC,
        **extra,
    }


def call(client: TestClient, world: World, who: str, method: str, url: str, **kwargs: Any) -> Any:
    return client.request(method, url, headers=world.headers(who), **kwargs)


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def create_challenge(client: TestClient, world: World, **extra: Any) -> int:
    body = challenge_body(**extra)
    return int(ok(call(client, world, "admin", "POST", "/api/v1/challenges", json=body), 201)["id"])


def move(client: TestClient, world: World, cid: int, *statuses: str) -> None:
    for status in statuses:
        ok(
            call(
                client,
                world,
                "admin",
                "POST",
                f"/api/v1/challenges/{cid}/status",
                json={"status": status},
            )
        )


def apply(client: TestClient, world: World, cid: int, who: str = "enterprise", **extra: Any) -> Any:
    lead = world.ids["ent"] if who == "enterprise" else world.ids["ent2"]
    if who == "researcher":
        lead = world.ids["uni"]
    body = {"lead_org_id": lead, "members": [], "proposal": "采用新型柔轮材料与齿形修形", **extra}
    return call(client, world, who, "POST", f"/api/v1/challenges/{cid}/applications", json=body)


def team_application(client: TestClient, world: World, cid: int) -> int:
    """The 产学研 team: enterprise lead with the university and the institute."""
    members = [
        {"organisation_id": world.ids["uni"], "role": "member", "share": 0.3},
        {"organisation_id": world.ids["inst"], "role": "member", "share": 0.2},
    ]
    proposal = f"由{TEAM_NAMES[0]}牵头，联合{TEAM_NAMES[1]}与{TEAM_NAMES[2]}攻关柔轮疲劳寿命。"
    return int(ok(apply(client, world, cid, members=members, proposal=proposal), 201)["id"])


def assign(client: TestClient, world: World, cid: int, *who: str) -> None:
    for name in who:
        ok(
            call(
                client,
                world,
                "admin",
                "POST",
                f"/api/v1/challenges/{cid}/reviewers",
                json={"user_id": world.users[name]},
            ),
            201,
        )


def score(
    client: TestClient,
    world: World,
    who: str,
    aid: int,
    values: list[float],
    round_: str = "review",
    comment: str = "",
) -> Any:
    scores = {c["criterion"]: v for c, v in zip(RUBRIC, values, strict=True)}
    body = {"scores": scores, "round": round_, "comment": comment}
    return call(client, world, who, "PUT", f"/api/v1/applications/{aid}/scores", json=body)
