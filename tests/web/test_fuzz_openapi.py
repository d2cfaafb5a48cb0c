"""Every operation of the OpenAPI, fuzzed with schemathesis as admin and as an anonymous caller:
no input may answer a 5xx (issue #12, docs/security.md).

One app and one database serve the whole module (the sample world of tests/world.py, so ids
that exist are also tried); each operation is one test with a fixed seed and a bounded number
of generated requests, half valid by the schema and half not, so the run is reproducible and
its time is bounded. A failure lists every distinct server error with a curl line to replay.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.python.asgi import ASGIClient
from schemathesis.schemas import BaseSchema
from sqlalchemy import select

from tests.conftest import make_test_settings, sqlite_file
from tests.world import World, make_world
from xinzhi.core.db import open_database
from xinzhi.core.models import Role, User
from xinzhi.core.security import create_user
from xinzhi.core.tokens import issue_token
from xinzhi.web.app import api_router, create_app

# Generated requests per operation and caller; XINZHI_FUZZ_EXAMPLES=200 digs deeper locally.
EXAMPLES = int(os.environ.get("XINZHI_FUZZ_EXAMPLES", "12"))
SEED = 20261206
ADMIN = "fuzz-admin"


def _operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation the OpenAPI document lists, in route order."""
    bare = FastAPI()
    bare.include_router(api_router())
    return [
        (method.upper(), path)
        for path, operations in bare.openapi()["paths"].items()
        for method in operations
    ]


OPERATIONS = _operations()


@dataclass
class Target:
    app: FastAPI
    schema: BaseSchema
    client: ASGIClient
    world: World
    admin_token: str


@pytest.fixture(scope="module")
def target(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    database_url = ""
    if backend == "postgresql":
        databases = request.getfixturevalue("pg_databases")
        name = databases.create_for_test(migrated=True)
        request.addfinalizer(lambda: databases.drop(name))
        database_url = databases.url(name)
    fuzz_settings = make_test_settings(data_dir, database_url)
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target_file = sqlite_file(fuzz_settings)
        target_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target_file)
    db = open_database(fuzz_settings)
    world = make_world(db)
    with db.write(actor="test") as session:
        create_user(session, username=ADMIN, password="fuzz-password-42", role=Role.ADMIN)
    db.dispose()
    app = create_app(fuzz_settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    with ASGIClient(app) as client:
        yield Target(app, schema, client, world, "")
    app.state.db.dispose()


def _fresh_admin_token(target: Target) -> str:
    """A new token for the fuzzing admin, active again (an earlier operation may have changed
    the account: that is the fuzzer's right)."""
    with target.app.state.db.write(actor="test") as session:
        user = session.scalar(select(User).where(User.username == ADMIN))
        assert user is not None
        user.active, user.role = True, Role.ADMIN
        return issue_token(session, user, "fuzz")


def _strategy(target: Target, method: str, path: str) -> st.SearchStrategy[Case]:
    operation = target.schema[path][method]
    return st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


def _server_errors(target: Target, method: str, path: str, token: str | None) -> list[str]:
    """Runs the bounded, seeded examples of one operation; the distinct 5xx answers found."""
    found: dict[str, str] = {}
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=_strategy(target, method, path))
    def run(case: Case) -> None:
        cases.append(1)
        try:
            response = case.call(session=target.client, headers=headers)
        except Exception as exc:  # the in-process transport re-raises what answered 500
            key = f"500 {type(exc).__name__}: {str(exc)[:160]}"
        else:
            if response.status_code < 500:
                return
            key = f"{response.status_code} {response.text[:160]}"
        found.setdefault(key, case.as_curl_command(headers=headers))

    cases: list[int] = []
    run()
    if report := os.environ.get("XINZHI_FUZZ_REPORT"):
        line = {"operation": f"{method} {path}", "caller": "admin" if token else "anonymous"}
        line |= {"cases": len(cases), "errors": sorted(found)}
        with open(report, "a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return [f"{key}\n    {curl}" for key, curl in found.items()]


@pytest.mark.parametrize("caller", ["admin", "anonymous"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_input_answers_a_server_error(
    target: Target, method: str, path: str, caller: str
) -> None:
    token = _fresh_admin_token(target) if caller == "admin" else None
    errors = _server_errors(target, method, path, token)
    assert not errors, f"{len(errors)} server errors on {method} {path}:\n" + "\n".join(errors)


def test_every_operation_is_fuzzed(target: Target) -> None:
    """The parametrisation above covers what the OpenAPI document lists, no less."""
    documented = {
        (method.upper(), path)
        for path, operations in target.app.openapi()["paths"].items()
        for method in operations
    }
    assert documented == set(OPERATIONS)
