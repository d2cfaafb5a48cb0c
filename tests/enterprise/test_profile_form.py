"""企业画像 as a form: yearly rows, IP rows, declarations; assessed or saved from the page."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.web.latin import ALLOWED, latin_words, visible_text
from tests.world import World, csrf_token, log_in
from xinzhi.enterprise.models import EnterpriseProfileRow, EnterpriseYearRow

ALLOWED_HERE = ALLOWED | {"English"}  # the language switch names the other language
FORM = {
    "name": "示例科技有限公司",
    "region_code-province": "440000",
    "region_code-city": "440300",
    "industry": "专用设备制造业",
    "niche_since": "2019",
    "strategic_emerging": "true",
    "years-0-year": "2024",
    "years-0-revenue": "5200",
    "years-0-main_revenue": "4700",
    "years-0-rd_expense": "180",
    "years-0-total_assets": "4000",
    "years-0-total_liabilities": "2100",
    "years-1-year": "2025",
    "years-1-revenue": "6000",
    "years-1-main_revenue": "5400",
    "years-1-rd_expense": "156",
    "years-1-total_assets": "4200",
    "years-1-total_liabilities": "2300",
    "years-1-employees": "120",
    "years-1-tech_staff": "30",
    "ip-0-kind": "invention",
    "ip-0-ownership": "own",
    "ip-0-granted_on": "2021-06-01",
    "ip-0-high_value": "false",
    "ip-0-main_product": "true",
    "titles-0-kind": "innovative_sme",
    "titles-0-issued_on": "2024-03-01",
    "declarations-no_dishonesty": "true",
    "declarations-not_restricted": "true",
    "rules": "miit-2026",
    "mode": "new",
}


def _submit(client: TestClient, data: dict[str, str]) -> httpx.Response:
    token = csrf_token(client, "/enterprise/profiles/new")
    return client.post(
        "/enterprise/profiles/form", data={"csrf_token": token, **data}, follow_redirects=False
    )


def test_the_form_has_fields_not_json(client: TestClient) -> None:
    html = client.get("/enterprise/profiles/new").text
    assert "<textarea" not in html.replace('<textarea id="f-industry"', "")
    for label in (
        "营业收入",
        "研发费用",
        "职工总数",
        "研发人员数",
        "资产总额",
        "知识产权",
        "称号证书",
    ):
        assert label in html
    assert 'name="years-0-revenue"' in html and 'name="declarations-no_dishonesty"' in html
    assert '<option value="invention">发明专利</option>' in html


def test_assessing_from_the_form_stores_nothing_and_shows_chinese(
    client: TestClient, world: World
) -> None:
    response = _submit(client, {**FORM, "action": "assess"})
    assert response.status_code == 200, response.text
    assert 'data-testid="tier-innovative_sme"' in response.text
    assert "工信部 2026 年版规则" in response.text and "新申请" in response.text
    with world.db.read() as session:
        assert session.scalar(select(EnterpriseProfileRow.id)) is None


def test_saving_keeps_one_row_per_year_and_edit_shows_them_again(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    saved = _submit(client, {**FORM, "action": "save"})
    assert saved.status_code == 303, saved.text
    profile_id = int(re.findall(r"/enterprise/profiles/(\d+)", saved.headers["location"])[0])
    with world.db.read() as session:
        years = session.scalars(select(EnterpriseYearRow).order_by(EnterpriseYearRow.year)).all()
        assert [(y.year, y.revenue, y.employees) for y in years] == [
            (2024, 5200, None),
            (2025, 6000, 120),
        ]
    detail = client.get(saved.headers["location"]).text
    assert "编辑企业画像" in detail and 'data-testid="tier-innovative_sme"' in detail
    edit = client.get(f"/enterprise/profiles/{profile_id}/edit").text
    assert 'name="years-1-revenue" value="6000"' in edit
    assert '<option value="440300" selected>深圳市</option>' in edit
    # a new year is added to the same profile; the earlier years stay
    again = {**FORM, "profile_id": str(profile_id), "years-2-year": "2026",
             "years-2-revenue": "7000", "action": "save"}  # fmt: skip
    assert _submit(client, again).status_code == 303
    with world.db.read() as session:
        assert session.scalars(select(EnterpriseYearRow.year)).all() == [2024, 2025, 2026]


def test_a_wrong_year_is_shown_next_to_its_row_keeping_the_input(client: TestClient) -> None:
    response = _submit(client, {**FORM, "years-1-year": "1800", "years-1-revenue": "六千",
                                "action": "assess"})  # fmt: skip
    assert response.status_code == 422
    assert "第 2 行：不能小于 1990" in response.text
    assert 'name="years-1-revenue" value="六千"' in response.text


def test_results_are_in_chinese_words(client: TestClient) -> None:
    """No ``True``/``None``/``years[2023].equity_financing`` or engine English on the page."""
    for rules in ("miit-2026", "miit-2022"):
        for mode in ("new", "review"):
            data = {**FORM, "rules": rules, "mode": mode, "action": "assess"}
            text = visible_text(_submit(client, data).text)
            assert latin_words(text, ALLOWED_HERE) == [], (rules, mode)
            assert "未知" in text or "缺少数据" in text
