"""The clients every test drives the app with: web (pages and API) and the ``xinzhi`` CLI.

A pytest plugin (``pytest_plugins`` in tests/conftest.py), so its fixtures reach every test:

- ``app``: the web app on the test's migrated database.
- ``client``: a page client (asks for HTML, like a browser), anonymous until ``log_in``.
- ``client_as(name)``: one more page client on the same app, logged in as the sample account
  ``name`` of ``world``, or anonymous with ``None`` (a second person beside ``client``).
- ``api``: a JSON API client; ``login(role, org=None)`` makes a user and logs ``api`` in.
- ``world``: the small sample catalog and its accounts (tests/world.py).

``web_client`` is the one place a ``TestClient`` is built (for tests that need an app of their
own), and ``run_cli`` the one way a test runs ``xinzhi``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner, Result
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, make, make_user
from tests.world import World, log_in, make_world
from xinzhi.cli.main import main
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
API_BASE_URL = "http://127.0.0.1"
# Passed to the CLI as options; every other setting the test chose goes through the environment.
CLI_OPTIONS = {"database_url", "data_dir"}

Login = Callable[..., int]
ClientAs = Callable[[str | None], TestClient]


def web_client(
    app: FastAPI, kind: Literal["page", "api"] = "page", **options: object
) -> TestClient:
    """A client of ``app``: ``page`` asks for HTML as a browser does, ``api`` for JSON from
    loopback. Use it as a context manager so the app's start-up and shut-down run."""
    if kind == "page":
        return TestClient(app, headers=HTML, **options)  # type: ignore[arg-type]
    return TestClient(app, base_url=API_BASE_URL, **options)  # type: ignore[arg-type]


def run_cli(settings: Settings, *args: str) -> Result:
    """Run ``xinzhi *args`` through ``main()`` (the entry point that maps errors to exit codes)
    against ``settings``: its database and data directory as options, the rest (test mode, the
    fast ``hashing`` model, immediate jobs, the secret) as ``XINZHI_*`` variables, since the CLI
    builds its own ``Settings`` and would otherwise read the defaults."""
    base = ["--database-url", settings.sqlalchemy_url, "--data-dir", str(settings.data_dir)]
    return CliRunner().invoke(_Main(), [*base, *args], env=cli_env(settings))  # type: ignore[arg-type]


def cli_env(settings: Settings) -> dict[str, str | None]:
    """``XINZHI_<NAME>`` for every setting given explicitly, except the CLI's options."""
    env: dict[str, str | None] = {}
    for name in sorted(settings.model_fields_set - CLI_OPTIONS):
        value = getattr(settings, name)
        scalar = isinstance(value, str | int | float | Path)
        env[f"XINZHI_{name.upper()}"] = str(value) if scalar else json.dumps(value)
    return env


class _Main:
    """CliRunner calls ``.main(args=…)``; forward to ``xinzhi.cli.main.main``."""

    name = "xinzhi"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        main(list(args))


@pytest.fixture
def app(settings: Settings, db: Database) -> FastAPI:
    """The web app on the test's migrated database."""
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A page client, anonymous until logged in (``log_in(client, world, name)``)."""
    with web_client(app) as test_client:
        yield test_client


@pytest.fixture
def client_as(app: FastAPI, world: World) -> Iterator[ClientAs]:
    """``client_as(name)``: another page client on ``app``, logged in as the sample account
    ``name`` (anonymous for ``None``); closed after the test."""
    with ExitStack() as stack:

        def _client_as(name: str | None) -> TestClient:
            other = stack.enter_context(web_client(app))
            if name is not None:
                log_in(other, world, name)
            return other

        yield _client_as


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    """A JSON API client, anonymous until ``login``."""
    with web_client(app, "api") as test_client:
        yield test_client


@pytest.fixture
def login(api: TestClient, db: Database) -> Login:
    """``login(role, org=None)`` creates a user of ``role`` and logs ``api`` in as them."""
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
def world(db: Database) -> World:
    """The sample catalog and its accounts, shared by page, API and browser tests."""
    return make_world(db)


@pytest.fixture
def org(db: Database) -> int:
    """An organisation to log a user in with (``login(role, org)``)."""
    return make(db, "organisations", name="合肥智联动力电池有限公司")
