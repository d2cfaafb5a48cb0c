"""Inbox pages: the unread badge in the header of every page, the list with open and mark read,
and the settings form (checkboxes and the digest choice, no JSON)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.factories import PASSWORD, make_user
from tests.notifications.conftest import notify
from tests.world import csrf_token
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.settings import Settings
from xinzhi.notifications.models import Notification, NotificationPreference, NotificationSetting
from xinzhi.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
BADGE = re.compile(r'data-testid="unread-count"[^>]*>(\d+)<')


@pytest.fixture
def client(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings), headers=HTML) as test_client:
        yield test_client


def _log_in(client: TestClient, username: str) -> None:
    data = {"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/login", data={**data, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text


@pytest.fixture
def me(db: Database, client: TestClient) -> int:
    user_id = make_user(db, "zhang", Role.ENTERPRISE)
    _log_in(client, "zhang")
    return user_id


def test_header_badge_counts_my_unread_notifications_on_every_page(
    client: TestClient, db: Database, me: int
) -> None:
    other = make_user(db, "li", Role.BROKER)
    notify(db, "match.new", (me,), "匹配一")
    notify(db, "demand.response", (me,), "响应一")
    notify(db, "match.new", (other,), "别人的")
    for path in ("/", "/demands", "/search", "/inbox"):
        assert BADGE.findall(client.get(path).text) == ["2"], path


def test_no_badge_for_anonymous_visitors_and_inbox_asks_them_to_log_in(
    client: TestClient, db: Database
) -> None:
    home = client.get("/")
    assert 'data-testid="inbox-link"' not in home.text
    assert client.get("/inbox").status_code == 401


def test_opening_a_notification_marks_it_read_and_goes_to_the_thing(
    client: TestClient, db: Database, me: int
) -> None:
    notify(db, "engagement.stage", (me,), "对接进入“洽谈中”", link="/demands/5")
    page = client.get("/inbox")
    assert "对接进入“洽谈中”" in page.text and "对接阶段变化" in page.text and "未读" in page.text
    with db.read() as session:
        nid = session.scalar(select(Notification.id))
    token = csrf_token(client, "/inbox")
    opened = client.post(
        f"/inbox/{nid}/read", data={"csrf_token": token, "open": "1"}, follow_redirects=False
    )
    assert (opened.status_code, opened.headers["location"]) == (303, "/demands/5")
    assert BADGE.findall(client.get("/").text) == []


def test_mark_all_read_and_another_users_notification_is_not_found(
    client: TestClient, db: Database, me: int
) -> None:
    other = make_user(db, "li", Role.BROKER)
    notify(db, "match.new", (me, other), "匹配")
    token = csrf_token(client, "/inbox")
    with db.read() as session:
        theirs = session.scalar(select(Notification.id).where(Notification.user_id == other))
    assert client.post(f"/inbox/{theirs}/read", data={"csrf_token": token}).status_code == 404
    client.post("/inbox/read_all", data={"csrf_token": token})
    assert "没有未读通知" in client.get("/inbox?show=unread").text


def test_settings_form_saves_checkboxes_digest_and_address(
    client: TestClient, db: Database, me: int
) -> None:
    form = client.get("/inbox/settings")
    assert "通知设置" in form.text and 'type="checkbox"' in form.text
    assert "平台尚未配置邮件服务" in form.text
    token = csrf_token(client, "/inbox/settings")
    data = {
        "csrf_token": token,
        "inbox": ["match.new", "demand.response"],  # every other kind: inbox off
        "email": ["match.new"],
        "digest": "daily",
        "email_address": "zhang@example.cn",
    }
    saved = client.post("/inbox/settings", data=data, follow_redirects=False)
    assert saved.status_code == 303
    with db.read() as session:
        rows = {s.kind: (s.inbox, s.email) for s in session.scalars(select(NotificationSetting))}
        pref = session.get(NotificationPreference, me)
        assert pref is not None and pref.digest == "daily"
    assert rows["match.new"] == (True, True)
    assert rows["watch.warning"] == (False, False)
    assert "通知设置已保存" in client.get("/inbox/settings").text

    bad = client.post("/inbox/settings", data={**data, "email_address": "zhang"})
    assert bad.status_code == 422 and "接收邮件的邮箱" in bad.text
