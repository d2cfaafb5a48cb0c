"""`xinzhi users create --email`, `users update` and `xinzhi notifications list|send|digest`."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.clients import run_cli as run
from tests.notifications.conftest import notify
from xinzhi.core.db import Database
from xinzhi.core.models import User
from xinzhi.core.settings import Settings


def _email(db: Database, username: str) -> str:
    with db.read() as session:
        return str(session.scalar(select(User.email).where(User.username == username)))


def test_users_get_a_private_email_at_creation_and_by_update(
    db: Database, settings: Settings
) -> None:
    created = run(
        settings, "users", "create", "zhang", "--role", "enterprise",
        "--email", "zhang@example.cn", "--password", "correct-horse-1",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert _email(db, "zhang") == "zhang@example.cn"
    listed = run(settings, "users", "list", "--json")
    assert "zhang@example.cn" not in listed.output  # never listed
    assert run(settings, "users", "update", "zhang", "--email", "z@example.cn").exit_code == 0
    assert _email(db, "zhang") == "z@example.cn"
    bad = run(settings, "users", "update", "zhang", "--email", "zhang")
    assert bad.exit_code != 0 and "--email" in bad.output


def test_notifications_list_send_and_digest(db: Database, settings: Settings) -> None:
    run(settings, "users", "create", "li", "--password", "correct-horse-1")
    with db.read() as session:
        li = session.scalar(select(User.id).where(User.username == "li"))
    assert li is not None
    notify(db, "watch.warning", (li,), "专利预警“光伏赛道”有 2 条新预警", link="/watchlists/1")
    listed = run(settings, "notifications", "list", "--user", "li")
    assert listed.exit_code == 0
    assert "未读\t专利预警\t专利预警“光伏赛道”有 2 条新预警\t/watchlists/1" in listed.output
    as_json = json.loads(run(settings, "notifications", "list", "--user", "li", "--json").output)
    assert as_json[0]["kind"] == "watch.warning"
    missing = run(settings, "notifications", "list", "--user", "nobody")
    assert missing.exit_code != 0 and "nobody" in missing.output

    sent = run(settings, "notifications", "send")
    assert sent.exit_code == 0 and "smtp_host" in sent.output
    digest = run(settings, "notifications", "digest", "--json")
    assert json.loads(digest.output) == {"queued": 0, "empty": 0, "no_address": 0}
