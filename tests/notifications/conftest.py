"""Fixtures of the notification tests: one account per role, a logged-in API client, notices."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, make_user
from xinzhi.core.db import Database
from xinzhi.core.events import Notice, publish
from xinzhi.core.models import Role, User
from xinzhi.core.settings import Settings
from xinzhi.notifications import subscribers
from xinzhi.web.app import create_app

ROLES = [r for r in Role]  # the six roles


@pytest.fixture(autouse=True)
def _subscribed() -> None:
    subscribers.install()


def set_email(db: Database, user_id: int, email: str) -> None:
    with db.write() as session:
        user = session.get(User, user_id)
        assert user is not None
        user.email = email


def notify(
    db: Database,
    kind: str,
    recipients: tuple[int, ...],
    title: str = "新的优质匹配",
    **extra: object,
) -> None:
    """Publish a Notice in a write unit, as a publishing domain does."""
    with db.write(actor="test") as session:
        publish(session, Notice(kind=kind, recipients=recipients, title=title, **extra))  # type: ignore[arg-type]


@pytest.fixture
def accounts(db: Database) -> dict[Role, int]:
    """One user per role, named after the role."""
    return {role: make_user(db, role.value, role) for role in ROLES}


@pytest.fixture
def api(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def login(api: TestClient) -> Callable[[str], None]:
    def _login(username: str) -> None:
        api.post("/api/v1/auth/logout")
        response = api.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text

    return _login
