"""智能匹配 pages: a demand's matches with <mark>ed terms, filters, quality, feedback, index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.world import World, _create, csrf_token, log_in
from xinzhi.core.db import Database
from xinzhi.matching import feedback, service
from xinzhi.matching.pages import highlight


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


GEAR = "精密减速器齿轮渗碳热处理工艺"


@pytest.fixture
def indexed(world: World, db: Database) -> World:
    world.records["gear"] = _create(
        db,
        "achievements",
        {"title": GEAR, "summary": "提高减速器寿命与精度保持性。", "field": "高端装备",
         "trl": 7, "trl_scale": "nasa"},
    )  # fmt: skip
    with db.read() as session:
        service.update_index(session, db.settings)
    return world


def test_highlight_escapes_and_marks() -> None:
    assert highlight("<b>减速器</b>寿命", ["减速器"]) == (
        "&lt;b&gt;<mark>减速器</mark>&lt;/b&gt;寿命"
    )
    assert highlight("a<mark>", []) == "a&lt;mark&gt;"
    assert highlight("钙钛矿电池", ["电池", "钙钛矿电池"]) == "<mark>钙钛矿电池</mark>"


def test_demand_page_shows_matches_quality_and_filters(client: TestClient, indexed: World) -> None:
    demand = indexed.records["public_demand"]
    detail = client.get(f"/demands/{demand}").text
    assert f'href="/match/demands/{demand}"' in detail
    html = client.get(f"/match/demands/{demand}").text
    assert 'data-testid="quality-panel"' in html and "需求质量" in html
    assert 'data-testid="match-group-achievement"' in html and "科技成果" in html
    assert "专家" in html and "机构" in html
    assert "<mark>减速器</mark>" in html and "共同术语" in html
    assert "同一领域" in html
    assert "登录后可反馈" in html  # anonymous: no buttons
    narrowed = client.get(f"/match/demands/{demand}", params={"trl_min": "8"}).text
    assert GEAR not in narrowed.replace("<mark>", "").replace("</mark>", "")
    assert 'value="8"' in narrowed
    bad = client.get(f"/match/demands/{demand}", params={"trl_min": "x", "mode": "nope"}).text
    assert "trl_min" in bad and "mode" in bad  # reported, then ignored
    assert client.get("/match/experts/1").status_code == 422
    assert client.get("/match/demands/99999").status_code == 404


def test_confidential_demand_page_is_hidden(client: TestClient, indexed: World) -> None:
    secret = indexed.records["secret_demand"]
    assert client.get(f"/match/demands/{secret}").status_code == 404
    log_in(client, indexed, "owner")
    assert client.get(f"/match/demands/{secret}").status_code == 200


def test_achievement_page_and_free_text(client: TestClient, indexed: World) -> None:
    html = client.get(f"/match/achievements/{indexed.records['gear']}").text
    assert "技术需求" in html and "企业与机构" in html
    assert "工业机器人精密减速器寿命提升" in html.replace("<mark>", "").replace("</mark>", "")
    empty = client.get("/match").text
    assert "输入您的技术需求" in empty and 'data-testid="match-item"' not in empty
    found = client.get("/match", params={"q": "减速器寿命短，希望提高精度保持性"}).text
    assert "<mark>减速器</mark>" in found and 'data-testid="quality-panel"' in found


def test_the_quality_gate_speaks_english_in_the_english_interface(
    client: TestClient, indexed: World
) -> None:
    client.get("/lang/en")
    html = client.get("/match", params={"q": "减速器寿命短"}).text
    panel = html.split('data-testid="quality-panel"', 1)[1]
    assert "Which technical targets should be reached" in panel and "Technical targets" in panel
    assert "请说明希望达到的技术指标" not in panel


def test_feedback_from_the_page(client: TestClient, indexed: World, db: Database) -> None:
    demand, gear = indexed.records["public_demand"], indexed.records["gear"]
    log_in(client, indexed, "other")  # the demand's owner
    html = client.get(f"/match/demands/{demand}").text
    assert "有用" in html and "无用" in html and 'hx-post="/match/feedback"' in html
    form = {"source_type": "demand", "source_id": str(demand), "target_type": "achievement",
            "target_id": str(gear), "rank": "1", "score": "0.03", "useful": "1"}  # fmt: skip
    refused = client.post("/match/feedback", data=form, headers={"HX-Request": "true"})
    assert refused.status_code == 403  # no CSRF token
    token = csrf_token(client, f"/match/demands/{demand}")
    done = client.post("/match/feedback", data=form | {"csrf_token": token},
                       headers={"HX-Request": "true"})  # fmt: skip
    assert done.status_code == 200 and "已记录：有用" in done.text
    plain = client.post(
        "/match/feedback",
        data=form | {"csrf_token": token, "useful": "0", "next": f"/match/demands/{demand}"},
        follow_redirects=False,
    )
    assert plain.status_code == 303 and plain.headers["location"] == f"/match/demands/{demand}"
    with db.read() as session:
        report = feedback.feedback_report(session)
    assert report["marks"] == 2
    assert report["by_target"]["achievement"]["1-3"] == {"useful": 1, "not_useful": 1}


def test_empty_index_offers_staff_the_index_job(world: World, client: TestClient) -> None:
    # the world is written before the app composes matching, so nothing indexed it live
    demand = world.records["public_demand"]
    html = client.get(f"/match/demands/{demand}").text
    assert "匹配索引为空" in html and "请联系平台管理员" in html
    log_in(client, world, "broker")
    html = client.get(f"/match/demands/{demand}").text
    assert 'data-testid="match-build-index"' in html
    token = csrf_token(client, f"/match/demands/{demand}")
    response = client.post("/match/index", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    html = client.get(f"/match/demands/{demand}").text  # immediate jobs in tests
    # nothing in this small world answers a reducer demand: the relevance floor shows none,
    # and says what to add to the demand
    assert "匹配索引为空" not in html and 'data-testid="match-item"' not in html
    assert 'data-testid="match-advice"' in html and "暂无足够匹配的结果" in html


def test_english_page(client: TestClient, indexed: World) -> None:
    client.get("/lang/en")
    html = client.get(f"/match/demands/{indexed.records['public_demand']}").text
    assert "Demand quality" in html and "Achievements" in html
