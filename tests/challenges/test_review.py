"""Conflicts of interest (same organisation, co-inventors within 3 years, co-developers,
declared ties), recusal per application, the five-reviewer trimmed mean through the API, the
spread flag and the defence round."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from tests.challenges.conftest import (
    World,
    apply,
    assign,
    call,
    create_challenge,
    move,
    ok,
    score,
    team_application,
)
from tests.factories import make
from xinzhi.catalog.models import Link
from xinzhi.core.db import Database
from xinzhi.core.models import User


def _under_review(client: TestClient, world: World) -> tuple[int, int]:
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    aid = team_application(client, world, cid)
    move(client, world, cid, "closed", "under_review")
    return cid, aid


def _name(db: Database, user_id: int, name: str, org: int | None = None) -> None:
    with db.write(actor="test") as session:
        user = session.get_one(User, user_id)
        user.display_name = name
        if org is not None:
            user.organisation_id = org


def _assign(client: TestClient, world: World, cid: int, who: str, **extra: object) -> object:
    body = {"user_id": world.users[who], **extra}
    return call(client, world, "admin", "POST", f"/api/v1/challenges/{cid}/reviewers", json=body)


def test_same_organisation_is_refused_with_the_conflict_named(
    client: TestClient, world: World, db: Database
) -> None:
    cid, aid = _under_review(client, world)
    _name(db, world.users["reviewer2"], "周教授", org=world.ids["uni"])  # the team's member
    r = _assign(client, world, cid, "reviewer2")
    assert r.status_code == 409
    error = r.json()["error"]
    assert "与申报团队同一单位" in error["message"] and f"申报 #{aid}" in error["message"]
    assert error["details"][0]["conflicts"][0]["kind"] == "same_org"
    # assigned anyway with recusal from the conflicted application only
    ok(_assign(client, world, cid, "reviewer2", recuse_conflicted=True), 201)
    listed = ok(call(client, world, "reviewer2", "GET", f"/api/v1/challenges/{cid}/applications"))
    assert listed == []
    rows = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/reviewers"))
    assert rows[0]["recused_from"] == [aid]


@pytest.mark.parametrize(("years_ago", "conflict"), [(1, True), (5, False)], ids=["1y", "5y"])
def test_coinventor_within_three_years(
    client: TestClient, world: World, db: Database, years_ago: int, conflict: bool
) -> None:
    cid, _aid = _under_review(client, world)
    _name(db, world.users["reviewer"], "李明")
    make(db, "experts", name="李明", organisation_id=world.ids["rev_org"])
    make(db, "experts", name="张伟", organisation_id=world.ids["uni"])
    filed = dt.date.today() - dt.timedelta(days=365 * years_ago + 10)
    make(
        db,
        "patents",
        pub_no="CN123456789A",
        title="柔轮热处理方法",
        inventors=["李明", "张伟"],
        applicants=["某公司"],
        app_date=filed.isoformat(),
    )
    r = _assign(client, world, cid, "reviewer")
    assert r.status_code == (409 if conflict else 201), r.text
    if conflict:
        assert "近三年与申报团队成员共同发明" in r.json()["error"]["message"]
        assert "CN123456789A" in r.json()["error"]["message"]


def test_codeveloper_and_declared_tie(client: TestClient, world: World, db: Database) -> None:
    cid, _aid = _under_review(client, world)
    _name(db, world.users["reviewer"], "王强")
    expert = make(db, "experts", name="王强")
    achievement = make(db, "achievements", title="谐波齿形设计", owner_org_id=world.ids["ent"])
    with db.write(actor="test") as session:
        session.add(
            Link(
                source_type="achievements",
                source_id=achievement,
                target_type="experts",
                target_id=expert,
                relation="developed_by",
            )
        )
    r = _assign(client, world, cid, "reviewer")
    assert r.status_code == 409 and "共同完成科技成果" in r.json()["error"]["message"]
    # a tie the reviewer declares bars them too
    tie = {
        "user_id": world.users["reviewer3"],
        "organisation_id": world.ids["inst"],
        "kind": "family",
        "note": "配偶在该院工作",
    }
    ok(call(client, world, "reviewer3", "POST", "/api/v1/reviewer-ties", json=tie), 201)
    other = {**tie, "user_id": world.users["reviewer4"]}
    assert (
        call(client, world, "reviewer3", "POST", "/api/v1/reviewer-ties", json=other).status_code
        == 403
    )
    r = _assign(client, world, cid, "reviewer3")
    assert r.status_code == 409 and "亲属关系" in r.json()["error"]["message"]


def test_new_application_recuses_conflicted_reviewer(
    client: TestClient, world: World, db: Database
) -> None:
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    _name(db, world.users["reviewer"], "赵六", org=world.ids["ent2"])
    assign(client, world, cid, "reviewer")  # no application yet: no conflict
    a2 = int(ok(apply(client, world, cid, who="enterprise2"), 201)["id"])
    a1 = team_application(client, world, cid)
    move(client, world, cid, "closed", "under_review")
    listed = ok(call(client, world, "reviewer", "GET", f"/api/v1/challenges/{cid}/applications"))
    assert [a["id"] for a in listed] == [a1]
    assert score(client, world, "reviewer", a2, [80, 80, 80]).status_code == 404


def test_recusal_per_application_and_abstain(client: TestClient, world: World) -> None:
    cid, aid = _under_review(client, world)
    assign(client, world, cid, "reviewer", "reviewer2")
    url = f"/api/v1/applications/{aid}/recusals"
    ok(
        call(
            client,
            world,
            "admin",
            "POST",
            url,
            json={"user_id": world.users["reviewer"], "reason": "曾指导该团队"},
        ),
        201,
    )
    assert call(client, world, "reviewer", "GET", f"/api/v1/applications/{aid}").status_code == 404
    abstained = ok(
        call(client, world, "reviewer2", "POST", url, json={"reason": "熟悉该团队"}), 201
    )
    assert abstained["kind"] == "abstain"
    summary = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/ranking/summary"))
    assert summary["items"][0]["assigned"] == 0 and summary["final"] is False


def test_five_reviewers_trimmed_mean_spread_and_defence(client: TestClient, world: World) -> None:
    cid, aid = _under_review(client, world)
    panel = ["reviewer", "reviewer2", "reviewer3", "reviewer4", "reviewer5"]
    assign(client, world, cid, *panel)
    values = [[90, 80, 70], [70, 70, 70], [100, 100, 100], [60, 75, 80], [40, 50, 60]]
    for who, v in zip(panel, values, strict=True):
        ok(score(client, world, who, aid, v))
    items = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/ranking"))
    # weighted 81.5, 70, 100, 70.25, 48.5 → drop 100 and 48.5 → 221.75 / 3
    assert items[0]["score"] == pytest.approx(73.9167, abs=1e-4)
    assert items[0]["reviewers"] == 5 and items[0]["final"] is True
    assert items[0]["spread_flag"] is True and items[0]["std"] == pytest.approx(16.808, abs=1e-3)
    # 答辩: a defence round from two reviewers, weight 0.3 (setting)
    ok(score(client, world, "reviewer", aid, [90, 90, 90], round_="defence"))
    ok(score(client, world, "reviewer2", aid, [80, 80, 80], round_="defence"))
    items = ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}/ranking"))
    assert items[0]["defence_score"] == pytest.approx(85.0)
    assert items[0]["score"] == pytest.approx(0.7 * 221.75 / 3 + 0.3 * 85.0, abs=1e-4)
    bad = score(client, world, "reviewer", aid, [101, 80, 80])
    assert bad.status_code == 422
    missing = call(
        client,
        world,
        "reviewer",
        "PUT",
        f"/api/v1/applications/{aid}/scores",
        json={"scores": {"技术先进性": 80}},
    )
    assert missing.status_code == 422 and "缺少" in missing.text
