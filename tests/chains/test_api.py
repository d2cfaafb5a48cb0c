"""Every chains endpoint for the six roles and the anonymous public: all signed-in roles read
maps, tables and recommendations; staff import, place, list and decide placements; the
anonymous public is asked to log in (401); a confidential demand shows only to those who may
see it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.chains.conftest import CHAIN, ROLES, STAFF, World

READERS = frozenset(ROLES) - {"anonymous"}


def _status(who: str, allowed: frozenset[str], ok: int = 200) -> int:
    if who == "anonymous":
        return 401
    return ok if who in allowed else 403


@pytest.mark.parametrize("who", ROLES)
def test_read_endpoints(api: TestClient, chain_world: World, who: str) -> None:
    h, cid = chain_world.headers(who), chain_world.chain_id
    assert api.get("/api/v1/chains", headers=h).status_code == _status(who, READERS)
    assert api.get(f"/api/v1/chains/{cid}", headers=h).status_code == _status(who, READERS)
    nodes = api.get(f"/api/v1/chains/{cid}/nodes", params={"region": "四川"}, headers=h)
    assert nodes.status_code == _status(who, READERS)
    recs = api.get(
        f"/api/v1/chains/{cid}/nodes/module/recommendations",
        params={"region": "510000"},
        headers=h,
    )
    assert recs.status_code == _status(who, READERS)
    if who == "anonymous":
        assert nodes.json()["error"]["code"] == "unauthorized"
        return
    body = {n["key"]: n for n in nodes.json()}
    assert set(body) == {"poly", "cell", "film", "module", "station"}
    module = body["module"]
    assert 0 <= module["weak_score"] <= 1 and module["reasons"]
    assert {"rta", "hhi", "lq_enterprises", "data_date"} <= set(module["measures"])
    sees_secret = who in STAFF or who == "enterprise"
    assert module["measures"]["open_demands"] == (1 if sees_secret else 0), who
    for item in recs.json():
        assert set(item) == {"type", "id", "name", "region", "kind", "reasons"} and item["reasons"]


@pytest.mark.parametrize("who", ROLES)
def test_write_endpoints(api: TestClient, chain_world: World, who: str) -> None:
    h, cid = chain_world.headers(who), chain_world.chain_id
    created = api.post("/api/v1/chains", json=CHAIN, headers=h)
    assert created.status_code == _status(who, STAFF, 201)
    if created.status_code == 201:
        assert created.json()["version"] == 2  # same name: a new version, the old one kept
    place = api.post(f"/api/v1/chains/{cid}/place", headers=h)
    assert place.status_code == _status(who, STAFF, 202)
    listed = api.get(f"/api/v1/chains/{cid}/nodes/module/placements", headers=h)
    assert listed.status_code == _status(who, STAFF)
    staff = api.get(
        f"/api/v1/chains/{cid}/nodes/module/placements", headers=chain_world.headers("admin")
    ).json()
    pid = staff[0]["id"]
    decided = api.post(f"/api/v1/chains/placements/{pid}", json={}, headers=h)
    assert decided.status_code == _status(who, STAFF)


def test_place_job_runs_and_keeps_decisions(api: TestClient, chain_world: World) -> None:
    h, cid = chain_world.headers("broker"), chain_world.chain_id
    patents = api.get(
        f"/api/v1/chains/{cid}/nodes/module/placements", params={"type": "patent"}, headers=h
    ).json()
    moved = api.post(
        f"/api/v1/chains/placements/{patents[0]['id']}", json={"move_to": "station"}, headers=h
    )
    assert moved.status_code == 200 and moved.json()["status"] == "moved"
    job = api.post(f"/api/v1/chains/{cid}/place", headers=h).json()["job_id"]
    status = api.get(f"/api/v1/jobs/{job}", headers=h).json()
    assert status["status"] == "succeeded", status
    assert status["result"]["kept"] == 1
    station = api.get(
        f"/api/v1/chains/{cid}/nodes/station/placements", params={"type": "patent"}, headers=h
    ).json()
    assert [p["entity_id"] for p in station] == [patents[0]["entity_id"]]
    module = api.get(
        f"/api/v1/chains/{cid}/nodes/module/placements", params={"type": "patent"}, headers=h
    ).json()
    assert patents[0]["entity_id"] not in [p["entity_id"] for p in module]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/chains/999/nodes?region=四川", 404),
        ("/api/v1/chains/{cid}/nodes?region=火星", 422),
        ("/api/v1/chains/{cid}/nodes", 422),
        ("/api/v1/chains/{cid}/nodes/nowhere/recommendations?region=四川", 404),
        ("/api/v1/chains/{cid}/nodes/module/placements?type=robot", 422),
    ],
    ids=["chain", "region", "no-region", "node", "type"],
)
def test_errors_are_enveloped(api: TestClient, chain_world: World, path: str, status: int) -> None:
    r = api.get(path.format(cid=chain_world.chain_id), headers=chain_world.headers("admin"))
    assert r.status_code == status and "error" in r.json()


def test_invalid_chain_names_node_and_field(api: TestClient, chain_world: World) -> None:
    bad = {"name": "坏链", "nodes": [{"key": "a", "name": "甲", "stage": "侧游"}]}
    r = api.post("/api/v1/chains", json=bad, headers=chain_world.headers("admin"))
    assert r.status_code == 422
    assert r.json()["error"]["details"][0] == {
        "node": "a", "field": "stage", "message": "阶段须为 上游/中游/下游 (got '侧游')",
    }  # fmt: skip
