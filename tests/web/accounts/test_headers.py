"""Security headers on every page and API response, for every role; no inline script in any
template, so the Content-Security-Policy can allow scripts from this site only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.clients import ClientAs, web_client
from tests.world import World
from xinzhi.web.headers import CSP

ROLES = [None, "admin", "broker", "owner", "researcher", "reviewer", "public"]
TEMPLATES = Path(__file__).resolve().parents[3] / "src" / "xinzhi" / "common" / "web" / "templates"
PATHS = [
    "/",
    "/demands",
    "/search?q=电池",
    "/api/v1/health",
    "/api/v1/demands",
    "/static/js/xinzhi.js",
    "/no-such-page",
    "/api/v1/demands/not-a-number",
]


def _assert_secure(response_headers: dict[str, str], where: str) -> None:
    csp = response_headers.get("content-security-policy", "")
    assert "script-src 'self';" in csp, where
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, where
    assert response_headers.get("x-frame-options") == "DENY", where
    assert response_headers.get("x-content-type-options") == "nosniff", where
    assert response_headers.get("referrer-policy") == "strict-origin-when-cross-origin", where


@pytest.mark.parametrize("name", ROLES, ids=lambda n: n or "anonymous")
def test_every_response_carries_the_security_headers(
    client_as: ClientAs, world: World, name: str | None
) -> None:
    client = client_as(name)
    for path in PATHS:
        response = client.get(path)
        assert response.status_code < 500, path
        _assert_secure(dict(response.headers), f"{name} {path} {response.status_code}")


def test_a_refused_post_and_a_validation_error_carry_them_too(client: TestClient) -> None:
    for response in (
        client.post("/logout", data={}),  # CSRF refusal, 403
        client.post("/api/v1/auth/login", json={}),  # 422
    ):
        assert response.status_code in (403, 422)
        _assert_secure(dict(response.headers), str(response.status_code))


def test_even_an_unexpected_500_carries_them(app: FastAPI) -> None:
    def boom() -> None:
        raise RuntimeError("unexpected")

    app.add_api_route("/api/v1/boom-for-test", boom)
    with web_client(app, "api", raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom-for-test")
    assert response.status_code == 500
    _assert_secure(dict(response.headers), "500")


def test_scripts_only_from_this_site() -> None:
    assert "'unsafe-inline'" not in CSP.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in CSP


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_inline_script_or_event_handler_in_templates(template: str) -> None:
    html = (TEMPLATES / template).read_text(encoding="utf-8")
    inline_scripts = [m for m in re.findall(r"<script\b([^>]*)>", html) if "src=" not in m]
    assert inline_scripts == [], "move inline scripts to /static/js"
    assert not re.search(r"\son[a-z]+\s*=", html), "event handler attribute (onclick=…)"
    assert "javascript:" not in html
    assert "hx-on" not in html  # htmx's inline handlers are scripts too
