"""Use cases of the inbox: deliver a notice, list, count, mark read, read and change settings.

Services take ``*, session`` and flush; the boundary (API, page, CLI, job) owns the commit.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from xinzhi.core.errors import InvalidInput
from xinzhi.core.events import Notice
from xinzhi.core.models import User, utcnow
from xinzhi.core.security import Principal
from xinzhi.notifications import access
from xinzhi.notifications.messages import KINDS, kind_label
from xinzhi.notifications.models import (
    Digest,
    Notification,
    NotificationPreference,
    NotificationSetting,
    OutboxMessage,
)
from xinzhi.notifications.schemas import (
    KindSetting,
    NotificationPage,
    NotificationRead,
    NotificationSettingsRead,
    NotificationSettingsUpdate,
)

SUBJECT_PREFIX = "【新质】"


def deliver(session: Session, notice: Notice) -> tuple[int, int]:
    """Write ``notice`` to each recipient's inbox and outbox as their settings say.

    Returns (inbox rows, e-mails queued). Unknown or inactive users are skipped; a recipient
    listed twice hears once.
    """
    recipients = sorted(set(notice.recipients))
    if not recipients:
        return 0, 0
    users = session.scalars(select(User).where(User.id.in_(recipients), User.active.is_(True)))
    chosen = {
        s.user_id: s
        for s in session.scalars(
            select(NotificationSetting).where(
                NotificationSetting.user_id.in_(recipients),
                NotificationSetting.kind == notice.kind,
            )
        )
    }
    inbox = mails = 0
    for user in users:
        setting = chosen.get(user.id)
        if setting is None or setting.inbox:
            session.add(_notification(user.id, notice))
            inbox += 1
        if setting is not None and setting.email and user.email:
            session.add(_mail(user, notice))
            mails += 1
    session.flush()
    return inbox, mails


def _notification(user_id: int, notice: Notice) -> Notification:
    return Notification(
        user_id=user_id,
        kind=notice.kind,
        title=notice.title[:300],
        body=notice.body,
        link=notice.link[:500],
        subject_type=notice.subject_type,
        subject_id=notice.subject_id,
    )


def _mail(user: User, notice: Notice) -> OutboxMessage:
    return OutboxMessage(
        user_id=user.id,
        kind=notice.kind,
        to_address=user.email,
        subject=(SUBJECT_PREFIX + notice.title)[:300],
        body=notice.body,
        link=notice.link[:500],
    )


def unread_count(session: Session, user_id: int) -> int:
    """One COUNT over (user_id, read_at): cheap enough for the header of every page."""
    stmt = (
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )
    return int(session.scalar(stmt) or 0)


def read(n: Notification, lang: str = "zh") -> NotificationRead:
    return NotificationRead.model_validate(n).model_copy(
        update={"kind_label": kind_label(n.kind, lang)}
    )


def list_notifications(
    session: Session,
    principal: Principal,
    *,
    unread_only: bool = False,
    page: int = 1,
    size: int = 20,
    lang: str = "zh",
) -> NotificationPage:
    """The caller's notifications, newest first."""
    user_id = access.owner_id(principal)
    if page < 1 or size < 1:
        raise InvalidInput("page 与 size 应为正整数 (page and size must be positive)")
    where = [Notification.user_id == user_id]
    if unread_only:
        where.append(Notification.read_at.is_(None))
    total = int(session.scalar(select(func.count()).select_from(Notification).where(*where)) or 0)
    rows = session.scalars(
        select(Notification)
        .where(*where)
        .order_by(Notification.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    )
    return NotificationPage(
        items=[read(n, lang) for n in rows],
        total=total,
        unread=unread_count(session, user_id),
        page=page,
        size=size,
    )


def mark_read(session: Session, principal: Principal, notification_id: int) -> Notification:
    """Mark one of the caller's notifications read (idempotent); others' ids are not found."""
    user_id = access.owner_id(principal)
    n = session.get(Notification, notification_id)
    if n is None or n.user_id != user_id:
        raise access.not_found(notification_id)
    if n.read_at is None:
        n.read_at = utcnow()
        session.flush()
    return n


def mark_all_read(session: Session, principal: Principal) -> int:
    """Mark every unread notification of the caller read; returns how many changed."""
    user_id = access.owner_id(principal)
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def read_settings(
    session: Session, principal: Principal, lang: str = "zh"
) -> NotificationSettingsRead:
    """Every known kind with the caller's choice (defaults: inbox on, e-mail off)."""
    user_id = access.owner_id(principal)
    stored = {
        s.kind: s
        for s in session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == user_id)
        )
    }
    kinds = []
    for kind in KINDS:
        row = stored.get(kind)
        kinds.append(
            KindSetting(
                kind=kind,
                label=kind_label(kind, lang),
                inbox=row.inbox if row else True,
                email=row.email if row else False,
            )
        )
    pref = session.get(NotificationPreference, user_id)
    user = session.get(User, user_id)
    return NotificationSettingsRead(
        kinds=kinds,
        digest=pref.digest if pref else Digest.NONE.value,
        email=user.email if user else "",
    )


def update_settings(
    session: Session, principal: Principal, data: NotificationSettingsUpdate
) -> NotificationSettingsRead:
    """Change what is given; an unknown kind is refused with its name."""
    user_id = access.owner_id(principal)
    unknown = [k.kind for k in data.kinds if k.kind not in KINDS]
    if unknown:
        raise InvalidInput(
            f"未知的通知类型 (unknown notification kind): {', '.join(unknown)}",
            details=[{"field": "kinds", "allowed": ", ".join(KINDS)}],
        )
    stored = {
        s.kind: s
        for s in session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == user_id)
        )
    }
    for change in data.kinds:
        row = stored.get(change.kind)
        if row is None:
            row = NotificationSetting(user_id=user_id, kind=change.kind, inbox=True, email=False)
            session.add(row)
            stored[change.kind] = row
        if change.inbox is not None:
            row.inbox = change.inbox
        if change.email is not None:
            row.email = change.email
    if data.digest is not None:
        pref = session.get(NotificationPreference, user_id)
        if pref is None:
            pref = NotificationPreference(user_id=user_id, last_digest_at=utcnow())
            session.add(pref)
        pref.digest = data.digest
    if data.email is not None:
        user = session.get(User, user_id)
        if user is not None:
            user.email = data.email.strip()
    session.flush()
    return read_settings(session, principal)
