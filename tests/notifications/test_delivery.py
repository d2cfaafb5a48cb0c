"""A published Notice reaches the inbox of its recipients only, as each user's settings say."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_user, principal
from tests.notifications.conftest import notify, set_email
from xinzhi.core.db import Database
from xinzhi.core.models import Role, User
from xinzhi.notifications import service
from xinzhi.notifications.models import Notification, OutboxMessage
from xinzhi.notifications.schemas import KindSettingUpdate, NotificationSettingsUpdate


def _inbox(db: Database) -> list[tuple[int, str, str]]:
    with db.read() as session:
        rows = session.scalars(select(Notification).order_by(Notification.id))
        return [(n.user_id, n.kind, n.title) for n in rows]


def _outbox(db: Database) -> list[tuple[int | None, str, str]]:
    with db.read() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(m.user_id, m.to_address, m.subject) for m in rows]


def _choose(db: Database, user_id: int, **change: object) -> None:
    data = NotificationSettingsUpdate(kinds=[KindSettingUpdate(**change)])  # type: ignore[arg-type]
    with db.write() as session:
        service.update_settings(session, principal(user_id, "u", Role.ENTERPRISE), data)


def test_notice_reaches_each_recipient_once_and_nobody_else(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    b = make_user(db, "li", Role.RESEARCHER)
    make_user(db, "wang", Role.BROKER)
    notify(db, "match.new", (a, b, a), "需求“钙钛矿封装”有 3 条新的优质匹配", link="/demands/1")
    assert _inbox(db) == [
        (a, "match.new", "需求“钙钛矿封装”有 3 条新的优质匹配"),
        (b, "match.new", "需求“钙钛矿封装”有 3 条新的优质匹配"),
    ]


def test_inbox_is_on_and_email_off_by_default(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    set_email(db, a, "zhang@example.cn")
    notify(db, "engagement.stage", (a,))
    assert len(_inbox(db)) == 1
    assert _outbox(db) == []


def test_inbox_off_for_a_kind_skips_only_that_kind(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    _choose(db, a, kind="match.new", inbox=False)
    notify(db, "match.new", (a,))
    notify(db, "demand.response", (a,), "您的需求收到一条响应")
    assert [k for _, k, _ in _inbox(db)] == ["demand.response"]


def test_email_on_with_an_address_queues_a_message_in_the_same_transaction(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    b = make_user(db, "li", Role.ENTERPRISE)  # e-mail on but no address: inbox only
    set_email(db, a, "zhang@example.cn")
    _choose(db, a, kind="engagement.stage", email=True)
    _choose(db, b, kind="engagement.stage", email=True)
    notify(db, "engagement.stage", (a, b), "对接进入“洽谈中”")
    assert _outbox(db) == [(a, "zhang@example.cn", "【新质】对接进入“洽谈中”")]
    assert len(_inbox(db)) == 2


def test_a_failing_publisher_leaves_no_notification(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    try:
        with db.write() as session:
            from xinzhi.core.events import Notice, publish

            publish(session, Notice(kind="match.new", recipients=(a,), title="x"))
            raise RuntimeError("the publisher's change failed")
    except RuntimeError:
        pass
    assert _inbox(db) == []


def test_inactive_and_unknown_users_are_skipped(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    with db.write() as session:
        user = session.get(User, a)
        assert user is not None
        user.active = False
    notify(db, "watch.warning", (a, 9999))
    assert _inbox(db) == []


def test_an_unknown_kind_from_a_newer_publisher_is_delivered_with_its_code(db: Database) -> None:
    a = make_user(db, "zhang", Role.ENTERPRISE)
    notify(db, "policy.new", (a,), "新政策发布")
    with db.read() as session:
        page = service.list_notifications(session, principal(a, "zhang", Role.ENTERPRISE))
    assert [(n.kind, n.kind_label) for n in page.items] == [("policy.new", "policy.new")]
