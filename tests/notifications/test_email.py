"""E-mail through a real SMTP server on 127.0.0.1 (aiosmtpd): Chinese subjects arrive encoded
and decode back; a server that is down gets retries with backoff, then the message is failed
with its error kept; without ``smtp_host`` nothing is sent."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.factories import make_user
from tests.notifications.conftest import notify, set_email
from xinzhi.core import jobs
from xinzhi.core.db import Database, open_database
from xinzhi.core.models import Job, Role, utcnow
from xinzhi.core.security import system_principal
from xinzhi.core.settings import Settings
from xinzhi.notifications.email import send_outbox
from xinzhi.notifications.models import NotificationSetting, OutboxMessage

TITLE = "需求“钙钛矿电池封装”有 3 条新的优质匹配"


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _mail_settings(settings: Settings, port: int, **extra: object) -> Settings:
    values = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "mail_from": "noreply@xinzhi.example.cn",
        "public_url": "https://xinzhi.example.cn",
        **extra,
    }
    return settings.model_copy(update=values)


def _subscriber(db: Database) -> int:
    user_id = make_user(db, "zhang", Role.ENTERPRISE)
    set_email(db, user_id, "zhang@example.cn")
    with db.write() as session:
        session.add(NotificationSetting(user_id=user_id, kind="match.new", inbox=True, email=True))
    return user_id


def _outbox(db: Database) -> list[tuple[str, int, str]]:
    """(status, attempts, last_error) of each outbox message."""
    with db.read() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.status, m.attempts, m.last_error) for m in rows]


def test_message_arrives_with_its_chinese_subject_encoded_and_an_absolute_link(
    db: Database, settings: Settings, smtp_server: tuple[Inbox, int]
) -> None:
    handler, port = smtp_server
    notify(db, "match.new", (_subscriber(db),), TITLE, body="最高得分 0.82", link="/demands/7")
    result = send_outbox(db, _mail_settings(settings, port))
    assert result == {"disabled": False, "sent": 1, "retrying": 0, "failed": 0}

    ((mail_from, rcpt, raw),) = handler.received
    assert (mail_from, rcpt) == ("noreply@xinzhi.example.cn", ["zhang@example.cn"])
    subject_line = next(x for x in raw.split(b"\r\n") if x.startswith(b"Subject:"))
    assert subject_line.isascii() and b"=?utf-8?" in subject_line  # RFC 2047
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == f"【新质】{TITLE}"
    body = message.get_content()
    assert "最高得分 0.82" in body and "https://xinzhi.example.cn/demands/7" in body
    assert _outbox(db) == [("sent", 1, "")]


def test_a_down_server_is_retried_with_backoff_then_failed_with_the_error_kept(
    db: Database, settings: Settings
) -> None:
    notify(db, "match.new", (_subscriber(db),), TITLE)
    down = _mail_settings(settings, free_port(), mail_max_attempts=3, mail_retry_seconds=60)
    t0 = utcnow()

    assert send_outbox(db, down, now=t0)["retrying"] == 1
    ((status, attempts, error),) = _outbox(db)
    assert (status, attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in error

    assert send_outbox(db, down, now=t0 + dt.timedelta(seconds=30))["retrying"] == 0  # waits
    assert send_outbox(db, down, now=t0 + dt.timedelta(seconds=61))["retrying"] == 1
    # the second wait doubles: 120 s after the second attempt
    t2 = t0 + dt.timedelta(seconds=61)
    assert send_outbox(db, down, now=t2 + dt.timedelta(seconds=100))["failed"] == 0
    assert send_outbox(db, down, now=t2 + dt.timedelta(seconds=121))["failed"] == 1
    ((status, attempts, error),) = _outbox(db)
    assert (status, attempts) == ("failed", 3)
    assert "ConnectionRefusedError" in error


def test_a_message_that_failed_once_is_sent_when_the_server_is_back(
    db: Database, settings: Settings, smtp_server: tuple[Inbox, int]
) -> None:
    handler, port = smtp_server
    notify(db, "match.new", (_subscriber(db),), TITLE)
    t0 = utcnow()
    send_outbox(db, _mail_settings(settings, free_port()), now=t0)
    later = t0 + dt.timedelta(seconds=61)
    assert send_outbox(db, _mail_settings(settings, port), now=later)["sent"] == 1
    assert _outbox(db) == [("sent", 2, "")]
    assert len(handler.received) == 1


def test_without_smtp_host_mail_stays_pending(db: Database, settings: Settings) -> None:
    notify(db, "match.new", (_subscriber(db),), TITLE)
    assert send_outbox(db, settings)["disabled"] is True
    assert [m[0] for m in _outbox(db)] == ["pending"]


def test_the_send_outbox_job_records_what_it_sent(
    db: Database, settings: Settings, smtp_server: tuple[Inbox, int]
) -> None:
    handler, port = smtp_server
    notify(db, "match.new", (_subscriber(db),), TITLE)
    mail_db = open_database(_mail_settings(settings, port))
    try:
        huey = jobs.make_huey(mail_db.settings)
        job_id = jobs.submit(mail_db, huey, "notifications.send_outbox", {}, system_principal())
        with mail_db.read() as session:
            job = session.get(Job, job_id)
            assert job is not None
            assert (job.status, job.result) == (
                "succeeded",
                {"disabled": False, "sent": 1, "retrying": 0, "failed": 0},
            )
    finally:
        mail_db.dispose()
    assert len(handler.received) == 1
