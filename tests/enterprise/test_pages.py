"""The 企业服务 page: assess a pasted profile, edit a stored one, add a local policy."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.world import World, csrf_token, log_in
from xinzhi.enterprise.pages import EXAMPLE

EXAMPLE_JSON = json.dumps(EXAMPLE, ensure_ascii=False)


def test_page_assesses_a_pasted_profile(client: TestClient) -> None:
    page = client.get("/enterprise")
    assert page.status_code == 200 and "企业服务" in page.text
    token = csrf_token(client, "/enterprise/profiles/new")
    response = client.post("/enterprise/assess", data={"profile": EXAMPLE_JSON,
                           "rules": "miit-2022", "mode": "new", "csrf_token": token})  # fmt: skip
    assert response.status_code == 200, response.text
    assert 'data-testid="tier-innovative_sme"' in response.text
    assert "差距与建议" in response.text and 'data-testid="risk-level"' in response.text


def test_bad_json_is_shown_not_crashed(client: TestClient) -> None:
    token = csrf_token(client, "/enterprise/profiles/new")
    response = client.post("/enterprise/assess", data={"profile": "{", "csrf_token": token})
    assert response.status_code == 422 and 'data-testid="enterprise-error"' in response.text


def test_staff_saves_and_edits_a_profile_and_adds_a_policy(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    token = csrf_token(client, "/enterprise/profiles/new")
    saved = client.post("/enterprise/profiles", data={"profile": EXAMPLE_JSON, "csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    detail = client.get(saved.headers["location"])
    assert detail.status_code == 200 and "编辑企业画像" in detail.text
    conditions = json.dumps({"regions": ["44"]})
    added = client.post("/enterprise/policies", data={"title": "深圳地方政策", "conditions":
                        conditions, "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert added.status_code == 303
    assert "深圳地方政策" in client.get(saved.headers["location"]).text


def test_public_cannot_open_the_policy_form(client: TestClient) -> None:
    assert client.get("/enterprise/policies/new").status_code in (401, 403)
