"""Page-test fixtures: an app on the test database, an HTML-accepting client, sample data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.pages.factories import World, make_world
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def app(settings: Settings, db: Database) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, headers=HTML) as test_client:
        yield test_client


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)
