"""Every engagement endpoint for every role: who sees (admin, the assigned broker, both parties'
users) and who gets 404, create and respond rights, confidential demands, notices."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.engagements.conftest import CONTRACT, ROLES, SEES, World, advance, create
from tests.factories import make


def _seed(client: TestClient, world: World) -> int:
    """An engagement assigned to ``broker``, at 已签约 with a contract and a due follow-up."""
    eid = create(client, world).json()["id"]
    contact = {
        "date": "2026-03-01",
        "channel": "meeting",
        "summary": "现场考察",
        "next_follow_up": "2026-03-02",
    }
    assert (
        client.post(
            f"/api/v1/engagements/{eid}/contacts", json=contact, headers=world.headers("broker")
        ).status_code
        == 201
    )
    advance(client, world, eid, "contacted", "interested", "negotiating", "signed")
    r = client.post(
        f"/api/v1/engagements/{eid}/contract", json=CONTRACT, headers=world.headers("broker")
    )
    assert r.status_code == 201, r.text
    return int(eid)


def test_read_endpoints_for_every_role(client: TestClient, world: World) -> None:
    eid = _seed(client, world)
    for who in ROLES:
        h = world.headers(who)
        sees = who in SEES
        listed = client.get(
            "/api/v1/engagements", params={"demand_id": world.ids["demand"]}, headers=h
        )
        assert listed.status_code == 200
        assert [e["id"] for e in listed.json()["items"]] == ([eid] if sees else []), who
        detail = client.get(f"/api/v1/engagements/{eid}", headers=h)
        assert detail.status_code == (200 if sees else 404), who
        if sees:
            body = detail.json()
            assert [s["stage"] for s in body["history"]][-1] == "signed"
            assert body["contacts"][0]["channel_label"] == "会面"
            assert body["contract"]["tech_amount_wan"] == 100.0
        funnel = client.get("/api/v1/engagements/funnel", headers=h).json()
        assert funnel["stages"]["signed"] == (1 if sees else 0), who
        stats = client.get("/api/v1/engagements/stats", params={"year": 2026}, headers=h).json()
        assert stats["count"] == (1 if sees else 0), who
        xlsx = client.get("/api/v1/engagements/contracts.xlsx", headers=h)
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet is not None and sheet.max_row == (2 if sees else 1), who
        due = client.get("/api/v1/engagements/follow-ups", headers=h).json()
        assert [d["engagement_id"] for d in due] == ([eid] if sees else []), who


def test_write_endpoints_for_every_role(client: TestClient, world: World) -> None:
    eid = create(client, world).json()["id"]
    contact = {"date": "2026-03-01", "channel": "phone", "summary": "电话"}
    hidden = [r for r in ROLES if r not in SEES]
    for who in hidden:
        h = world.headers(who)
        url = f"/api/v1/engagements/{eid}"
        assert (
            client.post(url + "/stage", json={"stage": "contacted"}, headers=h).status_code == 404
        )
        assert client.post(url + "/contacts", json=contact, headers=h).status_code == 404
        assert client.post(url + "/contract", json=CONTRACT, headers=h).status_code == 404
        assert client.patch(url, json={"broker_id": None}, headers=h).status_code == 404, who
    stages = iter(["contacted", "interested", "negotiating", "signed"])
    for who in sorted(SEES):
        h = world.headers(who)
        url = f"/api/v1/engagements/{eid}"
        assert (
            client.post(url + "/stage", json={"stage": next(stages)}, headers=h).status_code == 200
        )
        assert client.post(url + "/contacts", json=contact, headers=h).status_code == 201
    assert (
        client.post(
            f"/api/v1/engagements/{eid}/contract",
            json=CONTRACT,
            headers=world.headers("researcher"),
        ).status_code
        == 201
    )
    for who, status in (("admin", 200), ("broker", 200), ("enterprise", 403), ("researcher", 403)):
        body = {"broker_id": world.users["broker"]}
        r = client.patch(f"/api/v1/engagements/{eid}", json=body, headers=world.headers(who))
        assert r.status_code == status, who


def test_create_rights_for_every_role(client: TestClient, world: World) -> None:
    expected = {
        "admin": 201,
        "broker": 201,
        "broker2": 201,
        "enterprise": 201,
        "enterprise2": 403,
        "researcher": 403,
        "researcher2": 403,
        "reviewer": 403,
        "anonymous": 401,
    }
    for n, who in enumerate(ROLES):
        patent = make(client.app.state.db, "patents", pub_no=f"CN{n}A", title=f"专利{n}")  # type: ignore[attr-defined]
        r = create(client, world, who, candidate_type="patent", candidate_id=patent)
        assert r.status_code == expected[who], (who, r.text)
        if r.status_code == 201:
            assert r.json()["stage"] == "recommended"
            mine = world.users[who] if who.startswith("broker") else None
            assert r.json()["broker_id"] == mine
        secret = create(
            client,
            world,
            who,
            demand_id=world.ids["secret_demand"],
            candidate_type="patent",
            candidate_id=patent,
        )
        assert secret.status_code == (
            201 if who in ("admin", "broker", "broker2", "enterprise") else 404
        )


def test_skip_and_duplicate_are_conflicts_with_a_message(client: TestClient, world: World) -> None:
    eid = create(client, world).json()["id"]
    duplicate = create(client, world)
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "conflict"
    skip = client.post(
        f"/api/v1/engagements/{eid}/stage",
        json={"stage": "signed"},
        headers=world.headers("broker"),
    )
    assert skip.status_code == 409
    assert "已联系 (contacted)" in skip.json()["error"]["message"]
    early = client.post(
        f"/api/v1/engagements/{eid}/contract", json=CONTRACT, headers=world.headers("broker")
    )
    assert early.status_code == 409
    bad = client.post(
        f"/api/v1/engagements/{eid}/stage",
        json={"stage": "terminated"},
        headers=world.headers("broker"),
    )
    assert bad.status_code == 422


def test_confidential_demand_engagements_follow_the_demand(
    client: TestClient, world: World
) -> None:
    r = create(client, world, "broker", demand_id=world.ids["secret_demand"])
    eid = r.json()["id"]
    for who in ROLES:
        status = client.get(f"/api/v1/engagements/{eid}", headers=world.headers(who)).status_code
        assert status == (200 if who in ("admin", "broker", "enterprise") else 404), who
    notified = {u for n in world.notices for u in n.recipients}
    assert world.users["researcher"] not in notified  # the candidate side may not see it


def test_responses_for_every_role(client: TestClient, world: World) -> None:
    create(client, world, "broker")  # the demand's broker, whom responses are assigned to
    world.notices.clear()
    url = f"/api/v1/demands/{world.ids['demand']}/responses"
    expected = {
        "researcher": 201,
        "researcher2": 201,
        "enterprise2": 201,
        "enterprise": 422,
        "admin": 403,
        "broker": 403,
        "broker2": 403,
        "reviewer": 403,
        "anonymous": 401,
    }
    for who in ROLES:
        body = {"proposal": "可提供中试样品与封装工艺包"}
        if who == "researcher":
            body["achievement_id"] = world.ids["achievement2"]  # type: ignore[assignment]
        r = client.post(url, json=body, headers=world.headers(who))
        assert r.status_code == expected[who], (who, r.text)
        if r.status_code == 201:
            assert r.json()["broker_id"] == world.users["broker"]
            assert r.json()["origin"] == "response" and r.json()["stage"] == "recommended"
    researcher = next(n for n in world.notices if world.users["researcher"] not in n.recipients)
    assert world.users["enterprise"] in researcher.recipients
    assert world.users["broker"] in researcher.recipients
    secret = client.post(
        f"/api/v1/demands/{world.ids['secret_demand']}/responses",
        json={"proposal": "方案"},
        headers=world.headers("researcher"),
    )
    assert secret.status_code == 404


def test_notices_go_to_parties_and_broker_never_the_actor(client: TestClient, world: World) -> None:
    eid = create(client, world, "broker").json()["id"]
    advance(client, world, eid, "contacted", who="enterprise")
    created, staged = world.notices[-2:]
    assert created.kind == "engagement.created" and staged.kind == "engagement.stage"
    assert set(created.recipients) == {world.users["enterprise"], world.users["researcher"]}
    assert set(staged.recipients) == {world.users["broker"], world.users["researcher"]}
    assert (
        staged.title.startswith("对接阶段变为「已联系」") and staged.link == f"/engagements/{eid}"
    )
