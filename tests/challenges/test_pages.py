"""揭榜挂帅 pages: the lifecycle through forms (create with rubric rows, publish, apply, score,
rank, award), the blind rule on every page a reviewer can open, the CSV export and the audit
view, Chinese-only text, and who may open what."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from tests.challenges.conftest import (
    TEAM_NAMES,
    World,
    assign,
    call,
    create_challenge,
    move,
    ok,
    score,
    team_application,
)
from tests.clients import web_client
from tests.factories import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
Pages = Callable[[str], TestClient]
LEAKS = re.compile(r"\b(True|False|None|under_review|in_progress)\b")


@pytest.fixture
def pages(client: TestClient) -> Iterator[Pages]:
    with ExitStack() as stack:

        def _pages(who: str) -> TestClient:
            c = stack.enter_context(web_client(client.app))  # type: ignore[arg-type]
            if who != "anonymous":
                r = c.post(
                    "/login",
                    data={"username": who, "password": PASSWORD, "csrf_token": token(c)},
                    follow_redirects=False,
                )
                assert r.status_code == 303, r.text
            return c

        yield _pages


def token(c: TestClient, path: str = "/login") -> str:
    found = CSRF.search(c.get(path).text)
    assert found, path
    return found.group(1)


def post(c: TestClient, path: str, data: dict[str, object], page: str) -> object:
    return c.post(path, data={**data, "csrf_token": token(c, page)}, follow_redirects=False)


def text_of(html: str) -> str:
    """Visible text (tags and attribute values dropped)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))


def test_lifecycle_through_the_forms(client: TestClient, world: World, pages: Pages) -> None:
    admin = pages("admin")
    form = {
        "title": "工业机器人关节减速器攻关",
        "goal": "寿命 10000 小时",
        "field": "智能制造",
        "budget_wan": "300",
        "deadline": "2099-12-31",
        "funding_mode": "milestone",
        "blind": "on",
        "criterion_0": "先进性",
        "weight_0": "0.6",
        "criterion_1": "可行性",
        "weight_1": "0.3",
        "lead_kind": "enterprise",
        "team_includes": "university",
    }
    r = post(admin, "/challenges/new", form, "/challenges/new")
    assert r.status_code == 422  # weights sum to 0.9
    assert "权重之和须为 1" in r.text and "工业机器人关节减速器攻关" in r.text  # typed values kept
    r = post(admin, "/challenges/new", {**form, "weight_1": "0.4"}, "/challenges/new")
    assert r.status_code == 303, r.text
    cid = int(r.headers["location"].rsplit("/", 1)[1])
    detail = admin.get(f"/challenges/{cid}").text
    assert "草稿" in detail and "变为「已发榜」" in detail
    assert (
        post(
            admin, f"/challenges/{cid}/status", {"status": "closed"}, f"/challenges/{cid}"
        ).status_code
        == 409
    )
    assert (
        post(
            admin, f"/challenges/{cid}/status", {"status": "published"}, f"/challenges/{cid}"
        ).status_code
        == 303
    )

    ent = pages("enterprise")
    assert "我要揭榜" in ent.get(f"/challenges/{cid}").text
    apply_form = {
        "proposal": f"{TEAM_NAMES[0]}提出柔轮新材料方案",
        "member_org_0": world.ids["uni"],
        "member_role_0": "member",
        "member_share_0": "0.3",
    }
    r = post(ent, f"/challenges/{cid}/apply", apply_form, f"/challenges/{cid}/apply")
    assert r.status_code == 303, r.text
    assert TEAM_NAMES[1] in ent.get(f"/challenges/{cid}").text  # the team sees its own team
    move(client, world, cid, "closed", "under_review")
    assign(client, world, cid, "reviewer")

    rev = pages("reviewer")
    page = rev.get(f"/challenges/{cid}/review").text
    assert "方案 1" in page and "＊＊提出柔轮新材料方案" in page
    aid = int(re.search(r'action="/applications/(\d+)/scores"', page).group(1))  # type: ignore[union-attr]
    r = post(
        rev,
        f"/applications/{aid}/scores",
        {"score_0": "90", "score_1": "80", "comment": "材料方案新颖", "round": "review"},
        f"/challenges/{cid}/review",
    )
    assert r.status_code == 303, r.text
    assert "已评 86.00" in rev.get(f"/challenges/{cid}/review").text

    ranking = admin.get(f"/challenges/{cid}/ranking").text
    assert "排名为最终结果" in ranking and "86.00" in ranking and TEAM_NAMES[0] in ranking
    r = post(
        admin, f"/challenges/{cid}/award", {"application_id": aid}, f"/challenges/{cid}/ranking"
    )
    assert r.status_code == 303
    assert "已挂帅" in admin.get(f"/challenges/{cid}").text
    assert "材料方案新颖" in ent.get(f"/challenges/{cid}").text  # feedback, unattributed
    assert "reviewer" not in text_of(ent.get(f"/challenges/{cid}").text)
    r = post(
        admin,
        f"/challenges/{cid}/milestones",
        {"title": "台架试验", "due": "2099-06-30", "trl_target": "5", "payment_share": "0.5"},
        f"/challenges/{cid}",
    )
    assert r.status_code == 303
    detail = admin.get(f"/challenges/{cid}").text
    mid = re.search(r'action="/milestones/(\d+)/accept"', detail).group(1)  # type: ignore[union-attr]
    r = post(admin, f"/milestones/{mid}/accept", {"challenge_id": cid}, f"/challenges/{cid}")
    assert r.status_code == 409 and "未关联科技成果" in r.text


def test_blind_rule_on_every_reviewer_view(client: TestClient, world: World, pages: Pages) -> None:
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    aid = team_application(client, world, cid)
    move(client, world, cid, "closed", "under_review")
    assign(client, world, cid, "reviewer")
    ok(score(client, world, "reviewer", aid, [80, 80, 80]))
    rev = pages("reviewer")
    views = {
        "detail page": rev.get(f"/challenges/{cid}").text,
        "review page": rev.get(f"/challenges/{cid}/review").text,
        "list api": call(
            client, world, "reviewer", "GET", f"/api/v1/challenges/{cid}/applications"
        ).text,
        "one api": call(client, world, "reviewer", "GET", f"/api/v1/applications/{aid}").text,
        "export": call(
            client, world, "reviewer", "GET", f"/api/v1/challenges/{cid}/applications.csv"
        ).text,
        "audit": call(client, world, "reviewer", "GET", "/api/v1/audit").text,
    }
    for where, body in views.items():
        for name in (*TEAM_NAMES, "lead_org_id", f'"organisation_id": {world.ids["ent"]}'):
            assert name not in body, f"{name} in {where}"
    assert call(client, world, "reviewer", "GET", "/api/v1/audit").status_code == 403
    assert rev.get(f"/challenges/{cid}/ranking").status_code == 403
    # staff see the team
    assert TEAM_NAMES[0] in pages("admin").get(f"/challenges/{cid}").text


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("anonymous", "/challenges", 200),
        ("anonymous", "/failure-cases", 200),
        ("public", "/challenges/new", 403),
        ("broker", "/challenges/new", 200),
        ("enterprise", "/challenges/stats", 403),
        ("admin", "/challenges/stats", 200),
        ("enterprise", "/key-needs", 200),
        ("reviewer", "/challenges/{cid}/review", 403),
        ("researcher", "/challenges/{cid}/apply", 200),
        ("broker", "/challenges/{cid}/apply", 403),
        ("public", "/challenges/{draft}", 404),
    ],
    ids=lambda v: str(v).replace("/", "_"),
)
def test_who_opens_which_page(
    client: TestClient, world: World, pages: Pages, who: str, path: str, status: int
) -> None:
    draft = create_challenge(client, world)
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    r = pages(who).get(path.format(cid=cid, draft=draft))
    assert r.status_code == status
    if status == 200:
        assert not LEAKS.search(text_of(r.text)), LEAKS.search(text_of(r.text))
