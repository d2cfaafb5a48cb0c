"""REST API: CRUD per entity, pagination, Chinese search, auth, one error envelope."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.clients import web_client
from tests.factories import make
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.models import Role


def assert_envelope(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_openapi_documents_crud_for_every_entity(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for name in ENTITIES:
        assert set(paths[f"/api/v1/{name}"]) == {"get", "post"}
        assert set(paths[f"/api/v1/{name}/{{record_id}}"]) == {"get", "patch", "delete"}


def test_broker_creates_updates_lists_and_deletes_a_demand(api: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    login(Role.BROKER)
    created = api.post("/api/v1/demands", json={"title": "五轴机床热误差补偿", "field": "高端装备"})
    assert created.status_code == 201
    demand_id = created.json()["id"]
    patched = api.patch(f"/api/v1/demands/{demand_id}", json={"budget_max_wan": 300})
    assert patched.json()["budget_max_wan"] == 300
    listed = api.get("/api/v1/demands", params={"field": "高端装备"}).json()
    assert listed["total"] == 1 and listed["items"][0]["title"] == "五轴机床热误差补偿"
    assert api.delete(f"/api/v1/demands/{demand_id}").status_code == 204
    assert_envelope(api.get(f"/api/v1/demands/{demand_id}"), 404, "not_found")


def test_pagination_and_page_size_cap(api: TestClient, db: Database, settings) -> None:  # type: ignore[no-untyped-def]
    for i in range(25):
        make(db, "achievements", title=f"成果{i:02d}")
    first = api.get("/api/v1/achievements", params={"size": 10}).json()
    third = api.get("/api/v1/achievements", params={"size": 10, "page": 3}).json()
    assert first["total"] == 25 and len(first["items"]) == 10 and len(third["items"]) == 5
    capped = api.get("/api/v1/achievements", params={"size": 100000}).json()
    assert capped["size"] == settings.page_size_max


def test_search_ranks_chinese_matches_across_types(api: TestClient, db: Database) -> None:
    make(db, "demands", title="退役动力电池快速分选", detail="锂电池回收")
    make(db, "achievements", title="锂离子电池健康状态估计方法")
    make(db, "patents", pub_no="CN1A", title="一种光伏组件清洗装置")
    body = api.get("/api/v1/search", params={"q": "电池"}).json()["results"]
    assert body["demands"]["total"] == 1 and body["achievements"]["total"] == 1
    assert body["patents"]["total"] == 0


def test_errors_share_one_envelope(api: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    assert_envelope(api.post("/api/v1/demands", json={"title": "x"}), 401, "unauthorized")
    login(Role.REVIEWER)
    assert_envelope(api.post("/api/v1/demands", json={"title": "x"}), 403, "forbidden")
    login(Role.ADMIN)
    invalid = assert_envelope(api.post("/api/v1/demands", json={"title": ""}), 422, "invalid_input")
    assert invalid["details"][0]["field"] == "title"
    unknown = api.post("/api/v1/demands", json={"title": "x", "colour": "red"})
    assert_envelope(unknown, 422, "invalid_input")
    api.post("/api/v1/patents", json={"pub_no": "CN123A", "title": "专利"})
    dup = api.post("/api/v1/patents", json={"pub_no": "CN123A", "title": "专利"})
    assert_envelope(dup, 409, "conflict")
    assert_envelope(api.get("/api/v1/nothing-here"), 404, "not_found")
    assert_envelope(api.put("/api/v1/demands"), 405, "method_not_allowed")
    assert_envelope(api.get("/api/v1/demands", params={"page": 0}), 422, "invalid_input")


def test_api_token_authenticates_scripts(api: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    login(Role.BROKER)
    token = api.post("/api/v1/auth/tokens", json={"name": "etl"}).json()["token"]
    api.post("/api/v1/auth/logout")
    assert api.get("/api/v1/auth/me").json()["role"] == "public"
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/auth/me", headers=headers).json()["role"] == "broker"
    bad = api.get("/api/v1/auth/me", headers={"Authorization": "Bearer xz_wrong"})
    assert_envelope(bad, 401, "unauthorized")


def test_wrong_password_is_rejected_without_saying_which_part(api: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    login(Role.PUBLIC)
    response = api.post("/api/v1/auth/login", json={"username": "public0", "password": "nope"})
    error = assert_envelope(response, 401, "unauthorized")
    assert error["message"] == "wrong username or password"


def test_confidential_demand_through_the_api_for_every_role(  # type: ignore[no-untyped-def]
    api: TestClient, db: Database, login, org: int
) -> None:
    other = make(db, "organisations", name="皖江新材料")
    secret = make(
        db, "demands", title="高镍正极改性", owner_org_id=org, confidentiality="confidential"
    )
    cases = [
        (Role.ADMIN, None, True),
        (Role.BROKER, None, True),
        (Role.ENTERPRISE, org, True),
        (Role.ENTERPRISE, other, False),
        (Role.RESEARCHER, other, False),
        (Role.REVIEWER, None, False),
        (Role.PUBLIC, None, False),
    ]
    for role, role_org, sees in cases:
        login(role, role_org)
        _check_visibility(api, secret, sees, f"{role.value}@{role_org}")
    api.post("/api/v1/auth/logout")
    _check_visibility(api, secret, False, "anonymous")


def _check_visibility(api: TestClient, secret: int, sees: bool, who: str) -> None:
    detail = api.get(f"/api/v1/demands/{secret}")
    assert detail.status_code == (200 if sees else 404), who
    listed = api.get("/api/v1/demands").json()["total"]
    assert listed == (1 if sees else 0), who
    searched = api.get("/api/v1/search", params={"q": "正极"}).json()["results"]["demands"]
    assert searched["total"] == (1 if sees else 0), who


def test_audit_trail_is_for_staff(api: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    login(Role.BROKER)
    demand_id = api.post("/api/v1/demands", json={"title": "审计测试"}).json()["id"]
    trail = api.get("/api/v1/audit", params={"entity_type": "demands", "entity_id": demand_id})
    entry = trail.json()[0]
    assert entry["action"] == "create" and entry["actor"].startswith("user:broker")
    login(Role.ENTERPRISE)
    assert_envelope(api.get("/api/v1/audit"), 403, "forbidden")


def test_import_through_the_api_runs_a_job_with_a_report(  # type: ignore[no-untyped-def]
    api: TestClient, login, tmp_path
) -> None:
    login(Role.BROKER)
    csv = "需求名称,所属领域,预算\n退役电池分选,新能源,10~50万\n,新材料,面议\n".encode()
    response = api.post(
        "/api/v1/imports/demands",
        files={"file": ("需求.csv", csv, "text/csv")},
        data={"skip_invalid": "true"},
    )
    assert response.status_code == 202, response.text
    job = api.get(response.json()["url"]).json()
    assert job["status"] == "succeeded"
    assert job["result"]["counts"]["created"] == 1 and job["result"]["counts"]["rejected"] == 1
    found = api.get("/api/v1/demands", params={"q": "电池"}).json()["items"][0]
    assert found["budget_min_wan"] == 10 and found["budget_max_wan"] == 50


def test_import_refuses_bad_mapping_and_non_staff(api: TestClient, login) -> None:  # type: ignore[no-untyped-def]
    login(Role.ENTERPRISE)
    files = {"file": ("a.csv", b"title\nx\n", "text/csv")}
    assert_envelope(api.post("/api/v1/imports/demands", files=files), 403, "forbidden")
    login(Role.ADMIN)
    bad = api.post("/api/v1/imports/demands", files=files, data={"mapping": "[1]"})
    assert_envelope(bad, 422, "invalid_input")


def test_export_downloads_what_the_user_may_see(  # type: ignore[no-untyped-def]
    api: TestClient, db: Database, login, org: int
) -> None:
    make(db, "demands", title="公开需求")
    make(db, "demands", title="保密需求", owner_org_id=org, confidentiality="confidential")
    login(Role.RESEARCHER)
    text = api.get("/api/v1/exports/demands.csv").content.decode("utf-8-sig")
    assert "公开需求" in text and "保密需求" not in text
    xlsx = api.get("/api/v1/exports/demands.xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert_envelope(api.get("/api/v1/exports/demands.pdf"), 422, "invalid_input")


def test_unexpected_errors_use_the_envelope_without_leaking_internals(app: FastAPI) -> None:
    @app.get("/api/v1/boom")
    def boom() -> None:
        raise KeyError("secret-internal-detail")

    with web_client(app, "api", raise_server_exceptions=False) as client:
        error = assert_envelope(client.get("/api/v1/boom"), 500, "internal")
    assert "secret-internal-detail" not in error["message"]
    assert "KeyError" in error["message"]
