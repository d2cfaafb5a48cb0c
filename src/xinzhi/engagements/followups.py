"""Follow-ups: the latest contact of each open engagement names its next follow-up date.

A later contact supersedes an earlier one's date, so a logged call clears the reminder.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xinzhi.catalog.models import Demand
from xinzhi.core.security import Principal
from xinzhi.engagements import access
from xinzhi.engagements.models import Engagement, EngagementContact
from xinzhi.engagements.schemas import FollowUpRead
from xinzhi.engagements.service import notify
from xinzhi.engagements.stages import FINAL

Row3 = Select[EngagementContact, Engagement, Demand]


def _latest_contacts(principal: Principal | None, due_by: dt.date) -> Row3:
    latest = (
        select(func.max(EngagementContact.id).label("id"))
        .group_by(EngagementContact.engagement_id)
        .subquery()
    )
    stmt = (
        select(EngagementContact, Engagement, Demand)
        .join(latest, latest.c.id == EngagementContact.id)
        .join(Engagement, Engagement.id == EngagementContact.engagement_id)
        .join(Demand, Demand.id == Engagement.demand_id)
        .where(
            Engagement.stage.not_in(FINAL),
            EngagementContact.next_follow_up.is_not(None),
            EngagementContact.next_follow_up <= due_by,
        )
        .order_by(EngagementContact.next_follow_up, EngagementContact.id)
    )
    if principal is not None:
        stmt = stmt.where(access.scope(principal))
    return stmt


def overdue_follow_ups(
    session: Session, principal: Principal, today: dt.date | None = None
) -> list[FollowUpRead]:
    """Follow-ups due today or earlier on the open engagements ``principal`` sees."""
    today = today or dt.date.today()
    rows = session.execute(_latest_contacts(principal, today)).all()
    return [
        FollowUpRead(
            engagement_id=e.id,
            contact_id=c.id,
            demand_title=d.title,
            next_follow_up=c.next_follow_up or today,
            overdue=c.next_follow_up is not None and c.next_follow_up < today,
            broker_id=e.broker_id,
        )
        for c, e, d in rows
    ]


def notify_due_follow_ups(
    session: Session, principal: Principal, today: dt.date | None = None
) -> int:
    """Publish ``engagement.follow_up_due`` once per due follow-up; returns how many."""
    today = today or dt.date.today()
    rows = session.execute(
        _latest_contacts(None, today).where(EngagementContact.follow_up_notified.is_(False))
    ).all()
    for contact, engagement, demand in rows:
        recipients: set[int] = {engagement.broker_id} if engagement.broker_id else set()
        if not recipients and contact.created_by:
            recipients = {contact.created_by}
        if not recipients:
            recipients = access.party_users(session, engagement, demand)
        notify(session, principal, "engagement.follow_up_due", engagement, demand, recipients)
        contact.follow_up_notified = True
    session.flush()
    return len(rows)
