"""Stage rules: forward one step only, termination with a reason, time in stage, audit, and
the demand status that follows the engagement."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.factories import ADMIN
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.core.models import AuditLog
from xinzhi.engagements import service
from xinzhi.engagements.models import EngagementStage
from xinzhi.engagements.schemas import EngagementCreate, StageChange
from xinzhi.engagements.stages import ORDER
from xinzhi.engagements.views import read_detail


def _open(db: Database, ids: dict[str, int], candidate: str = "achievement") -> int:
    body = EngagementCreate(
        demand_id=ids["demand"], candidate_type="achievement", candidate_id=ids[candidate]
    )
    with db.write(actor="test") as session:
        return service.create(session, ADMIN, body).id


def _move(db: Database, eid: int, stage: str, reason: str | None = None, note: str = "") -> None:
    with db.write(actor="test") as session:
        service.change_stage(
            session, ADMIN, eid, StageChange(stage=stage, reason=reason, note=note)
        )


def _walk_to(db: Database, eid: int, stage: str) -> None:
    for s in ORDER[1 : ORDER.index(stage) + 1]:
        _move(db, eid, s)


def test_every_skip_or_backward_move_is_refused_with_the_allowed_stage(
    db: Database, ids: dict[str, int]
) -> None:
    eid = _open(db, ids)
    for current in ORDER[:-1]:
        allowed = ORDER[ORDER.index(current) + 1]
        for target in ORDER:
            if target == allowed:
                continue
            with pytest.raises(Conflict) as caught:
                _move(db, eid, target)
            assert f"{allowed})" in caught.value.message, (current, target)
            assert "下一阶段只能是" in caught.value.message
        _move(db, eid, allowed)


def test_walk_through_every_stage_then_no_further_change(db: Database, ids: dict[str, int]) -> None:
    eid = _open(db, ids)
    _walk_to(db, eid, "completed")
    with pytest.raises(Conflict):
        _move(db, eid, "terminated", "other", "late")


@pytest.mark.parametrize("reason", ["mismatch", "price", "timing", "ip", "no_response"])
def test_terminate_from_an_open_stage_with_a_listed_reason(
    db: Database, ids: dict[str, int], reason: str
) -> None:
    eid = _open(db, ids)
    _walk_to(db, eid, "negotiating")
    _move(db, eid, "terminated", reason)
    with db.read() as session:
        detail = read_detail(session, service.access.get_visible(session, ADMIN, eid))
    assert detail.stage == "terminated" and detail.termination_reason == reason
    assert detail.next_stage is None


def test_termination_needs_a_listed_reason_and_other_needs_a_note(
    db: Database, ids: dict[str, int]
) -> None:
    eid = _open(db, ids)
    with pytest.raises(InvalidInput):
        _move(db, eid, "terminated")
    with pytest.raises(InvalidInput):
        _move(db, eid, "terminated", "because")
    with pytest.raises(InvalidInput):
        _move(db, eid, "terminated", "other")
    _move(db, eid, "terminated", "other", "对方单位改制")


def test_unknown_stage_is_invalid_input(db: Database, ids: dict[str, int]) -> None:
    eid = _open(db, ids)
    with pytest.raises(InvalidInput):
        _move(db, eid, "won")


def test_time_in_each_stage_comes_from_the_history(db: Database, ids: dict[str, int]) -> None:
    eid = _open(db, ids)
    _move(db, eid, "contacted")
    with db.write() as session:
        stays = session.scalars(select(EngagementStage).where(EngagementStage.engagement_id == eid))
        first, second = sorted(stays, key=lambda s: s.id)
        now = first.left_at or dt.datetime.now(dt.UTC)
        first.entered_at = now - dt.timedelta(days=4)
        first.left_at = now - dt.timedelta(days=3)
        second.entered_at = now - dt.timedelta(days=3)
    with db.read() as session:
        history = read_detail(session, service.access.get_visible(session, ADMIN, eid)).history
    assert [h.stage for h in history] == ["recommended", "contacted"]
    assert history[0].days == 1.0
    assert 3.0 <= history[1].days < 3.5  # the current stay runs until now
    assert history[1].left_at is None


def test_stage_changes_write_audit_rows(db: Database, ids: dict[str, int]) -> None:
    eid = _open(db, ids)
    _move(db, eid, "contacted")
    with db.read() as session:
        rows = session.scalars(
            select(AuditLog).where(AuditLog.entity_type == "engagements", AuditLog.entity_id == eid)
        ).all()
        actions = [r.action for r in rows]
        changed = [r for r in rows if r.after and r.after.get("stage") == "contacted"]
        assert len(actions) >= 2
        assert changed and changed[0].before is not None
        assert changed[0].before["stage"] == "recommended"
        assert changed[0].actor == "test"


def test_demand_status_follows_contacted_and_completed(db: Database, ids: dict[str, int]) -> None:
    eid = _open(db, ids)

    def status() -> str:
        with db.read() as session:
            return session.get_one(Demand, ids["demand"]).status

    assert status() == "open"
    _move(db, eid, "contacted")
    assert status() == "engaged"
    _walk_to_from(db, eid, "contacted", "completed")
    assert status() == "solved"


def _walk_to_from(db: Database, eid: int, start: str, stage: str) -> None:
    for s in ORDER[ORDER.index(start) + 1 : ORDER.index(stage) + 1]:
        _move(db, eid, s)


def test_a_hand_set_demand_status_is_left_alone(db: Database, ids: dict[str, int]) -> None:
    with db.write() as session:
        session.get_one(Demand, ids["demand"]).status = "closed"
    eid = _open(db, ids)
    _move(db, eid, "contacted")
    with db.read() as session:
        assert session.get_one(Demand, ids["demand"]).status == "closed"


def test_one_open_engagement_per_demand_and_candidate(db: Database, ids: dict[str, int]) -> None:
    eid = _open(db, ids)
    with pytest.raises(Conflict):
        _open(db, ids)
    _move(db, eid, "terminated", "timing")
    _open(db, ids)  # a closed engagement does not block a new one
