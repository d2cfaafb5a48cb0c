"""Matching API: index job and stats, matches with filters and reasons, quality, feedback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_matching_catalog
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.matching import service


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


@pytest.fixture
def records(db: Database) -> dict[str, int]:
    return make_matching_catalog(db, secret=True)


def _build(api: TestClient, login: Any) -> None:
    login(Role.BROKER)
    queued = api.post("/api/v1/match/index", json={})
    assert queued.status_code == 202, queued.text
    job = api.get(queued.json()["url"]).json()  # immediate jobs in tests
    # the records were indexed live as they were written: the job finds nothing to add
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["documents"] == 7 and job["result"]["added"] == 0


def test_index_is_built_by_staff_as_a_job(
    api: TestClient, login: Any, records: dict[str, int]
) -> None:
    assert api.get("/api/v1/match/index").json()["documents"] == 7  # indexed live
    assert api.post("/api/v1/match/index").status_code == 401
    login(Role.ENTERPRISE, records["org"])
    assert api.post("/api/v1/match/index").status_code == 403
    _build(api, login)
    stats = api.get("/api/v1/match/index").json()
    assert stats["documents"] == 7 and stats["model"] == "hashing" and not stats["empty"]
    bad = api.post("/api/v1/match/index", json={"entity_types": ["nope"]})
    assert bad.status_code == 422 and "error" in bad.json()


def test_a_demand_matches_with_reasons_and_filters(
    api: TestClient, login: Any, records: dict[str, int]
) -> None:
    _build(api, login)
    url = f"/api/v1/match/demand/{records['demand']}"
    data = api.get(url).json()
    assert set(data["groups"]) == {"achievement", "patent", "person", "organisation"}
    top = data["groups"]["achievement"][0]
    assert top["id"] == records["perovskite"]
    why = top["explanation"]
    assert "钙钛矿" in why["title_terms"] and why["field"] == "same" and why["trl"] == "within"
    assert any(r.startswith("共同术语") for r in why["reasons"])
    assert data["quality"]["score"] > 0

    plural = api.get(f"/api/v1/match/demands/{records['demand']}", params={"target": "achievement"})
    assert list(plural.json()["groups"]) == ["achievement"]

    def ids(**params: Any) -> set[int]:
        response = api.get(url, params={"target": "achievement", **params})
        assert response.status_code == 200, response.text
        return {i["id"] for i in response.json()["groups"]["achievement"]}

    # the coating shares one term with the demand: below the relevance floor, so nothing is
    # shown, with what to add to the demand instead
    assert ids(field="材料") == set()
    sparse = api.get(url, params={"target": "achievement", "field": "材料"}).json()["advice"]
    assert sparse["message"] == "暂无足够匹配的结果" and sparse["empty_targets"] == ["achievement"]
    assert sparse["add"] == data["quality"]["questions"]
    assert records["perovskite"] in ids(trl_min=5)
    assert records["wind"] not in ids(trl_min=5)
    assert ids(region="3201") == {records["perovskite"]}
    assert ids(date_to="2000-01-01") == set()
    assert len(ids(k=1, mode="lexical")) == 1
    assert api.get(url, params={"mode": "nope"}).status_code == 422
    assert api.get(url, params={"target": "nope"}).status_code == 422
    assert api.get("/api/v1/match/experts/1").status_code == 422
    assert api.get("/api/v1/match/demand/999").status_code == 404

    achievement = api.get(f"/api/v1/match/achievement/{records['perovskite']}").json()
    assert achievement["groups"]["demand"][0]["id"] == records["demand"]


def test_text_matches_respect_confidentiality(
    api: TestClient, login: Any, records: dict[str, int]
) -> None:
    _build(api, login)
    body = {"text": "钙钛矿电池封装胶膜", "targets": ["achievement"]}
    staff = api.post("/api/v1/match/text", json=body).json()["groups"]["achievement"]
    assert records["secret"] in {i["id"] for i in staff}
    api.post("/api/v1/auth/logout")
    public = api.post("/api/v1/match/text", json=body).json()["groups"]["achievement"]
    assert records["secret"] not in {i["id"] for i in public}
    login(Role.RESEARCHER, records["uni"])
    own = api.post("/api/v1/match/text", json=body).json()["groups"]["achievement"]
    assert records["secret"] in {i["id"] for i in own}
    assert api.post("/api/v1/match/text", json={"text": ""}).status_code == 422
    assert api.post("/api/v1/match/text", json={"text": "x", "k": 0}).status_code == 422


def test_demand_quality_stored_and_unsaved(api: TestClient, records: dict[str, int]) -> None:
    stored = api.get(f"/api/v1/match/quality/{records['demand']}").json()
    assert stored["demand_id"] == records["demand"] and stored["expected_trl"] == [5, 6]
    assert {e["element"] for e in stored["elements"]} == {
        "problem", "indicators", "budget", "field", "trl", "constraints",
    }  # fmt: skip
    vague = api.post("/api/v1/match/quality", json={"title": "寻求节能技术合作"}).json()
    assert vague["level"] == "过于模糊" and "indicators" in vague["missing"]
    assert vague["questions"]
    assert api.post("/api/v1/match/quality", json={}).status_code == 422
    assert api.get("/api/v1/match/quality/999").status_code == 404


def test_feedback_is_recorded_and_reported_to_staff(
    api: TestClient, login: Any, records: dict[str, int]
) -> None:
    mark = {
        "source_type": "demand",
        "source_id": records["demand"],
        "target_type": "achievement",
        "target_id": records["perovskite"],
        "useful": True,
        "rank": 1,
    }
    assert api.post("/api/v1/match/feedback", json=mark).status_code == 401
    login(Role.ENTERPRISE, records["org"])
    saved = api.post("/api/v1/match/feedback", json=mark)
    assert saved.status_code == 201, saved.text
    assert saved.json()["useful"] is True and saved.json()["model"] == "hashing"
    bad = api.post("/api/v1/match/feedback", json=mark | {"target_type": "nope"})
    assert bad.status_code == 422
    assert api.get("/api/v1/match/feedback/report").status_code == 403
    login(Role.ADMIN)
    assert api.post("/api/v1/match/feedback", json=mark | {"useful": False, "rank": 4}).is_success
    report = api.get("/api/v1/match/feedback/report").json()
    assert report["marks"] == 2 and report["useful_share"] == 0.5
    assert report["by_target"]["achievement"] == {
        "1-3": {"useful": 1, "not_useful": 0},
        "4-10": {"useful": 0, "not_useful": 1},
    }
