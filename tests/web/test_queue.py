"""待我处理 (/queue) for TRL approvals: a reviewer sees an assessment whose level is ready to
approve, with its count in the header of every page; approving removes it; a confidential
achievement of another organisation stays hidden from the reviewer (staff see it); roles that
may not approve see nothing."""

from __future__ import annotations

import re

import pytest

from tests.clients import ClientAs
from tests.factories import ADMIN, make
from tests.maturity.helpers import meet_level
from tests.world import ACHIEVEMENT_TITLE, World
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings
from xinzhi.maturity import service

SECRET_TITLE = "机密的固态电池界面改性工艺"
COUNT = re.compile(r'data-testid="queue-count"[^>]*>(\d+)<')


def ready_assessment(db: Database, settings: Settings, achievement_id: int) -> int:
    """An open assessment whose level 1 is met with evidence, not yet approved."""
    with db.write(actor="test") as session:
        row = service.start_assessment(session, ADMIN, achievement_id, scale="nasa")
        meet_level(session, settings, row.id, 1)
        return int(row.id)


def header_count(page: str) -> int:
    found = COUNT.search(page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def secret(db: Database, world: World) -> int:
    return make(
        db,
        "achievements",
        title=SECRET_TITLE,
        summary="界面改性",
        field="新能源",
        confidentiality="confidential",
        owner_org_id=world.orgs["other"],
    )


def test_reviewer_sees_a_ready_level_until_it_is_approved(
    client_as: ClientAs, db: Database, settings: Settings, world: World, secret: int
) -> None:
    ach = world.records["achievement"]
    aid = ready_assessment(db, settings, ach)
    ready_assessment(db, settings, secret)
    reviewer = client_as("reviewer")
    queue = reviewer.get("/queue")
    assert queue.status_code == 200
    assert "待审批的技术成熟度等级" in queue.text
    assert ACHIEVEMENT_TITLE in queue.text and "TRL 1" in queue.text
    assert f'href="/maturity/achievements/{ach}"' in queue.text
    assert SECRET_TITLE not in queue.text  # a confidential record the reviewer may not read
    assert header_count(queue.text) == 1
    assert header_count(reviewer.get("/?overview=1").text) == 1
    admin = client_as("admin")
    assert SECRET_TITLE in admin.get("/queue").text
    assert header_count(admin.get("/queue").text) == 2
    with db.write(actor="test") as session:
        service.approve_level(session, ADMIN, aid, 1)
    after = reviewer.get("/queue")
    assert ACHIEVEMENT_TITLE not in after.text and "目前没有需要您处理的事项" in after.text
    assert header_count(after.text) == 0


@pytest.mark.parametrize("who", ["broker", "owner", "researcher", "public"])
def test_others_see_no_approvals(
    client_as: ClientAs, db: Database, settings: Settings, world: World, who: str
) -> None:
    ready_assessment(db, settings, world.records["achievement"])
    page = client_as(who).get("/queue")
    assert page.status_code == 200
    assert ACHIEVEMENT_TITLE not in page.text and "待审批" not in page.text
    assert header_count(page.text) == 0
    assert 'data-testid="queue-link"' in page.text  # the link is there for every role


def test_anonymous_is_sent_to_log_in(client_as: ClientAs) -> None:
    page = client_as(None).get("/queue", follow_redirects=False)
    assert page.status_code in (303, 401)
    assert 'data-testid="queue-link"' not in client_as(None).get("/").text
