"""Shared fixtures: a real, migrated database per test (SQLite file, or PostgreSQL).

``XINZHI_TEST_BACKEND`` picks the backend: ``sqlite`` (default) gives each test its own SQLite
file; ``postgresql`` starts a throw-away server for the session (tests/pg_server.py) and gives
each test its own database on it. Either way the migrations run once per test process, into a
template that each test's database is copied from. ``XINZHI_TEST_PG_URL`` (``postgresql://user@host:port/db``)
points the suite at a running server instead; under pytest-xdist the controller starts one
server and hands it to the workers that way.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.pg_server import PgDatabases, PostgresServer, find_bin_dir, server_version
from xinzhi import app
from xinzhi.core.db import Database, open_database
from xinzhi.core.migrate import upgrade
from xinzhi.core.settings import Settings

pytest_plugins = ["tests.clients"]  # the web and CLI clients (app, client, api, world, ...)

# ../shared/data beside the checkout; a worktree nested one level deeper (wt/<name>) finds it
# one directory further up.
SHARED_DATA = next(
    (
        parent / "shared" / "data"
        for parent in Path(__file__).resolve().parents[2:4]
        if (parent / "shared" / "data").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
BACKEND_ENV = "XINZHI_TEST_BACKEND"
PG_URL_ENV = "XINZHI_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")
_XDIST_SERVER = pytest.StashKey[PostgresServer]()


def backend_name() -> str:
    name = os.environ.get(BACKEND_ENV, "").strip().lower() or "sqlite"
    if name not in BACKENDS:
        raise pytest.UsageError(f"{BACKEND_ENV}={name!r}: expected one of {', '.join(BACKENDS)}")
    return name


def make_test_settings(data_dir: Path, database_url: str = "") -> Settings:
    return Settings(
        env="test",
        data_dir=data_dir,
        database_url=database_url,
        jobs_mode="immediate",
        matching_model="hashing",  # tests that need the real model ask for it
        secret_key="test-secret-key-that-is-long-enough-0123456789",
    )


def pytest_configure(config: pytest.Config) -> None:
    app.install()  # every domain's tables and job kinds, as the entry points do
    backend = backend_name()
    is_xdist_controller = bool(getattr(config.option, "numprocesses", None)) and not hasattr(
        config, "workerinput"
    )
    if backend == "postgresql" and is_xdist_controller and PG_URL_ENV not in os.environ:
        server = PostgresServer.start()
        config.stash[_XDIST_SERVER] = server
        os.environ[PG_URL_ENV] = server.admin_url()


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_XDIST_SERVER, None)
    if server is not None:
        os.environ.pop(PG_URL_ENV, None)
        server.stop()


def pytest_report_header(config: pytest.Config) -> str:
    backend = backend_name()
    if backend == "sqlite":
        return "xinzhi test backend: sqlite (one database file per test)"
    try:
        where = os.environ.get(PG_URL_ENV) or server_version(find_bin_dir())
    except RuntimeError as exc:  # no server binaries: the fixture reports it when first used
        where = str(exc)
    return f"xinzhi test backend: postgresql ({where}; one database per test)"


@pytest.fixture(scope="session")
def backend() -> str:
    """``sqlite`` or ``postgresql``: the database backend this run tests."""
    return backend_name()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The read-only real data sets in ../shared/data (never copied into the repository)."""
    assert SHARED_DATA.is_dir(), f"shared data not found at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A libpq URL of the superuser on the session's PostgreSQL server (started if needed)."""
    if url := os.environ.get(PG_URL_ENV):
        yield url
        return
    server = PostgresServer.start()
    try:
        yield server.admin_url()
    finally:
        server.stop()  # raises if `pg_ctl status` still finds the server


@pytest.fixture(scope="session")
def pg_databases(
    pg_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PgDatabases]:
    """Per-test databases, copied from a template this process migrates once."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    databases = PgDatabases(admin_url=pg_admin_url, prefix=f"t_{worker}")
    try:
        template = databases.create(f"{databases.prefix}_template")
        data_dir = tmp_path_factory.mktemp("pg-template")
        database = open_database(make_test_settings(data_dir, databases.url(template)))
        upgrade(database)
        database.dispose()  # CREATE DATABASE ... TEMPLATE needs the template to be idle
        databases.template = template
        yield databases
    finally:
        databases.drop_all()


@pytest.fixture
def settings(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Settings:
    """Settings of one test: its own data directory and its own, empty or migrated, database.

    On SQLite the database file appears in the data directory when first opened. On PostgreSQL
    the database is created here: already migrated when the test also uses ``db``, else empty.
    """
    database_url = ""
    if backend == "postgresql":
        databases: PgDatabases = request.getfixturevalue("pg_databases")
        name = databases.create_for_test(migrated="db" in request.fixturenames)
        request.addfinalizer(lambda: databases.drop(name))
        database_url = databases.url(name)
    return make_test_settings(tmp_path / "data", database_url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file this process migrates to head once; each test's ``db`` starts as a copy.

    The WAL is checkpointed into the file and removed before anything copies it, so the file
    alone is the whole database; each copy opens with a fresh, empty WAL of its own.
    """
    settings = make_test_settings(tmp_path_factory.mktemp("sqlite-template"))
    database = open_database(settings)
    upgrade(database)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    path = sqlite_file(settings)
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    assert not leftovers, f"the SQLite template left {leftovers} beside {path.name}"
    return path


def sqlite_file(settings: Settings) -> Path:
    database = make_url(settings.sqlalchemy_url).database
    assert database, settings.sqlalchemy_url
    return Path(database)


@pytest.fixture
def db(settings: Settings, backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """The test's database, at the latest revision: a copy of the template migrated once per
    process (a file copy on SQLite; ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL, made by
    ``settings``). Tests of the migrations themselves downgrade and upgrade their copy."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = sqlite_file(settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
    database = open_database(settings)
    yield database
    database.dispose()
