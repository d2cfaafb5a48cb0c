"""Create and edit forms generated from the Create shapes: validation next to fields, roles."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.factories import make
from tests.world import World, csrf_token, log_in
from xinzhi.core.db import Database


def _field_error(html: str, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="f-{name}-err">(.*?)</p>', html)
    return match.group(1) if match else ""


def _post(client: TestClient, path: str, data: dict[str, str]) -> httpx.Response:
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def test_new_form_is_generated_from_the_create_shape(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    html = client.get("/achievements/new").text
    for label in ("成果名称", "成果简介", "技术成熟度", "成熟度标准", "所属单位", "保密级别"):
        assert f">{label}" in html
    assert '<textarea id="f-summary"' in html and 'name="region_code-province"' in html
    assert '<option value="320000">江苏省</option>' in html  # the 省/市/区 picker
    assert 'name="extra"' not in html  # no JSON box for people; extra stays for the API
    assert 'name="title" value=""' in html  # a required field starts empty
    assert 'type="number"' in html and 'min="1"' in html and 'max="9"' in html
    assert '<option value="confidential"' in html and "江南理工大学" in html
    assert 'for="f-title"' in html and 'aria-required="true"' in html


def test_validation_errors_are_shown_next_to_their_fields(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    response = _post(
        client,
        "/achievements/new",
        {
            "title": "",
            "trl": "12",
            "price_min_wan": "五十",
            "region_code": "32",
            "keywords": "储能；电池, 回收",
        },
    )
    assert response.status_code == 422
    html = response.text
    assert _field_error(html, "title") == "此项为必填项"
    assert _field_error(html, "trl") == "不能大于 9"
    assert _field_error(html, "price_min_wan") == "请输入数字"
    assert "GB/T 2260" in html and _field_error(html, "region_code") == (
        "请选择所在地区（六位行政区划代码）"
    )
    assert 'value="五十"' in html  # what the user typed stays in the form
    assert 'aria-invalid="true"' in html and 'role="alert"' in html


def test_whole_record_rules_are_shown_above_the_form(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    html = _post(client, "/achievements/new", {"title": "一项成果", "trl": "5"}).text
    assert "填写技术成熟度时请选择成熟度标准" in html


def test_validation_messages_follow_the_language(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    client.get("/lang/en")
    html = _post(client, "/demands/new", {"title": "", "deadline": "明天"}).text
    assert _field_error(html, "title") == "This field is required"
    assert _field_error(html, "deadline") == "Enter a date as YYYY-MM-DD"


def test_broker_creates_and_edits_a_record_and_the_history_shows_it(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "broker")
    created = _post(
        client,
        "/achievements/new",
        {
            "title": "钠离子电池硬碳负极材料",
            "keywords": "钠电池；硬碳，负极",
            "trl": "5",
            "trl_scale": "nasa",
            "owner_org_id": str(world.orgs["university"]),
            "confidentiality": "public",
        },
    )
    assert created.status_code == 303
    url = created.headers["location"]
    detail = client.get(url).text
    assert "已创建" in detail and "钠电池、硬碳、负极" in detail and "NASA 九级" in detail

    edit = client.get(f"{url}/edit").text
    assert 'value="钠电池； 硬碳； 负极"' in edit
    saved = _post(
        client,
        f"{url}/edit",
        {
            "title": "钠离子电池硬碳负极材料（中试）",
            "keywords": "钠电池；硬碳；负极",
            "trl": "6",
            "trl_scale": "nasa",
            "owner_org_id": str(world.orgs["university"]),
            "confidentiality": "public",
        },
    )
    assert saved.status_code == 303
    page = client.get(url).text
    assert "已保存" in page and "钠离子电池硬碳负极材料（中试）" in page
    history = page[page.index('data-testid="history"') :]
    assert "修改" in history and "技术成熟度" in history and "新建" in history
    assert "user:broker" in history

    unchanged = _post(
        client,
        f"{url}/edit",
        {
            "title": "钠离子电池硬碳负极材料（中试）",
            "keywords": "钠电池；硬碳；负极",
            "trl": "6",
            "trl_scale": "nasa",
            "confidentiality": "public",
            "owner_org_id": str(world.orgs["university"]),
        },
    )
    assert unchanged.status_code == 303
    assert "没有修改任何内容" in client.get(url).text


def test_enterprise_user_creates_demands_only_for_their_own_organisation(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "owner")
    form = client.get("/demands/new").text
    assert 'name="owner_org_id"' not in form
    created = _post(
        client,
        "/demands/new",
        {"title": "电池包热失控预警算法", "confidentiality": "confidential", "status": "open"},
    )
    assert created.status_code == 303
    detail = client.get(created.headers["location"]).text
    assert "绿能电池科技有限公司" in detail and "保密" in detail


def test_enterprise_user_may_edit_own_records_only(client: TestClient, world: World) -> None:
    log_in(client, world, "owner")
    own = client.get(f"/demands/{world.records['secret_demand']}").text
    assert "/edit" in own
    other = f"/demands/{world.records['public_demand']}"
    assert f'href="{other}/edit"' not in client.get(other).text
    assert client.get(f"{other}/edit").status_code == 403
    refused = _post(client, f"{other}/edit", {"title": "改别人的需求"})
    assert refused.status_code == 403
    assert "改别人的需求" not in client.get(other).text
    assert client.get("/demands").text.count('href="/demands/new"') == 1


@pytest.mark.parametrize("who", ["owner", "researcher", "reviewer", "public"])
def test_non_staff_cannot_create_shared_records(client: TestClient, world: World, who: str) -> None:
    log_in(client, world, who)
    assert client.get("/patents/new").status_code == 403
    assert 'href="/patents/new"' not in client.get("/patents").text
    token = csrf_token(client, "/")
    refused = client.post("/patents/new", data={"csrf_token": token, "pub_no": "CN1", "title": "x"})
    assert refused.status_code == 403


def test_reviewer_and_public_cannot_create_demands(client: TestClient, world: World) -> None:
    log_in(client, world, "reviewer")
    assert client.get("/demands/new").status_code == 403


def test_anonymous_is_asked_to_log_in(client: TestClient) -> None:
    response = client.get("/demands/new")
    assert response.status_code == 401
    assert 'href="/login?next=/demands/new"' in response.text


def test_duplicate_record_is_reported_in_the_form(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    data = {"pub_no": "CN115000001A", "title": "一种锂电池隔膜的制备方法"}
    response = _post(client, "/patents/new", data)
    assert response.status_code == 422
    assert "与现有记录冲突" in response.text


def test_enterprise_user_may_edit_their_own_organisation_only(
    client: TestClient, world: World
) -> None:
    log_in(client, world, "owner")
    own = f"/organisations/{world.orgs['owner']}"
    assert f'href="{own}/edit"' in client.get(own).text
    saved = _post(
        client,
        f"{own}/edit",
        {"name": "绿能电池科技有限公司", "kind": "enterprise", "website": "https://lvneng.example"},
    )
    assert saved.status_code == 303
    assert "https://lvneng.example" in client.get(own).text
    assert client.get(f"/organisations/{world.orgs['other']}/edit").status_code == 403


def test_a_demand_status_reads_as_words_not_its_code(client: TestClient, db: Database) -> None:
    demand = make(db, "demands", title="极片面密度在线检测", status="signed")
    page = client.get(f"/demands/{demand}").text
    assert "已签约" in page and ">signed<" not in page
