"""Read shapes of one engagement with its stage history (time in each stage), contacts and
contract."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xinzhi.core.models import as_utc, utcnow
from xinzhi.engagements.contracts import read_contract
from xinzhi.engagements.messages import CHANNELS, STAGES, zh
from xinzhi.engagements.models import Engagement, EngagementContact, EngagementStage
from xinzhi.engagements.schemas import ContactRead, EngagementDetail, StageRead
from xinzhi.engagements.service import read

DAY = 86400.0


def stay_days(stay: EngagementStage, now: dt.datetime | None = None) -> float:
    """Days spent in a stage: until it was left, or until now for the current one."""
    end = as_utc(stay.left_at) if stay.left_at else (now or utcnow())
    return round((end - as_utc(stay.entered_at)).total_seconds() / DAY, 3)


def read_stage(stay: EngagementStage) -> StageRead:
    return StageRead(
        stage=stay.stage,
        stage_label=zh(STAGES, stay.stage),
        entered_at=as_utc(stay.entered_at),
        left_at=as_utc(stay.left_at) if stay.left_at else None,
        days=stay_days(stay),
        reason=stay.reason,
        note=stay.note,
        actor=stay.actor,
    )


def read_contact(c: EngagementContact) -> ContactRead:
    return ContactRead(
        id=c.id,
        date=c.contact_date,
        channel=c.channel,
        channel_label=zh(CHANNELS, c.channel),
        participants=c.participants,
        summary=c.summary,
        next_follow_up=c.next_follow_up,
        created_at=as_utc(c.created_at),
    )


def read_detail(session: Session, e: Engagement) -> EngagementDetail:
    base = read(session, e)
    return EngagementDetail(
        **base.model_dump(),
        history=[read_stage(s) for s in e.history],
        contacts=[read_contact(c) for c in e.contacts],
        contract=read_contract(e.contract) if e.contract else None,
    )
