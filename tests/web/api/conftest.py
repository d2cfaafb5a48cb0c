from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, make, make_user
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app


@pytest.fixture
def api(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def login(api: TestClient, db: Database):  # type: ignore[no-untyped-def]
    """``login(role, org=None)`` creates a user of ``role`` and logs the client in as them."""
    counter = iter(range(1000))

    def _login(role: Role, org: int | None = None) -> int:
        username = f"{role.value}{next(counter)}"
        user_id = make_user(db, username, role, org)
        api.post("/api/v1/auth/logout")
        response = api.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return user_id

    return _login


@pytest.fixture
def org(db: Database) -> int:
    return make(db, "organisations", name="合肥智联动力电池有限公司")
