"""Logging in and out through the form, the session cookie, and CSRF on every POST form."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.world import PASSWORD, World, csrf_token, log_in


def test_login_sets_the_session_and_logout_clears_it(client: TestClient, world: World) -> None:
    log_in(client, world, "owner")
    home = client.get("/").text
    assert 'data-testid="user-badge"' in home and "企业用户" in home
    assert client.get("/api/v1/auth/me").json()["username"] == "owner"

    token = csrf_token(client, "/")
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert "您已退出登录" in client.get("/").text
    assert client.get("/api/v1/auth/me").json()["user_id"] is None


def test_wrong_password_is_refused_with_a_message(client: TestClient, world: World) -> None:
    world.account("owner")
    token = csrf_token(client)
    response = client.post(
        "/login", data={"username": "owner", "password": "not-the-one", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text
    assert 'value="owner"' in response.text  # the username stays filled in
    assert client.get("/api/v1/auth/me").json()["user_id"] is None


def test_login_returns_to_the_page_asked_for_but_never_off_site(
    client: TestClient, world: World
) -> None:
    world.account("broker")
    login_page = client.get("/login", params={"next": "/jobs"}).text
    assert 'name="next" value="/jobs"' in login_page
    for target, expected in (("/jobs", "/jobs"), ("https://evil.example/", "/"), ("//x.y", "/")):
        client.cookies.clear()
        token = csrf_token(client)
        response = client.post(
            "/login",
            data={"username": "broker", "password": PASSWORD, "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_login_keeps_the_chosen_language_and_renews_the_csrf_token(
    client: TestClient, world: World
) -> None:
    client.get("/lang/en")
    before = csrf_token(client)
    log_in(client, world, "admin")
    assert '<html lang="en">' in client.get("/").text
    assert csrf_token(client, "/") != before


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_post_forms_without_the_session_token_are_refused(
    client: TestClient, world: World, token: str | None
) -> None:
    world.account("admin")
    csrf_token(client)  # the session has a token; the requests below do not carry it
    data = {"username": "admin", "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/login", data=data)
    assert response.status_code == 403
    assert "表单已过期" in response.text
    assert client.get("/api/v1/auth/me").json()["user_id"] is None


def test_every_page_form_that_posts_carries_a_csrf_token(client: TestClient, world: World) -> None:
    log_in(client, world, "admin")
    pages = ["/", "/login", "/import", "/demands/new", f"/demands/{world.records['public_demand']}"]
    pages.append(f"/demands/{world.records['public_demand']}/edit")
    for path in pages:
        html = client.get(path).text
        for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
            assert 'name="csrf_token"' in form, (path, form[:200])


def test_record_and_logout_posts_check_csrf_too(client: TestClient, world: World) -> None:
    log_in(client, world, "admin")
    demand = world.records["public_demand"]
    edit = client.post(f"/demands/{demand}/edit", data={"title": "被篡改的标题"})
    assert edit.status_code == 403
    assert "被篡改的标题" not in client.get(f"/demands/{demand}").text
    assert client.post("/logout", data={}).status_code == 403
    assert client.post("/demands/new", data={"title": "伪造"}).status_code == 403


def test_htmx_requests_may_send_the_token_as_a_header(client: TestClient, world: World) -> None:
    log_in(client, world, "admin")
    token = csrf_token(client, "/")
    response = client.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert response.status_code == 303


def test_api_errors_stay_json_and_pages_get_html(client: TestClient) -> None:
    api = client.get("/api/v1/demands/424242")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    page = client.get("/demands/424242")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "页面或记录不存在" in page.text
    assert client.get("/no/such/page").status_code == 404
