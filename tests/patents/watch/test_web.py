"""Watchlists through the API and the pages: create, run (a job), warnings inbox with the open
count, acknowledge, export to Excel/CSV; other users do not see someone else's watchlist."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import update

from tests.world import World, _create, csrf_token, log_in
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.patents.watch.models import Watchlist


def _patent(db: Database, pub_no: str, inventors: list[str]) -> None:
    data = {"pub_no": pub_no, "title": "一种钙钛矿光伏组件", "app_date": "2024-03-02"}
    _create(db, "patents", data | {"inventors": inventors})


def test_watchlist_api_run_warn_acknowledge_and_export(
    client: TestClient, world: World, db: Database
) -> None:
    log_in(client, world, "researcher")
    body = {"name": "钙钛矿", "query": {"keywords": ["光伏"]}, "competitors": ["张三"]}
    made = client.post("/api/v1/watchlists", json=body)
    assert made.status_code == 201, made.text
    watchlist_id = made.json()["id"]
    assert client.post("/api/v1/watchlists", json=body).status_code == 409

    first = client.post(f"/api/v1/watchlists/{watchlist_id}/run")
    assert first.status_code == 202
    job = client.get(f"/api/v1/jobs/{first.json()['job_id']}").json()
    assert job["status"] == "succeeded" and job["result"]["warnings"] == 0  # baseline

    _patent(db, "CN900000001A", ["张三", "李四"])
    _patent(db, "CN900000002A", ["王五"])
    client.post(f"/api/v1/watchlists/{watchlist_id}/run")
    (warning,) = client.get("/api/v1/watchlists/warnings", params={"open": True}).json()
    assert warning["kind"] == "new_filing" and "CN900000001A" in warning["explanation"]
    assert client.get("/api/v1/watchlists/warnings/count").json() == {"open": 1}
    runs = client.get(f"/api/v1/watchlists/{watchlist_id}/runs").json()
    assert [r["status"] for r in runs] == ["succeeded", "succeeded"]

    sheet = load_workbook(io.BytesIO(client.get("/api/v1/watchlists/warnings/export.xlsx").content))
    rows = list(sheet.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:3] == ("编号", "监测清单", "类型") and rows[1][2] == "竞争对手新申请"
    text = client.get("/api/v1/watchlists/warnings/export.csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][4] == warning["title"]

    acked = client.post("/api/v1/watchlists/warnings/ack", json={"ids": [warning["id"]]})
    assert acked.json() == {"acknowledged": 1}
    assert client.get("/api/v1/watchlists/warnings/count").json() == {"open": 0}

    log_in(client, world, "owner")
    assert client.get(f"/api/v1/watchlists/{watchlist_id}").status_code == 404
    assert client.get("/api/v1/watchlists").json() == []


def test_pages_create_a_watchlist_and_show_the_inbox_count(
    client: TestClient, world: World, db: Database
) -> None:
    assert client.get("/watchlists", follow_redirects=False).status_code in (302, 303, 401)
    log_in(client, world, "researcher")
    form = {
        "csrf_token": csrf_token(client, "/watchlists"),
        "name": "光伏组件",
        "keywords": "光伏，钙钛矿",
        "competitors": "张三",
        "schedule": "daily",
    }
    created = client.post("/watchlists", data=form, follow_redirects=False)
    assert created.status_code == 303
    detail_url = created.headers["location"]
    run = {"csrf_token": csrf_token(client, detail_url)}
    client.post(f"{detail_url}/run", data=run)
    _patent(db, "CN900000003A", ["张三"])
    page = client.post(f"{detail_url}/run", data=run)
    assert "竞争对手 张三 新增 1 件专利" in page.text and "每天" in page.text
    inbox = client.get("/watchlists/warnings")
    assert "未确认 1 条" in inbox.text
    warning_id = client.get("/api/v1/watchlists/warnings").json()[0]["id"]
    ack = {"csrf_token": csrf_token(client, "/watchlists/warnings"), "ids": str(warning_id)}
    client.post("/watchlists/warnings/ack", data=ack)
    assert "未确认 0 条" in client.get("/watchlists/warnings").text
    assert "张三" in client.get("/watchlists/warnings?show=all").text
    bad = {"csrf_token": csrf_token(client, "/watchlists"), "name": "", "year_from": "x"}
    assert client.post("/watchlists", data=bad).status_code == 422


def test_null_or_mistyped_thresholds_are_refused_and_bad_rows_still_list(
    api: TestClient, login: Any, db: Database
) -> None:
    """Issue #12: a watchlist saved with ``thresholds: null`` broke its listing."""
    login(Role.BROKER)
    refused = api.post("/api/v1/watchlists", json={"name": "空阈值", "thresholds": None})
    assert refused.status_code == 422, refused.text
    assert "thresholds" in refused.json()["error"]["message"]
    typed = api.post("/api/v1/watchlists", json={"name": "错类型", "thresholds": {"s": "abc"}})
    assert typed.status_code == 422 and "thresholds.s" in typed.text
    made = api.post("/api/v1/watchlists", json={"name": "正常", "thresholds": {"s": 3}})
    assert made.status_code == 201 and made.json()["thresholds"] == {"s": 3.0}
    watchlist_id = made.json()["id"]
    patch = api.patch(f"/api/v1/watchlists/{watchlist_id}", json={"thresholds": None})
    assert patch.status_code == 422
    with db.write() as session:  # a row stored before the check existed
        session.execute(update(Watchlist).values(thresholds=None))
    listing = api.get("/api/v1/watchlists")
    assert listing.status_code == 200 and listing.json()[0]["thresholds"] == {}
    assert api.get(f"/api/v1/watchlists/{watchlist_id}").json()["thresholds"] == {}
