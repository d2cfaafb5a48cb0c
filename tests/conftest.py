"""Shared fixtures: a real, migrated database per test (SQLite file, or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from xinzhi.core.db import Database, open_database
from xinzhi.core.migrate import upgrade
from xinzhi.core.settings import Settings

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only real data sets in ../shared/data (never copied into the repository)."""
    assert SHARED_DATA.is_dir(), f"shared data not found at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path / "data",
        jobs_mode="immediate",
        secret_key="test-secret-key-that-is-long-enough-0123456789",
    )


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = open_database(settings)
    upgrade(database)
    yield database
    database.dispose()
