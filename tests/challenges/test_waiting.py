"""待我处理 for 揭榜挂帅: an assigned reviewer sees each application not scored yet while the
challenge is under review (blind: by its code, never the team), with the count in the header;
scoring removes it; an unassigned reviewer, the applicant and the public see nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from tests.challenges.conftest import (
    TEAM_NAMES,
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
from tests.challenges.test_pages import token
from tests.clients import web_client
from tests.factories import PASSWORD, make
from xinzhi.core.db import Database

Pages = Callable[[str], TestClient]

COUNT = re.compile(r'data-testid="queue-count"[^>]*>(\d+)<')
TITLE = "高精度谐波减速器寿命提升攻关"


@pytest.fixture
def pages(client: TestClient) -> Iterator[Pages]:
    """``pages(who)``: a page client logged in as the sample account ``who``."""
    with ExitStack() as stack:

        def _pages(who: str) -> TestClient:
            c = stack.enter_context(web_client(client.app))  # type: ignore[arg-type]
            data = {"username": who, "password": PASSWORD, "csrf_token": token(c)}
            assert c.post("/login", data=data, follow_redirects=False).status_code == 303
            return c

        yield _pages


def count(page: str) -> int:
    found = COUNT.search(page)
    return int(found.group(1)) if found else 0


def under_review(client: TestClient, world: World, *, blind: bool) -> tuple[int, int, int]:
    cid = create_challenge(client, world, blind=blind)
    move(client, world, cid, "published")
    first = team_application(client, world, cid)
    second = int(ok(apply(client, world, cid, who="enterprise2"), 201)["id"])
    assign(client, world, cid, "reviewer")
    move(client, world, cid, "closed", "under_review")
    return cid, first, second


def test_assigned_reviewer_sees_unscored_blind_applications(
    client: TestClient, world: World, pages: Pages
) -> None:
    cid, first, second = under_review(client, world, blind=True)
    reviewer = pages("reviewer")
    queue = reviewer.get("/queue")
    assert "待评审打分的揭榜方案" in queue.text
    assert f"{TITLE} · 方案 1" in queue.text and f"{TITLE} · 方案 2" in queue.text
    assert f'href="/challenges/{cid}/review#app-{first}"' in queue.text
    assert not any(name in queue.text for name in (*TEAM_NAMES, "苏州精密机械有限公司"))
    assert count(queue.text) == 2
    ok(score(client, world, "reviewer", first, [80, 70, 90]))
    after = reviewer.get("/queue")
    assert f"{TITLE} · 方案 1" not in after.text and f"{TITLE} · 方案 2" in after.text
    assert count(after.text) == 1
    ok(score(client, world, "reviewer", second, [60, 60, 60]))
    done = reviewer.get("/queue")
    assert "待评审打分的揭榜方案" not in done.text and count(done.text) == 0


def test_open_review_names_the_lead_and_others_see_nothing(
    client: TestClient, world: World, pages: Pages
) -> None:
    under_review(client, world, blind=False)
    assert f"{TITLE} · {TEAM_NAMES[0]}" in pages("reviewer").get("/queue").text
    for who in ("reviewer2", "enterprise", "researcher", "public", "broker"):
        page = pages(who).get("/queue")
        assert page.status_code == 200, who
        assert TITLE not in page.text and count(page.text) == 0, who


def test_nothing_waits_before_or_after_the_review(
    client: TestClient, world: World, pages: Pages
) -> None:
    cid = create_challenge(client, world)
    move(client, world, cid, "published")
    team_application(client, world, cid)
    assign(client, world, cid, "reviewer")
    assert TITLE not in pages("reviewer").get("/queue").text  # not under review yet


def test_staff_see_key_needs_waiting_for_review(
    client: TestClient, world: World, pages: Pages, db: Database
) -> None:
    demand = make(db, "demands", title="谐波减速器柔轮寿命不足", owner_org_id=world.ids["ent"])
    flag = {"demand_id": demand, "chokepoint": "谐波减速器柔轮"}
    need = ok(call(client, world, "enterprise", "POST", "/api/v1/key-needs", json=flag), 201)
    admin = pages("admin")
    queue = admin.get("/queue").text
    assert "待审核的重点需求" in queue and "谐波减速器柔轮寿命不足 · 谐波减速器柔轮" in queue
    assert count(queue) == 1
    for who in ("enterprise", "reviewer", "public"):
        assert "待审核的重点需求" not in pages(who).get("/queue").text, who
    review = {"status": "accepted"}
    ok(call(client, world, "admin", "POST", f"/api/v1/key-needs/{need['id']}/review", json=review))
    assert count(admin.get("/queue").text) == 0
