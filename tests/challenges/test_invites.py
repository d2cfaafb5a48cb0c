"""Inviting solvers: the matching engine proposes organisations and experts for a published
challenge, staff invite organisations, their users get an inbox notice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.challenges.conftest import World, call, create_challenge, move, ok
from tests.factories import make
from xinzhi.core.db import Database
from xinzhi.matching import service


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


def test_propose_and_invite(client: TestClient, world: World, db: Database) -> None:
    make(
        db,
        "experts",
        name="陈工",
        title="研究员",
        fields=["谐波减速器"],
        bio="长期从事谐波减速器柔轮疲劳寿命与齿形修形研究。",
        organisation_id=world.ids["inst"],
    )
    with db.read() as session:  # the test settings use the fast `hashing` model
        assert service.update_index(session, db.settings).documents > 0
    cid = create_challenge(client, world)
    url = f"/api/v1/challenges/{cid}/invitations"
    proposed = ok(call(client, world, "admin", "GET", url))
    assert any(p["type"] == "person" and p["title"] == "陈工" for p in proposed), proposed
    assert call(client, world, "enterprise", "GET", url).status_code == 403
    body = {"organisation_ids": [world.ids["uni"]]}
    assert call(client, world, "admin", "POST", url, json=body).status_code == 409  # a draft
    move(client, world, cid, "published")
    world.notices.clear()
    told = ok(call(client, world, "admin", "POST", url, json=body))
    assert told["notified_users"] == 1
    notice = world.notices[-1]
    assert notice.recipients == (world.users["researcher"],) and "邀请揭榜" in notice.title


def test_publishing_tells_the_organisations_the_engine_proposes(
    client: TestClient, world: World, db: Database
) -> None:
    make(
        db,
        "achievements",
        title="谐波减速器柔轮疲劳寿命提升与齿形修形技术",
        summary="高精度谐波减速器柔轮材料、齿形修形与寿命试验，额定负载寿命提升。",
        owner_org_id=world.ids["uni"],
    )
    with db.read() as session:
        assert service.update_index(session, db.settings).documents > 0
    cid = create_challenge(client, world)
    world.notices.clear()
    move(client, world, cid, "published")
    invited = [n for n in world.notices if "邀请揭榜" in n.title]
    assert invited and world.users["researcher"] in invited[0].recipients, world.notices


def test_publishing_with_no_index_invites_nobody_and_still_publishes(
    client: TestClient, world: World
) -> None:
    cid = create_challenge(client, world)
    world.notices.clear()
    move(client, world, cid, "published")
    assert not [n for n in world.notices if "邀请揭榜" in n.title]
    assert ok(call(client, world, "admin", "GET", f"/api/v1/challenges/{cid}"))["status"] == (
        "published"
    )
