"""The form's own widgets: 省/市/区 picker, indicator rows, budget text, contact, taxonomy."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.world import World, csrf_token, log_in
from xinzhi.catalog.models import Demand, Organisation


def _post(client: TestClient, path: str, data: dict[str, str]) -> httpx.Response:
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def test_demand_form_saves_region_rows_budget_and_contact(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    response = _post(
        client,
        "/demands/new",
        {
            "title": "动力电池快充技术",
            "region_code-province": "320000",
            "region_code-city": "320100",
            "region_code-county": "320106",
            "budget_text": "50-100万元",
            "keywords": "快充；电池",
            "target_indicators-0-name": "充电时间",
            "target_indicators-0-value": "≤15",
            "target_indicators-0-unit": "分钟",
            "target_indicators-1-name": "",
            "target_indicators-1-value": "",
            "target_indicators-2-name": "循环寿命",
            "target_indicators-2-value": "3000",
            "target_indicators-2-unit": "次",
            "contact_name": "王工",
            "contact_phone": "0571-88886666",
            "contact_email": "wang@example.cn",
            "status": "open",
            "confidentiality": "public",
        },
    )
    assert response.status_code == 303, response.text
    with world.db.read() as session:
        demand = session.scalars(select(Demand).where(Demand.title == "动力电池快充技术")).one()
        assert demand.region_code == "320106"
        assert (demand.budget_min_wan, demand.budget_max_wan) == (50, 100)
        assert demand.budget_text == "50-100万元" and demand.keywords == ["快充", "电池"]
        assert demand.target_indicators == [
            {"name": "充电时间", "value": "≤15", "unit": "分钟"},
            {"name": "循环寿命", "value": "3000", "unit": "次"},
        ]
        assert demand.contact_name == "王工" and demand.contact_email == "wang@example.cn"
        demand_id = demand.id
    detail = client.get(f"/demands/{demand_id}").text
    assert "江苏省南京市鼓楼区" in detail and "充电时间 ≤15分钟" in detail
    edit = client.get(f"/demands/{demand_id}/edit").text
    assert '<option value="320106" selected>鼓楼区</option>' in edit
    assert 'name="target_indicators-1-name" value="循环寿命"' in edit


def test_a_row_problem_and_a_bad_contact_are_shown_in_chinese(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    response = _post(
        client,
        "/demands/new",
        {
            "title": "一项需求",
            "target_indicators-0-value": "3000",
            "contact_phone": "打电话",
            "contact_email": "wang-at-example",
        },
    )
    assert response.status_code == 422
    html = response.text
    assert "第 1 行：此项为必填项" in html
    assert "请输入电话号码" in html and "请输入有效的电子邮箱" in html
    assert 'name="target_indicators-0-value" value="3000"' in html  # kept as typed
    assert 'value="打电话"' in html


def test_a_budget_range_upside_down_is_reported_in_chinese(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    data = {"title": "一项需求", "budget_min_wan": "100", "budget_max_wan": "50"}
    html = _post(client, "/demands/new", data).text
    assert "预算下限 100 高于上限 50" in html


def test_a_stale_county_from_another_province_is_ignored(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    response = _post(
        client,
        "/organisations/new",
        {
            "name": "杭州某公司",
            "kind": "enterprise",
            "region_code-province": "330000",
            "region_code-city": "320100",
            "region_code-county": "320106",
        },
    )
    assert response.status_code == 303
    with world.db.read() as session:
        org = session.scalars(select(Organisation).where(Organisation.name == "杭州某公司")).one()
        assert org.region_code == "330000"


def test_region_children_are_served_for_the_picker(client: TestClient) -> None:
    provinces = client.get("/regions/children").json()
    assert len(provinces) == 31 and provinces[9] == {"code": "320000", "name": "江苏省"}
    cities = client.get("/regions/children", params={"code": "320000"}).json()
    assert {"code": "320100", "name": "南京市"} in cities
    counties = client.get("/regions/children", params={"code": "320100"}).json()
    assert {"code": "320106", "name": "鼓楼区"} in counties


def test_field_offers_the_taxonomy(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    html = client.get("/demands/new").text
    assert 'list="f-field-options"' in html and '<option value="新能源与节能">' in html
    assert "联系人" in html and "联系电话" in html and "电子邮箱" in html


def test_sub_and_superscripts_are_shown_as_text() -> None:
    from xinzhi.catalog.pages.fields import scripts_as_text

    assert scripts_as_text("CO<sub>2</sub> 捕集，m<sup>2</sup>") == "CO₂ 捕集，m²"
    assert scripts_as_text("x<sub>i</sub>") == "xi"  # no Unicode subscript i: tags only go
