"""Engagement events reach the parties' inboxes through the notifications domain (no mocks:
the app's own subscriber writes the rows the inbox API reads)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.engagements.conftest import World, advance, create
from xinzhi.engagements import messages
from xinzhi.notifications.messages import KINDS


def test_every_notice_kind_engagements_publish_is_an_inbox_kind() -> None:
    assert set(messages.NOTICE_TITLES) <= set(KINDS), set(messages.NOTICE_TITLES) - set(KINDS)


def _inbox(client: TestClient, world: World, who: str) -> list[dict[str, object]]:
    response = client.get("/api/v1/notifications", headers=world.headers(who))
    assert response.status_code == 200, response.text
    body = response.json()
    return list(body["items"] if isinstance(body, dict) else body)


def test_stage_changes_land_in_the_demand_owners_inbox_not_the_actors(
    client: TestClient, world: World
) -> None:
    eid = create(client, world).json()["id"]
    advance(client, world, eid, "contacted")
    kinds = [n["kind"] for n in _inbox(client, world, "enterprise")]
    assert "engagement.created" in kinds and "engagement.stage" in kinds
    assert all(f"/engagements/{eid}" in str(n["link"]) for n in _inbox(client, world, "enterprise"))
    assert _inbox(client, world, "enterprise2") == []
    unread = client.get("/api/v1/notifications/unread_count", headers=world.headers("enterprise"))
    assert unread.status_code == 200 and unread.json() == {"unread": 2}
