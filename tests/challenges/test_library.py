"""Key needs (flag, review, merge, uncovered), failure cases (frozen original records, search,
有价值的失败 with compensation, visibility, similar past failures), overdue warnings."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.challenges.conftest import (
    World,
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
from xinzhi.challenges.delivery import warn_overdue
from xinzhi.challenges.models import ChallengeMilestone, FailureCase
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict
from xinzhi.core.security import system_principal


def test_key_needs_flag_review_merge_uncovered(
    client: TestClient, world: World, db: Database
) -> None:
    d1 = make(db, "demands", title="谐波减速器柔轮寿命不足", owner_org_id=world.ids["ent"])
    d2 = make(db, "demands", title="RV 减速器摆线轮精度", owner_org_id=world.ids["ent"])
    d3 = make(db, "demands", title="伺服电机编码器", owner_org_id=world.ids["ent2"])
    flag = {"demand_id": d1, "chokepoint": "谐波减速器柔轮"}
    n1 = ok(call(client, world, "enterprise", "POST", "/api/v1/key-needs", json=flag), 201)["id"]
    assert (
        call(client, world, "enterprise", "POST", "/api/v1/key-needs", json=flag).status_code == 409
    )
    other = {"demand_id": d3, "chokepoint": "编码器芯片"}
    assert (
        call(client, world, "enterprise", "POST", "/api/v1/key-needs", json=other).status_code
        == 403
    )
    n2 = ok(
        call(
            client,
            world,
            "enterprise",
            "POST",
            "/api/v1/key-needs",
            json={"demand_id": d2, "chokepoint": "摆线轮"},
        ),
        201,
    )["id"]
    n3 = ok(call(client, world, "enterprise2", "POST", "/api/v1/key-needs", json=other), 201)["id"]
    ok(
        call(
            client,
            world,
            "admin",
            "POST",
            f"/api/v1/key-needs/{n3}/review",
            json={"status": "rejected"},
        )
    )
    assert len(ok(call(client, world, "enterprise", "GET", "/api/v1/key-needs"))) == 2
    uncovered = ok(call(client, world, "admin", "GET", "/api/v1/key-needs?uncovered=true"))
    assert [n["id"] for n in uncovered] == [n1, n2]
    body = challenge_body(key_need_ids=[n1, n2])
    cid = ok(call(client, world, "admin", "POST", "/api/v1/challenges", json=body), 201)["id"]
    assert ok(call(client, world, "admin", "GET", "/api/v1/key-needs?uncovered=true")) == []
    needs = ok(call(client, world, "admin", "GET", "/api/v1/key-needs"))
    assert {n["challenge_id"] for n in needs if n["id"] in (n1, n2)} == {cid}
    assert needs[0]["status_label"] == "已形成榜单"


def test_failed_challenge_becomes_a_case_with_frozen_records(
    client: TestClient, world: World, db: Database
) -> None:
    cid = create_challenge(client, world, title="固态电解质界面阻抗攻关", field="新能源")
    move(client, world, cid, "published")
    aid = team_application(client, world, cid)
    move(client, world, cid, "closed", "under_review")
    assign(client, world, cid, "reviewer")
    ok(score(client, world, "reviewer", aid, [80, 80, 80], comment="路线可行"))
    ok(
        call(
            client,
            world,
            "admin",
            "POST",
            f"/api/v1/challenges/{cid}/award",
            json={"application_id": aid},
        )
    )
    move(client, world, cid, "in_progress", "failed")
    cases = ok(call(client, world, "admin", "GET", "/api/v1/failure-cases"))["items"]
    case = cases[0]
    assert case["challenge_id"] == cid and len(case["records_hash"]) == 64
    records = case["records"]
    assert (
        records["reviews"][0]["reviewer"] == "评审 1"
        and records["reviews"][0]["comment"] == "路线可行"
    )
    assert "user_id" not in str(records["reviews"])
    assert [h["to"] for h in records["status_history"]][-1] == "failed"
    # the records are frozen: the API refuses, and so does the model
    patch = call(
        client,
        world,
        "admin",
        "PATCH",
        f"/api/v1/failure-cases/{case['id']}",
        json={"records": {"plans": []}},
    )
    assert patch.status_code == 409
    ok(
        call(
            client,
            world,
            "admin",
            "PATCH",
            f"/api/v1/failure-cases/{case['id']}",
            json={
                "main_cause": "route",
                "lessons": "界面副反应需先做表征",
                "publication": "public",
            },
        )
    )
    try:
        with db.write(actor="test") as session:
            session.get_one(FailureCase, case["id"]).records = {}
        raise AssertionError("the records changed")
    except Conflict:
        pass
    # found by the Chinese search, and shown as a similar failure when a new challenge is drafted
    found = ok(
        call(client, world, "public", "GET", "/api/v1/failure-cases", params={"q": "电解质"})
    )
    assert [c["id"] for c in found["items"]] == [case["id"]] and "records" not in found["items"][0]
    assert (
        ok(call(client, world, "admin", "GET", "/api/v1/failure-cases", params={"q": "光伏"}))[
            "total"
        ]
        == 0
    )
    new = create_challenge(client, world, title="固态电解质量产工艺", field="新能源")
    similar = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{new}"))[
        "similar_failures"
    ]
    assert similar[0]["id"] == case["id"] and "固态" in similar[0]["shared"]


def test_valuable_failure_compensation_and_visibility(client: TestClient, world: World) -> None:
    body = {
        "title": "钙钛矿组件湿热老化失败",
        "main_cause": "route",
        "causes": ["funding"],
        "spent_wan": 500.0,
        "publication": "internal",
        "records": {"plan": "原计划"},
    }
    case = ok(call(client, world, "admin", "POST", "/api/v1/failure-cases", json=body), 201)
    assert case["records"] == {"attached": {"plan": "原计划"}}
    for who in ("public", "enterprise", "anonymous"):
        r = call(client, world, who, "GET", f"/api/v1/failure-cases/{case['id']}")
        assert r.status_code == 404, who
    url = f"/api/v1/failure-cases/{case['id']}/decision"
    partly = {
        "checklist": {
            "diligent": True,
            "documented": True,
            "reusable": False,
            "new_knowledge": True,
        },
        "decision": "valuable",
    }
    assert call(client, world, "admin", "POST", url, json=partly).status_code == 422
    full = {**partly, "checklist": {**partly["checklist"], "reusable": True}}
    decided = ok(call(client, world, "admin", "POST", url, json=full))
    # 500 万元 × 0.3 = 150, capped at 100 (settings)
    assert decided["decision"] == "valuable" and decided["compensation_wan"] == 100.0
    assert call(client, world, "broker", "POST", url, json=full).status_code == 200
    assert call(client, world, "reviewer", "POST", url, json=full).status_code == 403


def test_overdue_milestone_warns_once(client: TestClient, world: World, db: Database) -> None:
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    aid = team_application(client, world, cid)
    move(client, world, cid, "closed", "under_review")
    assign(client, world, cid, "reviewer")
    ok(score(client, world, "reviewer", aid, [80, 80, 80]))
    ok(
        call(
            client,
            world,
            "admin",
            "POST",
            f"/api/v1/challenges/{cid}/award",
            json={"application_id": aid},
        )
    )
    ms = {"title": "中试验证", "due": "2030-06-30", "trl_target": 6, "payment_share": 0.5}
    ok(call(client, world, "admin", "POST", f"/api/v1/challenges/{cid}/milestones", json=ms), 201)
    world.notices.clear()
    with db.write(actor="test") as session:
        assert warn_overdue(session, system_principal("test"), dt.date(2030, 6, 30)) == 0
        assert warn_overdue(session, system_principal("test"), dt.date(2030, 7, 1)) == 1
        assert warn_overdue(session, system_principal("test"), dt.date(2030, 7, 2)) == 0
        assert session.query(ChallengeMilestone).one().overdue_notified
    notice = world.notices[-1]
    assert notice.kind == "challenge.deadline" and "中试验证" in notice.title
    assert (
        world.users["enterprise"] in notice.recipients and world.users["admin"] in notice.recipients
    )
    assert world.users["reviewer"] not in notice.recipients
