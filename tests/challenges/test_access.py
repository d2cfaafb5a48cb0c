"""Every role on every endpoint: one seeded state, a table of expected status codes, and every
mismatch reported at once (the table is the permission rule in figures).

Roles: admin and broker (department staff), enterprise (leads the team, with the university
as member), researcher (the university: a team member), enterprise2 (another applicant),
reviewer (assigned), reviewer5 (a reviewer not assigned), public, anonymous."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.challenges.conftest import (
    World,
    apply,
    assign,
    call,
    challenge_body,
    create_challenge,
    move,
    ok,
    team_application,
)

WHO = (
    "admin",
    "broker",
    "enterprise",
    "researcher",
    "enterprise2",
    "reviewer",
    "reviewer5",
    "public",
    "anonymous",
)
STAFF_ONLY = {"admin": 200, "broker": 200, "anonymous": 401, "*": 403}


def expect(table: dict[str, int], who: str) -> int:
    return table.get(who, table["*"])


def _seed(client: TestClient, world: World) -> dict[str, int]:
    draft = create_challenge(client, world)
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    a1 = team_application(client, world, cid)
    move(client, world, cid, "closed", "under_review")
    assign(client, world, cid, "reviewer", "reviewer2")  # reviewer2 never scores: not final
    open_cid = create_challenge(client, world)
    move(client, world, open_cid, "published")
    ok(apply(client, world, open_cid, who="enterprise2"), 201)
    withdrawn = create_challenge(client, world)
    move(client, world, withdrawn, "cancelled")  # cancelled before publication
    return {"draft": draft, "cid": cid, "a1": a1, "open": open_cid, "withdrawn": withdrawn}


def endpoints(s: dict[str, int], world: World) -> list[tuple[str, str, str, Any, dict[str, int]]]:
    cid, a1 = s["cid"], s["a1"]
    scores = {"scores": {"技术先进性": 80, "可行性": 80, "团队能力": 80}}
    mine = {
        "admin": 403,
        "broker": 403,
        "enterprise": 201,
        "researcher": 201,
        "enterprise2": 409,
        "anonymous": 401,
        "*": 403,
    }
    leads = {
        "enterprise": world.ids["ent"],
        "researcher": world.ids["uni"],
        "enterprise2": world.ids["ent2"],
    }
    sees_app = {
        "admin": 200,
        "broker": 200,
        "enterprise": 200,
        "researcher": 200,
        "reviewer": 200,
        "*": 404,
    }
    return [
        ("list", "GET", "/api/v1/challenges", None, {"*": 200}),
        (
            "draft",
            "GET",
            f"/api/v1/challenges/{s['draft']}",
            None,
            {"admin": 200, "broker": 200, "*": 404},
        ),
        (
            "withdrawn",
            "GET",
            f"/api/v1/challenges/{s['withdrawn']}",
            None,
            {"admin": 200, "broker": 200, "*": 404},
        ),
        ("detail", "GET", f"/api/v1/challenges/{cid}", None, {"*": 200}),
        (
            "create",
            "POST",
            "/api/v1/challenges",
            challenge_body(),
            {"admin": 201, "broker": 201, "anonymous": 401, "*": 403},
        ),
        (
            "status",
            "POST",
            f"/api/v1/challenges/{cid}/status",
            {"status": "completed"},
            {"admin": 409, "broker": 409, "anonymous": 401, "*": 403},
        ),
        (
            "apply",
            "POST",
            f"/api/v1/challenges/{s['open']}/applications",
            lambda who: {"lead_org_id": leads.get(who, world.ids["ent"]), "proposal": "方案说明"},
            mine,
        ),
        ("applications", "GET", f"/api/v1/challenges/{cid}/applications", None, {"*": 200}),
        ("application", "GET", f"/api/v1/applications/{a1}", None, sees_app),
        (
            "feedback",
            "GET",
            f"/api/v1/applications/{a1}/feedback",
            None,
            {**sees_app, "reviewer": 404},
        ),
        (
            "scores",
            "PUT",
            f"/api/v1/applications/{a1}/scores",
            scores,
            {
                "admin": 403,
                "broker": 403,
                "enterprise": 403,
                "researcher": 403,
                "reviewer": 200,
                "*": 404,
            },
        ),
        ("ranking", "GET", f"/api/v1/challenges/{cid}/ranking", None, STAFF_ONLY),
        ("reviewers", "GET", f"/api/v1/challenges/{cid}/reviewers", None, STAFF_ONLY),
        (
            "assign",
            "POST",
            f"/api/v1/challenges/{cid}/reviewers",
            {"user_id": world.users["reviewer"]},
            {"admin": 409, "broker": 409, "anonymous": 401, "*": 403},
        ),
        (
            "award",
            "POST",
            f"/api/v1/challenges/{cid}/award",
            {"application_id": a1},
            {"admin": 409, "broker": 409, "anonymous": 401, "*": 403},
        ),
        (
            "milestone",
            "POST",
            f"/api/v1/challenges/{cid}/milestones",
            {"title": "样机", "due": "2030-01-01", "trl_target": 5, "payment_share": 0.5},
            {"admin": 409, "broker": 409, "anonymous": 401, "*": 403},
        ),
        (
            "accept",
            "POST",
            "/api/v1/milestones/999/accept",
            None,
            {"admin": 404, "broker": 404, "anonymous": 401, "*": 403},
        ),
        ("payments", "GET", f"/api/v1/challenges/{cid}/payments", None, STAFF_ONLY),
        ("stats", "GET", "/api/v1/challenges/stats", None, STAFF_ONLY),
        ("cstats", "GET", f"/api/v1/challenges/{cid}/stats", None, STAFF_ONLY),
        ("cases", "GET", "/api/v1/failure-cases", None, {"*": 200}),
        (
            "case",
            "POST",
            "/api/v1/failure-cases",
            {"title": "试验失败", "main_cause": "route"},
            {"admin": 201, "broker": 201, "anonymous": 401, "*": 403},
        ),
        ("needs", "GET", "/api/v1/key-needs", None, {"*": 200}),
        ("uncovered", "GET", "/api/v1/key-needs?uncovered=true", None, {"*": 200}),
        ("export", "GET", f"/api/v1/challenges/{cid}/applications.csv", None, {"*": 200}),
    ]


def test_every_role_on_every_endpoint(client: TestClient, world: World) -> None:
    seeded = _seed(client, world)
    wrong = []
    for name, method, url, body, table in endpoints(seeded, world):
        for who in WHO:
            payload = body(who) if callable(body) else body
            r = call(client, world, who, method, url, json=payload)
            want = expect(table, who)
            if r.status_code != want:
                wrong.append(f"{name} as {who}: {r.status_code} (expected {want}) {r.text[:120]}")
    assert wrong == []


def test_applications_list_by_role(client: TestClient, world: World) -> None:
    s = _seed(client, world)
    url = f"/api/v1/challenges/{s['cid']}/applications"
    counts = {who: len(ok(call(client, world, who, "GET", url))) for who in WHO}
    assert counts == {
        "admin": 1,
        "broker": 1,
        "enterprise": 1,
        "researcher": 1,
        "enterprise2": 0,
        "reviewer": 1,
        "reviewer5": 0,
        "public": 0,
        "anonymous": 0,
    }
