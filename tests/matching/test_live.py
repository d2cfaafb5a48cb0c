"""The index follows the catalog without a rebuild: create, update, delete and import through
the API are searchable as soon as the request returns (jobs run at commit in tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.factories import make_matching_catalog
from xinzhi.core.db import Database
from xinzhi.core.models import Job, Role
from xinzhi.core.settings import Settings
from xinzhi.matching import service
from xinzhi.web.app import create_app


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


@pytest.fixture
def request_cleanup() -> Iterator[list[Any]]:
    undo: list[Any] = []
    yield undo
    for fn in undo:
        fn()


@pytest.fixture
def api(settings: Settings, db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def records(api: TestClient, db: Database) -> dict[str, int]:
    return make_matching_catalog(db)  # written after the app composed matching: indexed live


def _login_broker(api: TestClient, db: Database) -> None:
    from tests.factories import PASSWORD, make_user

    make_user(db, "broker1", Role.BROKER)
    response = api.post("/api/v1/auth/login", json={"username": "broker1", "password": PASSWORD})
    assert response.status_code == 200, response.text


def _achievements(api: TestClient, demand: int) -> dict[int, str]:
    data = api.get(f"/api/v1/match/demand/{demand}", params={"target": "achievement"}).json()
    return {item["id"]: item["title"] for item in data["groups"]["achievement"]}


def test_an_achievement_created_through_the_api_is_matched_without_a_rebuild(
    api: TestClient, db: Database, records: dict[str, int]
) -> None:
    _login_broker(api, db)
    body = {
        "title": "钙钛矿太阳能电池湿热封装阻隔膜",
        "summary": "钙钛矿电池组件封装用阻水阻氧膜，湿热老化后效率保持率95%。",
        "field": "能源",
    }
    created = api.post("/api/v1/achievements", json=body)
    assert created.status_code == 201, created.text
    new_id = created.json()["id"]
    assert new_id in _achievements(api, records["demand"])

    changed = api.patch(f"/api/v1/achievements/{new_id}", json={"title": "石墨烯导热散热膜"})
    assert changed.status_code == 200, changed.text
    found = api.post(
        "/api/v1/match/text", json={"text": "石墨烯导热膜", "targets": ["achievement"]}
    )
    assert new_id in [item["id"] for item in found.json()["groups"]["achievement"]]

    assert api.delete(f"/api/v1/achievements/{new_id}").status_code == 204
    assert new_id not in _achievements(api, records["demand"])
    found = api.post(
        "/api/v1/match/text", json={"text": "石墨烯导热膜", "targets": ["achievement"]}
    )
    assert new_id not in [item["id"] for item in found.json()["groups"]["achievement"]]


def test_a_record_made_confidential_drops_out_for_outsiders(
    api: TestClient, db: Database, records: dict[str, int]
) -> None:
    _login_broker(api, db)
    pid = records["perovskite"]
    assert pid in _achievements(api, records["demand"])
    response = api.patch(f"/api/v1/achievements/{pid}", json={"confidentiality": "confidential"})
    assert response.status_code == 200, response.text
    api.post("/api/v1/auth/logout")
    assert pid not in _achievements(api, records["demand"])


def test_an_import_of_many_rows_is_indexed_by_one_update(
    api: TestClient, db: Database, records: dict[str, int], tmp_path: Path
) -> None:
    from xinzhi.catalog.importing.run import import_file

    rows = ["title,summary,field"] + [
        f"钙钛矿封装工艺第{i}号,钙钛矿电池封装与阻隔第{i}种方案,能源" for i in range(12)
    ]
    path = tmp_path / "achievements.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    with db.read() as s:
        before = s.scalar(select(Job.id).order_by(Job.id.desc()).limit(1)) or 0
    report = import_file(db, "achievements", path)
    assert report.written
    with db.read() as s:
        jobs = s.scalars(select(Job).where(Job.id > before)).all()
        assert [j.kind for j in jobs] == ["matching.update"]
        assert jobs[0].status == "succeeded", jobs[0].error
        assert jobs[0].result["added"] == 12
    stats = api.get("/api/v1/match/index").json()
    assert stats["documents"] == 6 + 12


def test_changes_in_one_transaction_share_one_pending_update(
    api: TestClient, db: Database, records: dict[str, int]
) -> None:
    from tests.factories import ADMIN
    from xinzhi.catalog import service as catalog
    from xinzhi.catalog.entities import ENTITIES

    spec = ENTITIES["achievements"]
    with db.read() as s:
        before = s.scalar(select(Job.id).order_by(Job.id.desc()).limit(1)) or 0
    with db.write(actor="test") as s:
        for title in ("氢燃料电池双极板", "固态电解质界面改性"):
            catalog.create_record(s, spec, ADMIN, spec.create.model_validate({"title": title}))
        catalog.create_record(
            s,
            ENTITIES["demands"],
            ADMIN,
            ENTITIES["demands"].create.model_validate({"title": "需"}),
        )
    with db.read() as s:
        jobs: list[Any] = s.scalars(select(Job).where(Job.id > before)).all()
        assert len(jobs) == 1 and jobs[0].status == "succeeded"
        assert set(jobs[0].params["entity_types"]) >= {"achievement", "demand", "person"}
        assert jobs[0].result["added"] == 3


def test_the_demands_own_organisation_is_never_offered_as_its_solver(
    api: TestClient, db: Database, records: dict[str, int]
) -> None:
    from tests.factories import make

    org = records["org"]  # owns the demand
    own = make(
        db,
        "achievements",
        title="钙钛矿太阳能电池封装技术",
        summary="钙钛矿电池组件湿热封装，效率保持率90%以上。",
        owner_org_id=org,
    )
    expert = make(db, "experts", name="王强", fields=["钙钛矿电池封装"], organisation_id=org)
    _login_broker(api, db)
    data = api.get(f"/api/v1/match/demand/{records['demand']}").json()["groups"]
    assert own not in [i["id"] for i in data["achievement"]]
    assert expert not in [i["id"] for i in data["person"]]
    assert org not in [i["id"] for i in data["organisation"]]
    assert records["perovskite"] in [i["id"] for i in data["achievement"]]


def test_an_owner_is_told_once_a_day_about_new_matches(
    api: TestClient, db: Database, records: dict[str, int], request_cleanup: list[Any]
) -> None:
    from tests.factories import make, make_user
    from xinzhi.core import events
    from xinzhi.core.events import Notice, subscribe

    told: list[Notice] = []

    def collect(_session: Any, notice: Notice) -> None:
        told.append(notice)

    subscribe(Notice, collect)
    request_cleanup.append(lambda: events._HANDLERS[Notice].remove(collect))
    user = make_user(db, "poster", Role.ENTERPRISE, records["org"])
    body = dict(summary="钙钛矿电池组件封装阻隔膜，湿热老化后效率保持率95%。", field="能源")
    make(db, "achievements", title="钙钛矿太阳能电池封装阻隔膜", **body)
    mine = [n for n in told if n.kind == "match.new" and n.subject_type == "demand"]
    assert len(mine) == 1 and mine[0].recipients == (user,)
    assert mine[0].link == f"/match/demands/{records['demand']}" and "新的匹配" in mine[0].title
    make(db, "achievements", title="钙钛矿太阳能电池封装工艺", **body)
    assert len([n for n in told if n.subject_type == "demand"]) == 1  # capped for today


def test_a_cli_process_without_a_queue_queues_the_update_for_the_worker(
    db: Database, settings: Settings
) -> None:
    """`xinzhi import` runs in its own process: the update goes on the configured queue (the
    SQLite queue file the worker of `xinzhi serve` reads), not nowhere."""
    from tests.factories import make
    from xinzhi.core.db import open_database

    cli_db = open_database(settings.model_copy(update={"jobs_mode": "worker"}))
    try:
        make(cli_db, "achievements", title="钠离子电池正极材料新工艺", field="新能源")
    finally:
        cli_db.dispose()
    with db.read() as session:
        kinds = session.scalars(select(Job.kind).where(Job.status == "queued")).all()
    assert "matching.update" in kinds
