"""The inbox API: every endpoint answers only about the caller's own items, for each of the six
roles (staff included: an inbox is private); anonymous callers get 401."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.notifications.conftest import ROLES, notify
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.notifications.models import Notification

ENDPOINTS = [
    ("get", "/api/v1/notifications"),
    ("get", "/api/v1/notifications/unread_count"),
    ("post", "/api/v1/notifications/1/read"),
    ("post", "/api/v1/notifications/read_all"),
    ("get", "/api/v1/notifications/settings"),
    ("put", "/api/v1/notifications/settings"),
]


def _ids(db: Database, user_id: int) -> list[int]:
    with db.read() as session:
        return list(session.scalars(select(Notification.id).where(Notification.user_id == user_id)))


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_anonymous_callers_get_401_on_every_endpoint(
    api: TestClient, method: str, path: str
) -> None:
    response = api.request(method, path, json={} if method == "put" else None)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_reads_and_counts_only_its_own_notifications(
    api: TestClient,
    db: Database,
    accounts: dict[Role, int],
    login: Callable[[str], None],
    role: Role,
) -> None:
    me = accounts[role]
    others = tuple(uid for r, uid in accounts.items() if r != role)
    notify(db, "match.new", (me,), "我的匹配")
    notify(db, "engagement.stage", (me,), "我的对接")
    notify(db, "watch.warning", others, "别人的预警")
    login(role.value)

    listed = api.get("/api/v1/notifications").json()
    assert [n["title"] for n in listed["items"]] == ["我的对接", "我的匹配"]
    assert (listed["total"], listed["unread"]) == (2, 2)
    assert listed["items"][0]["kind_label"] == "对接阶段变化"
    assert api.get("/api/v1/notifications/unread_count").json() == {"unread": 2}

    foreign = _ids(db, others[0])[0]
    missing = api.post(f"/api/v1/notifications/{foreign}/read")
    assert missing.status_code == 404
    assert api.post("/api/v1/notifications/read_all").json() == {"marked": 2}
    assert api.get("/api/v1/notifications/unread_count").json() == {"unread": 0}
    # the others' notifications are untouched
    login(Role.ADMIN.value if role != Role.ADMIN else Role.BROKER.value)
    assert api.get("/api/v1/notifications/unread_count").json() == {"unread": 1}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_and_changes_only_its_own_settings(
    api: TestClient, accounts: dict[Role, int], login: Callable[[str], None], role: Role
) -> None:
    login(role.value)
    change = {"kinds": [{"kind": "match.new", "email": True}], "digest": "daily"}
    changed = api.put("/api/v1/notifications/settings", json=change)
    assert changed.status_code == 200, changed.text
    other = Role.PUBLIC if role != Role.PUBLIC else Role.ADMIN
    login(other.value)
    theirs = api.get("/api/v1/notifications/settings").json()
    assert theirs["digest"] == "none"
    assert {k["kind"]: k["email"] for k in theirs["kinds"]}["match.new"] is False


def test_mark_one_read_and_filter_unread(
    api: TestClient, db: Database, accounts: dict[Role, int], login: Callable[[str], None]
) -> None:
    me = accounts[Role.ENTERPRISE]
    for i in range(3):
        notify(db, "match.new", (me,), f"匹配 {i}", link=f"/demands/{i}")
    login("enterprise")
    first = _ids(db, me)[0]
    read = api.post(f"/api/v1/notifications/{first}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    again = api.post(f"/api/v1/notifications/{first}/read")  # idempotent
    assert again.json()["read_at"] == read.json()["read_at"]
    unread = api.get("/api/v1/notifications", params={"unread": 1}).json()
    assert [n["title"] for n in unread["items"]] == ["匹配 2", "匹配 1"]
    assert api.get("/api/v1/notifications/999999/read").status_code == 405


def test_paging_keeps_the_newest_first(
    api: TestClient, db: Database, accounts: dict[Role, int], login: Callable[[str], None]
) -> None:
    me = accounts[Role.RESEARCHER]
    for i in range(5):
        notify(db, "match.new", (me,), f"匹配 {i}")
    login("researcher")
    second = api.get("/api/v1/notifications", params={"page": 2, "size": 2}).json()
    assert [n["title"] for n in second["items"]] == ["匹配 2", "匹配 1"]
    assert (second["total"], second["page"], second["size"]) == (5, 2, 2)
    assert api.get("/api/v1/notifications", params={"page": 0}).status_code == 422


def test_settings_defaults_and_refusals_name_the_field(
    api: TestClient, accounts: dict[Role, int], login: Callable[[str], None]
) -> None:
    login("broker")
    settings = api.get("/api/v1/notifications/settings").json()
    assert all(k["inbox"] and not k["email"] for k in settings["kinds"])
    assert {k["kind"] for k in settings["kinds"]} >= {"match.new", "watch.warning"}
    assert settings["email"] == ""
    unknown = api.put("/api/v1/notifications/settings", json={"kinds": [{"kind": "nope"}]})
    assert unknown.status_code == 422 and "nope" in unknown.json()["error"]["message"]
    bad = api.put("/api/v1/notifications/settings", json={"email": "not-an-address"})
    assert bad.status_code == 422 and "email" in bad.text
    good = api.put("/api/v1/notifications/settings", json={"email": "broker@example.cn"})
    assert good.json()["email"] == "broker@example.cn"
