"""The acceptance walk through the API: draft → published → closed → under review → awarded →
in progress → completed, with eligibility, the blind rule, scores, ranking, milestones gated by
approved TRL evidence, payments, and the 409s of an out-of-order status change."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.challenges.conftest import (
    RUBRIC,
    TEAM_NAMES,
    World,
    apply,
    assign,
    call,
    challenge_body,
    create_challenge,
    move,
    ok,
    score,
    team_application,
)
from tests.factories import make
from xinzhi.core.db import Database
from xinzhi.maturity.models import TrlApproval, TrlAssessment


def approve_trl(db: Database, achievement_id: int, level: int) -> None:
    """Reviewer approvals of levels 1…level, as the maturity domain stores them."""
    with db.write(actor="test") as session:
        row = TrlAssessment(
            achievement_id=achievement_id,
            scale="gbt",
            track="hardware",
            checklist_version="test",
            achieved_level=level,
        )
        row.approvals = [
            TrlApproval(level=n, reviewer="user:reviewer") for n in range(1, level + 1)
        ]
        session.add(row)


def test_rubric_weights_must_sum_to_one(client: TestClient, world: World) -> None:
    body = challenge_body(
        rubric=[{"criterion": "a", "weight": 0.5}, {"criterion": "b", "weight": 0.4}]
    )
    r = call(client, world, "admin", "POST", "/api/v1/challenges", json=body)
    assert r.status_code == 422
    assert "1" in r.text
    created = ok(
        call(client, world, "admin", "POST", "/api/v1/challenges", json=challenge_body()), 201
    )
    assert created["status"] == "draft" and isinstance(created["id"], int)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        pytest.param((), "closed", id="draft-to-closed"),
        pytest.param((), "awarded", id="draft-to-awarded"),
        pytest.param(("published",), "under_review", id="published-to-review"),
        pytest.param(("published", "closed"), "published", id="backwards"),
        pytest.param(("cancelled",), "published", id="after-cancel"),
        pytest.param(("published", "closed", "under_review"), "completed", id="review-to-done"),
    ],
)
def test_status_out_of_order_is_409(
    client: TestClient, world: World, path: tuple[str, ...], target: str
) -> None:
    cid = create_challenge(client, world)
    move(client, world, cid, *path)
    r = call(
        client, world, "admin", "POST", f"/api/v1/challenges/{cid}/status", json={"status": target}
    )
    assert r.status_code == 409
    assert "只能变为" in r.json()["error"]["message"]


def test_each_status_change_is_audited(client: TestClient, world: World) -> None:
    cid = create_challenge(client, world)
    move(client, world, cid, "published", "closed")
    detail = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}"))
    assert [h["to"] for h in detail["history"]] == ["draft", "published", "closed"]
    assert detail["history"][1]["actor"] == "user:admin"
    audit = ok(
        call(
            client,
            world,
            "admin",
            "GET",
            "/api/v1/audit",
            params={"entity_type": "challenges", "entity_id": cid},
        )
    )
    statuses = [a["after"].get("status") for a in audit if a["after"]]
    assert "published" in statuses and "closed" in statuses


def test_eligibility_reasons_per_failed_rule(client: TestClient, world: World) -> None:
    rules = [
        {"rule": "lead_kind", "value": ["enterprise"]},
        {"rule": "lead_region", "value": "34"},
        {"rule": "team_includes", "value": ["university", "institute"]},
    ]
    cid = create_challenge(client, world, eligibility=rules)
    move(client, world, cid, "published")
    good = team_application(client, world, cid)
    assert ok(call(client, world, "enterprise", "GET", f"/api/v1/applications/{good}"))["eligible"]
    # a 江苏 enterprise alone: region and team rules fail, the kind rule holds
    bad = ok(apply(client, world, cid, who="enterprise2"), 201)
    assert bad["eligible"] is False
    assert [r["rule"] for r in bad["failed_rules"]] == ["lead_region", "team_includes"]
    assert "34" in bad["reasons"][0] and "高校或科研院所" in bad["reasons"][1]
    # a university lead fails the kind rule (and the team has no second kind to rescue it)
    uni = ok(apply(client, world, cid, who="researcher"), 201)
    assert [r["rule"] for r in uni["failed_rules"]] == ["lead_kind"]
    assert "企业" in uni["reasons"][0] and "高校" in uni["reasons"][0]


def test_full_lifecycle(client: TestClient, world: World, db: Database) -> None:
    achievement = make(db, "achievements", title="长寿命谐波减速器", owner_org_id=world.ids["ent"])
    cid = create_challenge(client, world, funding_mode="milestone")
    move(client, world, cid, "published")
    a1 = team_application(client, world, cid)
    a2 = int(ok(apply(client, world, cid, who="enterprise2", proposal="精密磨齿工艺"), 201)["id"])
    assert apply(client, world, cid).status_code == 409  # one application per lead
    move(client, world, cid, "closed")
    r = apply(client, world, cid, who="enterprise2")
    assert r.status_code == 409
    assign(client, world, cid, "reviewer", "reviewer2", "reviewer3")
    # scores are taken only under review
    assert score(client, world, "reviewer", a1, [80, 80, 80]).status_code == 409
    move(client, world, cid, "under_review")

    listed = ok(call(client, world, "reviewer", "GET", f"/api/v1/challenges/{cid}/applications"))
    assert [a["code"] for a in listed] == ["方案 1", "方案 2"]
    text = str(listed)
    for name in (*TEAM_NAMES, "苏州精密机械有限公司"):
        assert name not in text
    assert "lead_org_id" not in text and "members" not in text

    ok(score(client, world, "reviewer", a1, [90, 80, 70], comment="方案扎实"))
    ok(score(client, world, "reviewer2", a1, [70, 70, 70]))
    ok(score(client, world, "reviewer", a2, [60, 60, 60], comment="工艺路线不清"))
    ok(score(client, world, "reviewer2", a2, [50, 50, 50]))
    ranking = call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/ranking")
    assert ranking.headers["X-Ranking-Final"] == "false"
    assert all(not i["final"] for i in ranking.json())
    award = {"application_id": a1}
    assert (
        call(
            client, world, "admin", "POST", f"/api/v1/challenges/{cid}/award", json=award
        ).status_code
        == 409
    )
    ok(score(client, world, "reviewer3", a1, [100, 100, 100]))
    ok(score(client, world, "reviewer3", a2, [40, 40, 40]))
    ranking = call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/ranking")
    assert ranking.headers["X-Ranking-Final"] == "true"
    items = ranking.json()
    assert [i["application_id"] for i in items] == [a1, a2]
    # a1: weighted 90·.4+80·.35+70·.25 = 81.5, 70, 100 → mean 83.8333
    assert items[0]["score"] == pytest.approx(83.8333, abs=1e-4)
    assert items[0]["reviewers"] == 3 and set(items[0]) >= {
        "application_id",
        "score",
        "spread_flag",
    }

    # feedback is withheld until the award, then unattributed
    fb = ok(call(client, world, "enterprise", "GET", f"/api/v1/applications/{a1}/feedback"))
    assert fb["comments"] == []
    ok(call(client, world, "admin", "POST", f"/api/v1/challenges/{cid}/award", json=award))
    fb = ok(call(client, world, "enterprise", "GET", f"/api/v1/applications/{a1}/feedback"))
    assert fb["comments"] == [{"round": "review", "comment": "方案扎实"}]
    assert "reviewer" not in str(fb) and str(world.users["reviewer"]) not in str(fb["comments"])
    fb2 = ok(call(client, world, "enterprise2", "GET", f"/api/v1/applications/{a2}/feedback"))
    assert fb2["comments"][0]["comment"] == "工艺路线不清" and fb2["status"] == "not_selected"

    ms = {
        "title": "样机台架试验",
        "due": "2030-01-01",
        "trl_target": 5,
        "payment_share": 0.4,
        "achievement_id": achievement,
    }
    mid = ok(
        call(client, world, "admin", "POST", f"/api/v1/challenges/{cid}/milestones", json=ms), 201
    )["id"]
    too_much = {**ms, "payment_share": 0.7}
    assert (
        call(
            client, world, "admin", "POST", f"/api/v1/challenges/{cid}/milestones", json=too_much
        ).status_code
        == 422
    )
    refused = call(client, world, "admin", "POST", f"/api/v1/milestones/{mid}/accept")
    assert refused.status_code == 409 and "无已审批" in refused.json()["error"]["message"]
    approve_trl(db, achievement, 4)
    refused = call(client, world, "admin", "POST", f"/api/v1/milestones/{mid}/accept")
    assert refused.status_code == 409 and "4 级" in refused.json()["error"]["message"]
    approve_trl(db, achievement, 5)
    accepted = ok(call(client, world, "admin", "POST", f"/api/v1/milestones/{mid}/accept"))
    assert accepted["status"] == "accepted" and accepted["accepted_trl"] == 5
    detail = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}"))
    assert detail["status"] == "in_progress"
    pays = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/payments"))
    assert [(p["kind"], p["amount_wan"]) for p in pays] == [("milestone", 200.0)]
    move(client, world, cid, "completed")
    stats = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/stats"))
    assert stats["applications"] == 2 and stats["joint_teams"] == 1
    assert stats["disbursed_wan"] == 200.0 and stats["completed"] == 1
    assert stats["milestones_on_time"] == 1


def test_race_mode_pays_startup_shares_and_rest_on_completion(
    client: TestClient, world: World
) -> None:
    cid = create_challenge(client, world, funding_mode="race", race_teams=2, blind=False)
    move(client, world, cid, "published")
    a1 = team_application(client, world, cid)
    a2 = int(ok(apply(client, world, cid, who="enterprise2"), 201)["id"])
    move(client, world, cid, "closed", "under_review")
    assign(client, world, cid, "reviewer")
    ok(score(client, world, "reviewer", a1, [90, 90, 90]))
    ok(score(client, world, "reviewer", a2, [70, 70, 70]))
    body = {"application_id": a1, "shortlist": [a2]}
    ok(call(client, world, "admin", "POST", f"/api/v1/challenges/{cid}/award", json=body))
    pays = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/payments"))
    assert sorted((p["application_id"], p["amount_wan"]) for p in pays) == [(a1, 50.0), (a2, 50.0)]
    move(client, world, cid, "in_progress", "completed")
    pays = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/payments"))
    assert pays[-1]["kind"] == "remainder" and pays[-1]["amount_wan"] == 400.0
    assert RUBRIC[0]["criterion"] == "技术先进性"
