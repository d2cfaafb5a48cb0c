"""场景开放 on the challenge engine: the TRL need as an eligibility rule against approved
evidence, the owner selecting without a review panel, the validation result with a 首台（套）
recognition flag, and a failed validation becoming a failure case."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.challenges.conftest import World, apply, call, challenge_body, move, ok
from tests.challenges.test_lifecycle import approve_trl
from tests.challenges.test_pages import LEAKS, post, text_of, token
from tests.clients import web_client
from tests.factories import PASSWORD, make
from xinzhi.core.db import Database

SCENARIO = {
    "site": "合肥港集装箱码头",
    "offers": ["test_bed", "first_purchase"],
    "trl_needed": 6,
    "partner_type": "enterprise",
}


def _scenario(client: TestClient, world: World) -> int:
    body = challenge_body(kind="scenario", scenario=SCENARIO, title="港口无人集卡场景验证")
    return int(ok(call(client, world, "admin", "POST", "/api/v1/challenges", json=body), 201)["id"])


def test_scenario_lifecycle(client: TestClient, world: World, db: Database) -> None:
    assert (
        call(
            client,
            world,
            "admin",
            "POST",
            "/api/v1/challenges",
            json=challenge_body(kind="scenario"),
        ).status_code
        == 422
    )
    weak = make(db, "achievements", title="无人集卡感知系统", owner_org_id=world.ids["ent"])
    strong = make(db, "achievements", title="港口自动驾驶控制器", owner_org_id=world.ids["uni"])
    approve_trl(db, weak, 4)
    approve_trl(db, strong, 6)
    sid = _scenario(client, world)
    move(client, world, sid, "published")
    low = ok(apply(client, world, sid, achievement_ids=[weak]), 201)
    assert not low["eligible"] and low["failed_rules"][0]["rule"] == "trl_needed"
    assert "6 级" in low["reasons"][0] and "4 级" in low["reasons"][0]
    good = ok(apply(client, world, sid, who="researcher", achievement_ids=[strong]), 201)
    assert good["eligible"]
    move(client, world, sid, "closed", "under_review")
    ok(
        call(
            client,
            world,
            "admin",
            "POST",
            f"/api/v1/challenges/{sid}/award",
            json={"application_id": good["id"]},
        )
    )
    result = {
        "passed": True,
        "indicators": [{"name": "作业效率", "value": "28", "unit": "箱/小时"}],
        "catalogue": "equipment",
        "catalogue_name": "安徽省首台（套）重大技术装备目录",
        "catalogue_year": 2026,
    }
    done = ok(
        call(client, world, "admin", "POST", f"/api/v1/challenges/{sid}/validation", json=result)
    )
    assert done["status"] == "completed"
    assert done["validation"]["recognition"]["catalogue"] == "首台（套）装备"
    assert done["scenario"]["site"] == "合肥港集装箱码头"
    _assert_pending_trl7(client, world, strong, sid, done)
    assert (
        call(
            client, world, "enterprise", "POST", f"/api/v1/challenges/{sid}/validation", json=result
        ).status_code
        == 403
    )


def test_failed_validation_is_a_failure_case(
    client: TestClient, world: World, db: Database
) -> None:
    strong = make(db, "achievements", title="港口自动驾驶控制器", owner_org_id=world.ids["uni"])
    approve_trl(db, strong, 6)
    sid = _scenario(client, world)
    move(client, world, sid, "published")
    weak = ok(apply(client, world, sid), 201)  # no evidence: ineligible, cannot be selected
    good = ok(apply(client, world, sid, who="researcher", achievement_ids=[strong]), 201)
    move(client, world, sid, "closed", "under_review")
    url = f"/api/v1/challenges/{sid}/award"
    assert (
        call(client, world, "admin", "POST", url, json={"application_id": weak["id"]}).status_code
        == 409
    )
    ok(call(client, world, "admin", "POST", url, json={"application_id": good["id"]}))
    failed = ok(
        call(
            client,
            world,
            "admin",
            "POST",
            f"/api/v1/challenges/{sid}/validation",
            json={"passed": False, "note": "雨雾天气感知失效"},
        )
    )
    assert failed["status"] == "failed" and "recognition" not in failed["validation"]
    cases = ok(call(client, world, "admin", "GET", "/api/v1/failure-cases"))["items"]
    assert cases[0]["challenge_id"] == sid
    # a failed validation is no evidence: the maturity module shows nothing at level 7
    assert "trl_evidence" not in failed["validation"]
    level7 = _level(client, world, strong, 7)
    assert level7["approval"] is None
    assert all(c["answer"] is None and not c["evidence"] for c in level7["criteria"])


def _level(client: TestClient, world: World, achievement_id: int, level: int) -> dict[str, Any]:
    url = f"/api/v1/maturity/achievements/{achievement_id}/assessments"
    history = ok(call(client, world, "reviewer", "GET", url))
    view_url = f"/api/v1/maturity/assessments/{history[0]['id']}"
    view = ok(call(client, world, "reviewer", "GET", view_url))
    return next(x for x in view["levels"] if x["level"] == level)


def _assert_pending_trl7(
    client: TestClient, world: World, achievement_id: int, sid: int, done: dict[str, Any]
) -> None:
    """The passed validation is TRL 7 evidence in the maturity module, not yet approved."""
    [written] = done["validation"]["trl_evidence"]
    assert written["achievement_id"] == achievement_id and written["level"] == 7
    assert written["criteria"] == ["gbt.7.hw.1"] and written["status"] == "pending_approval"
    level7 = _level(client, world, achievement_id, 7)
    assert level7["approval"] is None  # never approved by the challenge engine
    hw1 = next(c for c in level7["criteria"] if c["id"] == "gbt.7.hw.1")
    assert hw1["answer"] == "met" and f"场景 #{sid}" in hw1["note"]
    [evidence] = hw1["evidence"]
    assert evidence["filename"] == f"scenario-{sid}-validation.json"
    hw2 = next(c for c in level7["criteria"] if c["id"] == "gbt.7.hw.2")
    assert hw2["answer"] is None  # target cost etc. are not shown by a validation
    body = call(client, world, "reviewer", "GET", f"/api/v1/maturity/evidence/{evidence['id']}")
    assert body.status_code == 200 and "作业效率" in body.text
    url = f"/api/v1/maturity/achievements/{achievement_id}/assessments"
    [latest] = ok(call(client, world, "reviewer", "GET", url))
    assert latest["achieved_level"] == 6 and 7 not in latest["approved_levels"]


def test_scenario_pages_list_and_create_form(client: TestClient, world: World) -> None:
    """The 场景清单 page and a create form of plain fields (no JSON) for a scenario."""
    with web_client(client.app) as admin:  # type: ignore[arg-type]
        login = {"username": "admin", "password": PASSWORD, "csrf_token": token(admin)}
        assert admin.post("/login", data=login, follow_redirects=False).status_code == 303
        blank = admin.get("/challenges/new?kind=scenario")
        assert blank.status_code == 200 and 'data-testid="scenario-fields"' in blank.text
        assert "发布应用场景" in blank.text
        form = {
            "kind": "scenario",
            "title": "港口无人集卡场景验证",
            "goal": "在真实码头作业中验证无人集卡",
            "budget_wan": "200",
            "deadline": "2099-12-31",
            "criterion_0": "场景适配度",
            "weight_0": "1",
            "sc_site": "合肥港集装箱码头",
            "sc_offers": ["test_bed", "first_purchase"],
            "sc_trl_needed": "6",
            "sc_partner_type": "enterprise",
        }
        page = "/challenges/new?kind=scenario"
        bad = post(admin, "/challenges/new", {**form, "sc_trl_needed": "12"}, page)
        assert bad.status_code == 422 and "所需技术就绪度" in bad.text  # type: ignore[attr-defined]
        assert "合肥港集装箱码头" in bad.text  # type: ignore[attr-defined]  # typed values kept
        r = post(admin, "/challenges/new", form, page)
        assert r.status_code == 303, r.text  # type: ignore[attr-defined]
        sid = int(r.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
        made = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{sid}"))
        assert made["kind"] == "scenario"
        assert made["scenario"]["offers"] == ["test_bed", "first_purchase"]
        assert made["scenario"]["trl_needed"] == 6
        assert made["scenario"]["partner_type"] == "enterprise"
        body = challenge_body()
        other = ok(call(client, world, "admin", "POST", "/api/v1/challenges", json=body), 201)
        listed = admin.get("/challenges?kind=scenario")
        assert listed.status_code == 200 and f"/challenges/{sid}" in listed.text
        assert f'/challenges/{other["id"]}"' not in listed.text
        assert not LEAKS.search(text_of(listed.text)) and not LEAKS.search(text_of(blank.text))
