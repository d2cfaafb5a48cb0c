"""The daily digest: one message listing the unread notifications since the last digest, after
the configured hour (Beijing time), at most once a day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.factories import make_user, principal
from tests.notifications.conftest import notify, set_email
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.settings import Settings
from xinzhi.notifications import service
from xinzhi.notifications.digest import BEIJING, last_slot, run_digests
from xinzhi.notifications.models import Notification, OutboxMessage
from xinzhi.notifications.schemas import NotificationSettingsUpdate


def _daily(db: Database, username: str, email: str = "") -> int:
    user_id = make_user(db, username, Role.RESEARCHER)
    if email:
        set_email(db, user_id, email)
    with db.write() as session:
        who = principal(user_id, username, Role.RESEARCHER)
        service.update_settings(session, who, NotificationSettingsUpdate(digest="daily"))
    return user_id


def _digests(db: Database) -> list[tuple[str, str, str]]:
    with db.read() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest"))
        return [(m.to_address, m.subject, m.body) for m in rows]


def test_the_digest_slot_is_the_last_configured_hour_in_beijing_time() -> None:
    before_eight = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)  # 07:30 on 3 March in Beijing
    assert last_slot(before_eight, 8) == dt.datetime(2026, 3, 2, 8, tzinfo=BEIJING)
    after_eight = dt.datetime(2026, 3, 3, 0, 30, tzinfo=dt.UTC)  # 08:30 in Beijing
    assert last_slot(after_eight, 8) == dt.datetime(2026, 3, 3, 8, tzinfo=BEIJING)


def test_digest_collects_unread_notifications_since_the_last_one_once_a_day(
    db: Database, settings: Settings
) -> None:
    me = _daily(db, "li", "li@example.cn")
    notify(db, "match.new", (me,), "成果“柔性封装”有新的匹配", link="/achievements/3")
    notify(db, "engagement.stage", (me,), "对接进入“有意向”")
    with db.write() as session:  # a notification already read stays out of the digest
        notify_read = Notification(user_id=me, kind="match.new", title="已读的旧通知")
        session.add(notify_read)
        session.flush()
        notify_read.read_at = notify_read.created_at

    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, hours=1)
    assert run_digests(db, settings, now=tomorrow)["queued"] == 1
    ((to, subject, body),) = _digests(db)
    assert to == "li@example.cn"
    assert subject == "新质平台每日摘要：2 条未读通知"
    assert "【新的优质匹配】成果“柔性封装”有新的匹配  /achievements/3" in body
    assert "【对接阶段变化】对接进入“有意向”" in body
    assert "已读的旧通知" not in body

    # the same day again: nothing; a forced run with nothing new: an empty digest is skipped
    assert run_digests(db, settings, now=tomorrow + dt.timedelta(minutes=5))["queued"] == 0
    assert run_digests(db, settings, now=tomorrow, force=True) == {
        "queued": 0,
        "empty": 1,
        "no_address": 0,
    }
    assert len(_digests(db)) == 1


def test_users_without_an_address_or_without_the_digest_get_none(
    db: Database, settings: Settings
) -> None:
    no_address = _daily(db, "wang")
    plain = make_user(db, "zhao", Role.RESEARCHER)
    set_email(db, plain, "zhao@example.cn")
    notify(db, "match.new", (no_address, plain))
    result = run_digests(db, settings, force=True)
    assert result == {"queued": 0, "empty": 0, "no_address": 1}
    assert _digests(db) == []
