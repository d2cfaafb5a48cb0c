"""Logging out ends the session on the server; sessions and API tokens are listed and revoked
through the API, the page 我的登录会话/令牌 and the CLI, for every role."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tests.clients import ClientAs, Login, run_cli
from tests.world import World, csrf_token, log_in
from xinzhi.core.db import Database
from xinzhi.core.models import ApiToken, Role, utcnow
from xinzhi.core.settings import Settings

ROLES = ["admin", "broker", "owner", "researcher", "reviewer", "public"]
COOKIE = "xinzhi_session"


def _me(client: TestClient) -> int | None:
    user_id: int | None = client.get("/api/v1/auth/me").json()["user_id"]
    return user_id


@pytest.mark.parametrize("name", ROLES)
def test_a_copied_cookie_stops_working_after_logout(
    client: TestClient, client_as: ClientAs, world: World, name: str
) -> None:
    log_in(client, world, name)
    stolen = client.cookies.get(COOKIE)
    assert stolen and _me(client) is not None

    thief = client_as(None)
    thief.cookies.set(COOKIE, stolen)
    assert _me(thief) == _me(client)  # the copy works while the session is open

    out = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert out.status_code == 200
    assert _me(client) is None
    assert _me(thief) is None  # the server forgot the session: the copy is dead too


def test_api_logout_ends_the_session_on_the_server(api: TestClient, login: Login) -> None:
    login(Role.RESEARCHER)
    stolen = api.cookies.get(COOKIE)
    assert stolen
    assert api.post("/api/v1/auth/logout").status_code == 204
    api.cookies.set(COOKIE, stolen)
    assert api.get("/api/v1/auth/me").json()["user_id"] is None
    assert api.get("/api/v1/auth/tokens").status_code == 401


def test_tokens_and_sessions_are_listed_and_revoked_through_the_api(
    api: TestClient, login: Login
) -> None:
    login(Role.BROKER)
    token = api.post("/api/v1/auth/tokens", json={"name": "脚本"}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/auth/me", headers=bearer).json()["role"] == "broker"

    listed = api.get("/api/v1/auth/tokens").json()
    kinds = sorted((row["kind"], row["current"]) for row in listed)
    assert kinds == [("api", False), ("session", True)]
    assert all("token_hash" not in row and "token" not in row for row in listed)

    token_id = next(row["id"] for row in listed if row["kind"] == "api")
    assert api.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 204
    refused = api.get("/api/v1/auth/me", headers=bearer)
    assert refused.status_code == 401
    assert [row["kind"] for row in api.get("/api/v1/auth/tokens").json()] == ["session"]


def test_only_the_owner_or_an_admin_revokes_a_token(api: TestClient, login: Login) -> None:
    login(Role.ENTERPRISE)
    api.post("/api/v1/auth/tokens", json={"name": "owned"})
    token_id = next(r["id"] for r in api.get("/api/v1/auth/tokens").json() if r["kind"] == "api")
    login(Role.REVIEWER)
    assert api.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 404
    assert api.get("/api/v1/auth/tokens", params={"user_id": 1}).status_code == 403
    login(Role.ADMIN)
    assert api.delete(f"/api/v1/auth/tokens/{token_id}").status_code == 204


@pytest.mark.parametrize("name", ROLES)
def test_the_sessions_page_lists_and_revokes_another_session(
    client: TestClient, client_as: ClientAs, world: World, name: str
) -> None:
    log_in(client, world, name)
    laptop = client_as(name)  # the same account logged in elsewhere
    page = client.get("/account/sessions")
    assert page.status_code == 200
    assert "我的登录会话/令牌" in page.text and "当前会话" in page.text
    assert page.text.count('data-testid="session-row"') == 2

    answer = client.post(
        "/account/sessions/revoke_others", data={"csrf_token": csrf_token(client, "/")}
    )
    assert answer.status_code == 200 and "已撤销" in answer.text
    assert _me(laptop) is None
    assert _me(client) is not None
    assert client.get("/account/sessions").text.count('data-testid="session-row"') == 1


def test_the_sessions_page_makes_a_token_shown_once(client: TestClient, world: World) -> None:
    log_in(client, world, "researcher")
    made = client.post(
        "/account/tokens", data={"csrf_token": csrf_token(client, "/"), "name": "统计脚本"}
    )
    assert made.status_code == 200 and 'data-testid="new-token"' in made.text
    token = made.text.split("<code>")[1].split("</code>")[0]
    assert token.startswith("xz_")
    later = client.get("/account/sessions").text
    assert "统计脚本" in later and token not in later


def test_the_sessions_page_needs_a_login(client: TestClient) -> None:
    assert client.get("/account/sessions").status_code == 401


def test_cli_lists_and_revokes_tokens(settings: Settings, api: TestClient, login: Login) -> None:
    login(Role.ENTERPRISE)
    username = api.get("/api/v1/auth/me").json()["username"]
    token = api.post("/api/v1/auth/tokens", json={"name": "ci"}).json()["token"]

    listed = run_cli(settings, "users", "tokens", "list", username, "--json")
    assert listed.exit_code == 0, listed.output
    assert "ci" in listed.output and token not in listed.output

    revoked = run_cli(settings, "users", "tokens", "revoke", "--all", username)
    assert revoked.exit_code == 0 and "revoked 2" in revoked.output
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/auth/me", headers=bearer).status_code == 401
    assert api.get("/api/v1/auth/me").json()["user_id"] is None  # the web session ended too


def test_a_new_password_ends_the_accounts_sessions(
    settings: Settings, client: TestClient, world: World
) -> None:
    log_in(client, world, "owner")
    changed = run_cli(settings, "users", "set-password", "owner", "--password", "a-new-password-1")
    assert changed.exit_code == 0, changed.output
    assert _me(client) is None
    log_in(client, world, "owner", password="a-new-password-1")
    assert _me(client) is not None


def test_an_expired_session_does_not_authenticate_and_is_purged(
    client: TestClient, world: World, db: Database
) -> None:
    from huey import MemoryHuey

    from xinzhi.core.housekeeping import purge_sessions

    log_in(client, world, "reviewer")
    with db.write() as session:
        session.execute(update(ApiToken).values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    assert _me(client) is None
    assert purge_sessions(db, MemoryHuey("unused")) == 1
    with db.read() as session:
        assert session.scalars(select(ApiToken)).all() == []
