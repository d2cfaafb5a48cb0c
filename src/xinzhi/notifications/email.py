"""Sending the outbox over SMTP, with retries and the last error kept.

Messages are claimed in a short write unit (their next attempt moves a lease ahead, so a second
sender skips them), sent with no database lock held, and their outcome stored in one more
write unit. A failure waits ``mail_retry_seconds`` × 2^(attempts−1) before the next try; after
``mail_max_attempts`` the message is ``failed`` with the error kept.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from sqlalchemy import func, select

from xinzhi.core.db import Database
from xinzhi.core.models import utcnow
from xinzhi.core.settings import Settings
from xinzhi.notifications.messages import MAIL_FOOTER
from xinzhi.notifications.models import OutboxMessage, OutboxStatus

LEASE = dt.timedelta(minutes=10)
SETTINGS_PATH = "/inbox/settings"


@dataclass(frozen=True)
class Outgoing:
    id: int
    to_address: str
    subject: str
    body: str
    link: str
    attempts: int


def absolute(settings: Settings, path: str) -> str:
    """``path`` under ``public_url`` when it is set; the path itself otherwise."""
    if not path or "://" in path or not settings.public_url:
        return path
    return settings.public_url.rstrip("/") + "/" + path.lstrip("/")


def compose(settings: Settings, item: Outgoing) -> EmailMessage:
    """A UTF-8 plain-text message; non-ASCII headers are RFC 2047-encoded when serialised."""
    message = EmailMessage()
    message["Subject"] = item.subject
    message["From"] = settings.mail_from
    message["To"] = item.to_address
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or None)
    parts = [item.body.strip()]
    if item.link:
        parts.append("查看：" + absolute(settings, item.link))
    parts.append("—\n" + MAIL_FOOTER.format(url=absolute(settings, SETTINGS_PATH)))
    message.set_content("\n\n".join(p for p in parts if p), charset="utf-8")
    return message


def connect(settings: Settings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    )
    try:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def due_count(db: Database, now: dt.datetime | None = None) -> int:
    with db.read() as session:
        stmt = select(func.count()).select_from(OutboxMessage).where(*_due(now or utcnow()))
        return int(session.scalar(stmt) or 0)


def _due(now: dt.datetime) -> tuple[Any, ...]:
    return (
        OutboxMessage.status == OutboxStatus.PENDING.value,
        OutboxMessage.next_attempt_at <= now,
    )


def _claim(db: Database, now: dt.datetime, limit: int) -> list[Outgoing]:
    with db.write(actor="notifications.outbox") as session:
        rows = list(
            session.scalars(
                select(OutboxMessage).where(*_due(now)).order_by(OutboxMessage.id).limit(limit)
            )
        )
        for row in rows:
            row.next_attempt_at = now + LEASE
        return [Outgoing(r.id, r.to_address, r.subject, r.body, r.link, r.attempts) for r in rows]


def send_outbox(
    db: Database, settings: Settings, *, now: dt.datetime | None = None, limit: int = 200
) -> dict[str, Any]:
    """Send the due pending messages; returns counts (and says so when e-mail is disabled)."""
    if not settings.smtp_host:
        return {"disabled": True, "sent": 0, "retrying": 0, "failed": 0}
    now = now or utcnow()
    batch = _claim(db, now, limit)
    if not batch:
        return {"disabled": False, "sent": 0, "retrying": 0, "failed": 0}
    errors: dict[int, str] = {}
    try:
        smtp = connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        errors = {item.id: _describe(exc) for item in batch}
    else:
        with smtp:
            for item in batch:
                try:
                    smtp.send_message(compose(settings, item))
                except (OSError, smtplib.SMTPException) as exc:
                    errors[item.id] = _describe(exc)
    return _record(db, settings, batch, errors, now)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _record(
    db: Database,
    settings: Settings,
    batch: list[Outgoing],
    errors: dict[int, str],
    now: dt.datetime,
) -> dict[str, Any]:
    counts = {"disabled": False, "sent": 0, "retrying": 0, "failed": 0}
    with db.write(actor="notifications.outbox") as session:
        for item in batch:
            row = session.get(OutboxMessage, item.id)
            if row is None:
                continue
            row.attempts += 1
            error = errors.get(item.id)
            if error is None:
                row.status, row.sent_at, row.last_error = OutboxStatus.SENT.value, utcnow(), ""
                counts["sent"] += 1
            elif row.attempts >= settings.mail_max_attempts:
                row.status, row.last_error = OutboxStatus.FAILED.value, error
                counts["failed"] += 1
            else:
                delay = settings.mail_retry_seconds * 2 ** (row.attempts - 1)
                row.last_error, row.next_attempt_at = error, now + dt.timedelta(seconds=delay)
                counts["retrying"] += 1
    return counts
