"""Who sees enterprise financial profiles: every enterprise endpoint for all six roles.

Profiles are visible to their own organisation's enterprise users, brokers and admins only;
reviewers and the public never see them (a profile one may not read is "not found").
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.enterprise.test_api import PROFILE
from xinzhi.common import permissions
from xinzhi.core.models import Role
from xinzhi.enterprise import access

# caller → expected status of each call; "own" is an enterprise user of the profile's org
CALLERS = ("admin", "broker", "own", "other_enterprise", "researcher", "reviewer", "public")
READ = {"admin": 200, "broker": 200, "own": 200, "other_enterprise": 404, "researcher": 403,
        "reviewer": 403, "public": 401}  # fmt: skip
STAFF_ONLY = {"admin": 200, "broker": 200, "own": 403, "other_enterprise": 403,
              "researcher": 403, "reviewer": 403, "public": 401}  # fmt: skip


def _as(caller: str, api: TestClient, login: Any, org_id: int, other_org: int) -> None:
    if caller == "public":
        api.post("/api/v1/auth/logout")
        return
    role = {"own": Role.ENTERPRISE, "other_enterprise": Role.ENTERPRISE}.get(caller)
    org = {"own": org_id, "other_enterprise": other_org}.get(caller)
    login(role or Role(caller), org)


@pytest.fixture
def stored(api: TestClient, login: Any, org: int) -> tuple[int, int, int]:
    login(Role.BROKER)
    body = api.put("/api/v1/enterprise/profiles", json=PROFILE).json()
    return body["id"], body["organisation_id"], org


@pytest.mark.parametrize("caller", CALLERS)
def test_profile_endpoints_follow_the_access_table(
    caller: str, api: TestClient, login: Any, stored: tuple[int, int, int]
) -> None:
    pid, org_id, other_org = stored
    _as(caller, api, login, org_id, other_org)
    base = f"/api/v1/enterprise/profiles/{pid}"
    assert api.get(base).status_code == READ[caller]
    assert api.get(f"{base}/risk").status_code == READ[caller]
    assert api.get(f"{base}/policies").status_code == READ[caller]
    assessed = api.post(f"{base}/assess", json={"rules": "miit-2026"})
    assert assessed.status_code == READ[caller]
    listed = api.get("/api/v1/enterprise/profiles")
    if READ[caller] in (401, 403):
        assert listed.status_code == READ[caller]
    else:
        ids = [p["id"] for p in listed.json()]
        assert (pid in ids) == (READ[caller] == 200)
    for path in ("/api/v1/enterprise/automatic", "/api/v1/enterprise/portfolio"):
        assert api.get(path).status_code == STAFF_ONLY[caller], path
    policy = {"title": f"政策{caller}", "conditions": {"regions": ["34"]}}
    created = api.post("/api/v1/enterprise/policies", json=policy).status_code
    assert created == (201 if STAFF_ONLY[caller] == 200 else STAFF_ONLY[caller])
    deleted = api.delete(base).status_code
    assert deleted == (204 if STAFF_ONLY[caller] == 200 else STAFF_ONLY[caller])


@pytest.mark.parametrize("caller", CALLERS)
def test_profile_pages_follow_the_same_table(
    caller: str, api: TestClient, login: Any, stored: tuple[int, int, int]
) -> None:
    pid, org_id, other_org = stored
    _as(caller, api, login, org_id, other_org)
    shown = api.get(f"/enterprise/profiles/{pid}")
    assert shown.status_code == READ[caller]
    index = api.get("/enterprise")
    assert index.status_code == 200
    assert (PROFILE["name"] in index.text) == (READ[caller] == 200)


def test_every_enterprise_action_is_decided_for_every_role() -> None:
    """The table is complete: each action names its roles; reviewers see no profile."""
    table = permissions.rules()
    for action in access.RULES:
        assert table[action] <= set(Role)
    assert Role.REVIEWER not in table[access.PROFILE_READ_ANY]
    assert Role.REVIEWER not in table[access.PROFILE_LIST]
    assert Role.PUBLIC not in table[access.PORTFOLIO]
