"""/api/v1/patents/aliases: logged-in users read, staff edit; errors in the one envelope."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import make
from xinzhi.core.db import Database
from xinzhi.core.models import Role


def test_aliases_api(api: TestClient, login, db: Database) -> None:  # type: ignore[no-untyped-def]
    make(db, "patents", pub_no="CN1A", title="一", applicants=["华为技术（深圳）有限公司"])
    make(db, "patents", pub_no="CN2A", title="二", applicants=["华为技术(深圳)股份有限公司"])
    assert api.get("/api/v1/patents/aliases").status_code == 401

    login(Role.RESEARCHER)
    assert api.get("/api/v1/patents/aliases").json() == []
    body = {"alias": "华为", "canonical": "华为技术(深圳)有限公司"}
    refused = api.post("/api/v1/patents/aliases", json=body)
    assert refused.status_code == 403 and "error" in refused.json()

    login(Role.BROKER)
    created = api.post("/api/v1/patents/aliases", json=body)
    assert created.status_code == 201, created.text
    alias = created.json()
    assert alias["source"] == "manual" and alias["created_by"].startswith("user:broker")
    duplicate = api.post("/api/v1/patents/aliases", json={**body, "alias": "华为 "})
    assert duplicate.status_code == 409
    assert [a["alias"] for a in api.get("/api/v1/patents/aliases?q=华为").json()] == ["华为"]
    groups = api.get("/api/v1/patents/aliases/suggestions").json()
    assert groups[0]["patents"] == 2 and len(groups[0]["names"]) == 2
    assert api.delete(f"/api/v1/patents/aliases/{alias['id']}").status_code == 204
    assert api.delete(f"/api/v1/patents/aliases/{alias['id']}").status_code == 404
    # the catalog's record routes still work beside the alias routes
    assert api.get("/api/v1/patents").status_code == 200
