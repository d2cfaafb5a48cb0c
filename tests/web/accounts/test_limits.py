"""Failed log-ins are throttled per account and per address (429 + Retry-After, Chinese on the
page); anonymous search and matching are rate-limited per address; the log-in spends the same
Argon2 work whether or not the account exists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.clients import web_client
from tests.world import PASSWORD, World, csrf_token
from xinzhi.core import security
from xinzhi.core.db import Database
from xinzhi.core.ratelimit import SlidingWindow
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app


@pytest.fixture
def strict(settings: Settings, db: Database) -> Iterator[TestClient]:
    """An API client of an app with small limits."""
    tight = settings.model_copy(
        update={
            "login_failures_per_account": 3,
            "login_failures_per_address": 5,
            "anonymous_search_per_minute": 3,
            "anonymous_match_per_minute": 2,
        }
    )
    with web_client(create_app(tight), "api") as client:
        yield client


def _login(client: TestClient, username: str, password: str) -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_sliding_window_counts_per_key_and_forgets_old_events() -> None:
    now = [1000.0]
    window = SlidingWindow(limit=2, window=60, clock=lambda: now[0])
    assert window.hit("a") == 0 and window.hit("a") == 0
    assert window.hit("a") == 60  # the oldest event leaves the window in 60 s
    assert window.hit("b") == 0  # another key has its own count
    now[0] += 30
    assert window.retry_after("a") == 30
    now[0] += 30
    assert window.retry_after("a") == 0 and window.hit("a") == 0
    window.reset("a")
    assert window.retry_after("a") == 0
    assert SlidingWindow(limit=0, window=60).hit("a") == 0  # 0 switches the limit off


def test_wrong_passwords_are_throttled_per_account(strict: TestClient, world: World) -> None:
    name = world.account("owner")
    for _ in range(3):
        assert _login(strict, name, "wrong-password").status_code == 401
    refused = _login(strict, name, PASSWORD)  # even the right one, for now
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert strict.get("/api/v1/auth/me").json()["user_id"] is None


def test_wrong_passwords_are_throttled_per_address(strict: TestClient, world: World) -> None:
    for n in range(5):  # five different accounts, one guess each, from one address
        assert _login(strict, f"guess{n}", "wrong-password").status_code == 401
    assert _login(strict, world.account("broker"), PASSWORD).status_code == 429


def test_a_successful_login_clears_the_accounts_count(strict: TestClient, world: World) -> None:
    name = world.account("researcher")
    for _ in range(2):
        _login(strict, name, "wrong-password")
    assert _login(strict, name, PASSWORD).status_code == 200
    for _ in range(2):
        assert _login(strict, name, "wrong-password").status_code == 401


def test_the_login_page_says_in_chinese_when_to_try_again(
    settings: Settings, db: Database, world: World
) -> None:
    tight = settings.model_copy(update={"login_failures_per_account": 1})
    name = world.account("reviewer")
    with web_client(create_app(tight)) as client:
        form = {"username": name, "password": "wrong-password", "csrf_token": csrf_token(client)}
        assert client.post("/login", data=form).status_code == 401
        page = client.post("/login", data=form)
    assert page.status_code == 429
    assert "登录失败次数过多" in page.text and "秒后再试" in page.text
    assert int(page.headers["Retry-After"]) > 0


def test_unknown_and_known_users_cost_one_argon2_verification_each(
    monkeypatch: pytest.MonkeyPatch, db: Database, world: World
) -> None:
    seen: list[str] = []
    real = security.verify_password

    def counting(password_hash: str, password: str) -> bool:
        seen.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(security, "verify_password", counting)
    name = world.account("public")
    for username in (name, "no-such-user"):
        with pytest.raises(security.Unauthorized), db.write() as session:
            security.authenticate(session, username, "wrong-password")
    assert len(seen) == 2
    assert all(h.startswith("$argon2id$") for h in seen)  # the dummy hash has real parameters


def test_anonymous_search_is_rate_limited(strict: TestClient) -> None:
    for _ in range(3):
        assert strict.get("/api/v1/search", params={"q": "电池"}).status_code == 200
    refused = strict.get("/api/v1/search", params={"q": "电池"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    listed = strict.get("/api/v1/demands", params={"q": "电池"})
    assert listed.status_code == 429  # a list with a keyword is a search too
    assert strict.get("/api/v1/demands").status_code == 200  # a plain list is not


def test_anonymous_matching_is_rate_limited(strict: TestClient) -> None:
    body = {"text": "动力电池回收"}
    for _ in range(2):
        assert strict.post("/api/v1/match/text", json=body).status_code == 200
    assert strict.post("/api/v1/match/text", json=body).status_code == 429


def test_logged_in_users_are_not_limited_by_the_anonymous_limits(
    strict: TestClient, world: World
) -> None:
    assert _login(strict, world.account("broker"), PASSWORD).status_code == 200
    for _ in range(5):
        assert strict.get("/api/v1/search", params={"q": "电池"}).status_code == 200


def test_the_search_page_says_in_chinese_when_to_try_again(
    settings: Settings, db: Database
) -> None:
    tight = settings.model_copy(update={"anonymous_search_per_minute": 1})
    with web_client(create_app(tight)) as client:
        assert client.get("/search", params={"q": "电池"}).status_code == 200
        page = client.get("/search", params={"q": "电池"})
    assert page.status_code == 429
    assert "请求过于频繁" in page.text and "too many" not in page.text
