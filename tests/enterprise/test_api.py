"""Enterprise API: assessment without storage, stored profiles with roles, risk, policies."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from xinzhi.core.models import Role

PROFILE: dict[str, Any] = {
    "name": "合肥测试科技有限公司",
    "region_code": "340100",
    "industry": "专用设备制造业",
    "years": [
        {
            "year": 2025,
            "revenue": 6000,
            "rd_expense": 400,
            "total_assets": 100,
            "total_liabilities": 90,
        }
    ],
    "rd_institutions": [{"level": "provincial"}],
    "declarations": {"no_dishonesty": True, "not_restricted": True, "no_incident_3y": True},
}


def test_assess_returns_every_tier_with_its_document(api: TestClient) -> None:
    body = {"profile": PROFILE, "rules": "miit-2026", "as_of": "2026-05-01"}
    response = api.post("/api/v1/enterprise/assess", json=body)
    assert response.status_code == 200, response.text
    tiers = {t["tier"]: t for t in response.json()["tiers"]}
    assert tiers["innovative_sme"]["status"] == "eligible"
    assert tiers["innovative_sme"]["route"] == "direct"
    assert "63号" in tiers["innovative_sme"]["document"]


def test_assess_rejects_an_unknown_rule_set_with_the_error_envelope(api: TestClient) -> None:
    response = api.post("/api/v1/enterprise/assess", json={"profile": PROFILE, "rules": "x"})
    assert response.status_code == 422 and "error" in response.json()


def test_stored_profile_flow_for_staff(api: TestClient, login: Any) -> None:
    login(Role.BROKER)
    saved = api.put("/api/v1/enterprise/profiles", json=PROFILE)
    assert saved.status_code == 200, saved.text
    pid = saved.json()["id"]
    assessed = api.post(f"/api/v1/enterprise/profiles/{pid}/assess",
                        json={"rules": "miit-2022", "as_of": "2026-05-01"})  # fmt: skip
    assert assessed.status_code == 200 and assessed.json()["rule_set"] == "miit-2022"
    risk = api.get(f"/api/v1/enterprise/profiles/{pid}/risk", params={"as_of": "2026-05-01"})
    assert risk.json()["level"] == "red"  # debt ratio 90%
    policy = {"title": "合肥研发奖励", "region_code": "340100",
              "conditions": {"regions": ["3401"], "automatic": True}}  # fmt: skip
    assert api.post("/api/v1/enterprise/policies", json=policy).status_code == 201
    matches = api.get(f"/api/v1/enterprise/profiles/{pid}/policies").json()
    assert {m["title"]: m["result"] for m in matches["matches"]}["合肥研发奖励"] == "eligible"
    assert any(
        r["policy"] == "合肥研发奖励" for r in api.get("/api/v1/enterprise/automatic").json()
    )
    xlsx = api.get("/api/v1/enterprise/portfolio.xlsx", params={"years": "2025"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_bad_policy_conditions_are_refused(api: TestClient, login: Any) -> None:
    login(Role.ADMIN)
    bad = {"title": "坏条件", "conditions": {"regoins": ["44"]}}
    assert api.post("/api/v1/enterprise/policies", json=bad).status_code == 422


def test_enterprise_user_sees_only_its_own_profile(api: TestClient, login: Any) -> None:
    login(Role.BROKER)
    pid = api.put("/api/v1/enterprise/profiles", json=PROFILE).json()["id"]
    login(Role.ENTERPRISE, None)
    assert api.get(f"/api/v1/enterprise/profiles/{pid}").status_code == 404  # does not leak
    assert api.get("/api/v1/enterprise/profiles").json() == []
    api.post("/api/v1/auth/logout")
    assert api.get("/api/v1/enterprise/profiles").status_code == 401
