"""The daily digest: one e-mail per user who chose it, listing the unread notifications that
arrived since their last digest. It goes out at the first run after ``mail_digest_hour``
(Beijing time; China keeps UTC+8 all year) and at most once per day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinzhi.core.db import Database
from xinzhi.core.models import User, as_utc, utcnow
from xinzhi.core.settings import Settings
from xinzhi.notifications.email import absolute
from xinzhi.notifications.messages import DIGEST_FOOTER, DIGEST_LEAD, DIGEST_SUBJECT, kind_label
from xinzhi.notifications.models import (
    Digest,
    Notification,
    NotificationPreference,
    OutboxMessage,
)

BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")
MAX_ITEMS = 50
INBOX_PATH = "/inbox"


def last_slot(now: dt.datetime, hour: int) -> dt.datetime:
    """The most recent digest moment at or before ``now``."""
    local = as_utc(now).astimezone(BEIJING)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return slot if slot <= local else slot - dt.timedelta(days=1)


def _due_prefs(
    session: Session, now: dt.datetime, hour: int, force: bool
) -> list[NotificationPreference]:
    prefs = session.scalars(
        select(NotificationPreference).where(NotificationPreference.digest == Digest.DAILY.value)
    )
    slot = last_slot(now, hour)
    return [
        p for p in prefs if force or p.last_digest_at is None or as_utc(p.last_digest_at) < slot
    ]


def due_count(db: Database, settings: Settings, now: dt.datetime | None = None) -> int:
    with db.read() as session:
        return len(_due_prefs(session, now or utcnow(), settings.mail_digest_hour, False))


def run_digests(
    db: Database, settings: Settings, *, now: dt.datetime | None = None, force: bool = False
) -> dict[str, Any]:
    """Queue the digests that are due (all daily ones with ``force``); returns counts."""
    now = now or utcnow()
    counts = {"queued": 0, "empty": 0, "no_address": 0}
    with db.write(actor="notifications.digest") as session:
        for pref in _due_prefs(session, now, settings.mail_digest_hour, force):
            user = session.get(User, pref.user_id)
            items = _unread_since(session, pref.user_id, pref.last_digest_at)
            pref.last_digest_at = now
            if user is None or not user.active or not user.email:
                counts["no_address"] += 1
            elif not items:
                counts["empty"] += 1
            else:
                session.add(_message(settings, user, items))
                counts["queued"] += 1
    return counts


def _unread_since(session: Session, user_id: int, since: dt.datetime | None) -> list[Notification]:
    stmt = select(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if since is not None:
        stmt = stmt.where(Notification.created_at > since)
    return list(session.scalars(stmt.order_by(Notification.id)))


def _message(settings: Settings, user: User, items: list[Notification]) -> OutboxMessage:
    lines = [DIGEST_LEAD.format(n=len(items)), ""]
    for n in items[:MAX_ITEMS]:
        link = f"  {absolute(settings, n.link)}" if n.link else ""
        lines.append(f"· 【{kind_label(n.kind)}】{n.title}{link}")
    if len(items) > MAX_ITEMS:
        lines.append(f"……另有 {len(items) - MAX_ITEMS} 条")
    lines += ["", DIGEST_FOOTER.format(url=absolute(settings, INBOX_PATH))]
    return OutboxMessage(
        user_id=user.id,
        kind="digest",
        to_address=user.email,
        subject=DIGEST_SUBJECT["zh"].format(n=len(items)),
        body="\n".join(lines),
    )
