"""The inbox (one row per notice and recipient), per-user settings and the e-mail outbox."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinzhi.core.models import Base, utcnow


class Notification(Base):
    """One notice in one user's inbox; ``read_at`` is empty while unread."""

    __tablename__ = "notifications"
    # The header badge counts a user's unread rows on every page: (user_id, read_at) serves it.
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    subject_type: Mapped[str] = mapped_column(String(64), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[dt.datetime | None]


class NotificationSetting(Base):
    """A user's choice for one kind. Without a row: inbox on, e-mail off."""

    __tablename__ = "notification_settings"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notification_settings_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    inbox: Mapped[bool] = mapped_column(default=True)
    email: Mapped[bool] = mapped_column(default=False)


class Digest(enum.StrEnum):
    NONE = "none"
    DAILY = "daily"


class NotificationPreference(Base):
    """A user's digest choice and when the last digest went out."""

    __tablename__ = "notification_prefs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(String(16), default=Digest.NONE.value)
    last_digest_at: Mapped[dt.datetime | None]


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    """An e-mail waiting for, or done with, SMTP. Failures keep their last error."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(64), default="")  # notice kind, or "digest"
    to_address: Mapped[str] = mapped_column(String(256))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")  # made absolute when sent
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
