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


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


def test_deeply_nested_extra_is_refused_and_nothing_is_written(api: TestClient, login: Any) -> None:
    """Issue #12: a 260-level ``extra`` was saved although the request answered 500, and from
    then on GET /demands and GET /audit answered 500 for everyone."""
    login(Role.ADMIN)
    audit_before = api.get("/api/v1/audit", params={"limit": 1000}).json()
    response = api.post("/api/v1/demands", json={"title": "深层嵌套的需求", "extra": _nested(260)})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["details"][0]["field"] == "extra" and "嵌套层数过多" in error["message"]
    listing = api.get("/api/v1/demands")
    assert listing.status_code == 200 and listing.json()["total"] == 0
    audit = api.get("/api/v1/audit", params={"limit": 1000})
    assert audit.status_code == 200 and audit.json() == audit_before
    ok = api.post("/api/v1/demands", json={"title": "浅层嵌套的需求", "extra": _nested(16)})
    assert ok.status_code == 201, ok.text


def test_a_missing_reference_is_422_naming_the_field(api: TestClient, login: Any) -> None:
    login(Role.ADMIN)
    response = api.post("/api/v1/experts", json={"name": "王芳", "organisation_id": 424242})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert "organisation_id" in error["message"] and "不存在" in error["message"]
    assert api.get("/api/v1/experts").json()["total"] == 0


def test_moving_a_record_to_a_missing_organisation_is_422(api: TestClient, login: Any) -> None:
    login(Role.ADMIN)
    expert = api.post("/api/v1/experts", json={"name": "王芳"}).json()
    response = api.patch(f"/api/v1/experts/{expert['id']}", json={"organisation_id": 424242})
    assert response.status_code == 422, response.text
    assert "organisation_id" in response.json()["error"]["message"]
    assert api.get(f"/api/v1/experts/{expert['id']}").json()["organisation_id"] is None


def test_out_of_range_and_mistyped_query_parameters_are_422(api: TestClient, login: Any) -> None:
    """``limit=-1`` was a 500 on PostgreSQL and "no limit" on SQLite; an id filter given text
    was a 500 on PostgreSQL."""
    login(Role.ADMIN)
    for path, field in (
        ("/api/v1/audit?limit=-1", "limit"),
        ("/api/v1/engagements?limit=0", "limit"),
        ("/api/v1/watchlists/warnings?limit=100000", "limit"),
        ("/api/v1/experts?organisation_id=abc", "organisation_id"),
        ("/api/v1/patents/landscape?from=20182", "from"),
        ("/api/v1/search?q=x&limit=-5", "limit"),
    ):
        response = api.get(path)
        assert response.status_code == 422, (path, response.text)
        error = response.json()["error"]
        assert error["details"][0]["field"] == field and field in error["message"], path
    years = api.get("/api/v1/enterprise/portfolio?years=20x3")
    assert years.status_code == 422 and "years" in years.json()["error"]["message"]
