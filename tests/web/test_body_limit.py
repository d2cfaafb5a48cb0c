"""A request body over the limit is answered 413 before it is read (issue #12)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.clients import web_client
from tests.conftest import make_test_settings
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings
from xinzhi.web.app import create_app

MIB = 1 << 20


@pytest.fixture
def small(settings: Settings, db: Database, tmp_path: Path) -> Iterator[TestClient]:
    """An app whose bodies may be 1 MiB, uploads 2 MiB."""
    limited = settings.model_copy(update={"request_max_body_mb": 1, "import_max_upload_mb": 2,
                                          "maturity_evidence_max_mb": 1})  # fmt: skip
    with web_client(create_app(limited), "api") as client:
        yield client


def test_a_declared_large_body_is_refused_before_reading(small: TestClient) -> None:
    response = small.post(
        "/api/v1/demands", content=b"{" + b" " * (MIB + 10) + b"}",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large" and "1 MiB" in error["message"]


def test_a_streamed_body_is_counted_and_refused(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        for _ in range(3):
            yield b" " * (MIB // 2)

    response = small.post(
        "/api/v1/auth/login", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413, response.text


def test_uploads_get_the_upload_limit_and_small_bodies_pass(small: TestClient) -> None:
    files = {"file": ("a.csv", b"x" * (MIB + MIB // 2), "text/csv")}
    response = small.post("/api/v1/imports/demands", files=files)
    assert response.status_code == 401  # read, and refused only for want of a login
    big = {"file": ("a.csv", b"x" * (3 * MIB + 10), "text/csv")}
    assert small.post("/api/v1/imports/demands", files=big).status_code == 413
    assert small.get("/api/v1/health").status_code == 200


def test_settings_default() -> None:
    assert make_test_settings(Path("/tmp/x")).request_max_body_mb == 16
