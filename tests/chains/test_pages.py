"""产业链 pages for the six roles and the anonymous public: the list, a chain's map and table
for a region, a node's drill-down (placements and the confirm/move form for staff only), the
Excel/Word exports; Chinese only (no codes, no None)."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.chains.conftest import catalog
from tests.clients import ClientAs
from tests.world import World, csrf_token
from xinzhi.chains import service, spec
from xinzhi.core.db import Database

ACCOUNTS = ("admin", "broker", "owner", "researcher", "reviewer", "public", None)
STAFF = {"admin", "broker"}
LEAKS = re.compile(r"\b(None|True|False|upstream|midstream|downstream|patent_specialisation)\b")


@pytest.fixture
def chain_id(db: Database, world: World) -> int:
    catalog(db)
    with db.write(actor="test") as session:
        chain = service.import_chain(session, spec.shipped()[0])
        service.place_chain(session, chain)
        return chain.id


@pytest.mark.parametrize("who", ACCOUNTS, ids=lambda w: w or "anonymous")
def test_pages_for_every_role(client_as: ClientAs, chain_id: int, who: str | None) -> None:
    c = client_as(who)
    paths = [
        "/chains",
        f"/chains/{chain_id}?region=510000",
        f"/chains/{chain_id}/nodes/module?region=四川",
        f"/chains/{chain_id}/export.xlsx?region=510000",
        f"/chains/{chain_id}/export.docx?region=510000",
    ]
    for path in paths:
        r = c.get(path)
        assert r.status_code == (401 if who is None else 200), (who, path)
    if who is None:
        return
    detail = c.get(f"/chains/{chain_id}?region=510000").text
    assert "光伏" in detail and 'data-testid="chain-graph"' in detail and "数据截至" in detail
    assert "政策应用图谱" in detail and "专精特新中小企业" in detail
    assert not LEAKS.search(re.sub(r"<[^>]+>", " ", detail)), who
    node = c.get(f"/chains/{chain_id}/nodes/module?region=四川").text
    assert ("decide-form" in node) == (who in STAFF), who
    assert "补链强链建议" in node and "概念验证中心与中试平台" in node
    sheet = load_workbook(
        io.BytesIO(c.get(f"/chains/{chain_id}/export.xlsx?region=510000").content)
    )
    assert sheet["短板表"].cell(1, 1).value == "环节" and sheet["短板表"].max_row == 17


def test_staff_confirm_and_move_through_the_form(
    client_as: ClientAs, chain_id: int, db: Database
) -> None:
    c = client_as("broker")
    with db.read() as session:
        first = service.node_placements(session, chain_id, "module", "patent")[0]
        target_id, entity_id = first.id, first.entity_id
    page = f"/chains/{chain_id}/nodes/module?region=510000"
    r = c.post(
        f"/chains/placements/{target_id}",
        data={"move_to": "station", "region": "510000", "csrf_token": csrf_token(c, page)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith(
        f"/chains/{chain_id}/nodes/station"
    )
    assert "已保存人工判断" in c.get(r.headers["location"]).text
    with db.read() as session:
        moved = service.node_placements(session, chain_id, "station", "patent")
        assert [p.status for p in moved if p.entity_id == entity_id] == ["moved"]
    other = client_as("reviewer")
    refused = other.post(
        f"/chains/placements/{target_id}",
        data={"csrf_token": csrf_token(other, page)},
        follow_redirects=False,
    )
    assert refused.status_code == 403


def test_unknown_region_is_a_chinese_422(
    client: TestClient, client_as: ClientAs, chain_id: int
) -> None:
    r = client_as("admin").get(f"/chains/{chain_id}?region=火星")
    assert r.status_code == 422 and "未知地区" in r.text
