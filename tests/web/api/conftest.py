"""API-test fixtures; the clients (``api``, ``login``) come from tests/clients.py."""

from __future__ import annotations

import pytest

from tests.factories import make
from xinzhi.core.db import Database


@pytest.fixture
def org(db: Database) -> int:
    return make(db, "organisations", name="合肥智联动力电池有限公司")
