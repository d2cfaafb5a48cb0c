"""Numbers past what the database stores are the caller's mistake: 422 with a message, on
every route (the handler sits under all of them), never a 500."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from xinzhi.core.models import Role

HUGE = 2**70


def test_out_of_range_ids_answer_422_on_api_routes(api: TestClient, login: Any) -> None:
    login(Role.ADMIN)
    for method, path, body in (
        ("get", f"/api/v1/engagements/{HUGE}", None),
        ("get", f"/api/v1/engagements?demand_id={HUGE}", None),
        ("post", f"/api/v1/engagements/{HUGE}/stage", {"stage": "contacted"}),
        ("post", f"/api/v1/notifications/{HUGE}/read", None),
        ("get", f"/api/v1/demands/{HUGE}", None),
    ):
        response = getattr(api, method)(path, **({"json": body} if body else {}))
        assert response.status_code == 422, (path, response.text)
        assert "超出" in response.json()["error"]["message"]


def test_out_of_range_ids_answer_422_on_pages(client: TestClient) -> None:
    response = client.get(f"/demands/{HUGE}")
    assert response.status_code == 422 and "超出" in response.text
