"""Every page renders, in Chinese and in English, for the public and for staff."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.clients import ClientAs
from tests.world import World, log_in
from xinzhi.catalog.entities import ENTITIES

PUBLIC_PAGES = ["/", "/search", "/search?q=电池", "/login", *(f"/{e}" for e in ENTITIES)]
STAFF_PAGES = ["/jobs", "/import", *(f"/{e}/new" for e in ENTITIES)]
UI = {"zh": ("首页", "检索"), "en": ("Home", "Search")}


ENTITY_OF = {
    "secret_demand": "demands",
    "public_demand": "demands",
    "achievement": "achievements",
    "patent": "patents",
    "expert": "experts",
    "policy": "policies",
}


def _detail_pages(world: World, *, confidential: bool = True) -> list[str]:
    pages = [
        f"/{ENTITY_OF[k]}/{i}"
        for k, i in world.records.items()
        if confidential or k != "secret_demand"
    ]
    return pages + [f"/organisations/{i}" for i in world.orgs.values()]


def _set_language(client: TestClient, lang: str) -> None:
    assert client.get(f"/lang/{lang}").status_code == 200


def _assert_page(client: TestClient, path: str, lang: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    html = response.text
    expected = "zh-CN" if lang == "zh" else "en"
    assert f'<html lang="{expected}">' in html, path
    assert all(word in html for word in UI[lang]), (path, lang)
    assert "{{" not in html and "}}" not in html, path
    return html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_public_pages_render_in_both_languages(client: TestClient, world: World, lang: str) -> None:
    _set_language(client, lang)
    for path in [*PUBLIC_PAGES, *_detail_pages(world, confidential=False)]:
        _assert_page(client, path, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_staff_pages_render_in_both_languages(client: TestClient, world: World, lang: str) -> None:
    log_in(client, world, "admin")
    _set_language(client, lang)
    for path in [*PUBLIC_PAGES, *STAFF_PAGES, *_detail_pages(world)]:
        _assert_page(client, path, lang)
    for record in ("secret_demand", "achievement"):
        _assert_page(client, f"/{ENTITY_OF[record]}/{world.records[record]}/edit", lang)


def test_default_language_is_chinese_and_the_toggle_is_per_session(
    client: TestClient, client_as: ClientAs
) -> None:
    assert '<html lang="zh-CN">' in client.get("/").text
    toggled = client.get("/lang/en?next=/demands", follow_redirects=False)
    assert toggled.status_code == 303 and toggled.headers["location"] == "/demands"
    assert "Demands" in client.get("/demands").text
    assert '<html lang="zh-CN">' in client_as(None).get("/").text


def test_language_toggle_refuses_to_redirect_off_site(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil"):
        response = client.get("/lang/en", params={"next": target}, follow_redirects=False)
        assert response.headers["location"] == "/"


def test_detail_page_shows_chinese_labels_and_the_linked_organisation(
    client: TestClient, world: World
) -> None:
    html = client.get(f"/achievements/{world.records['achievement']}").text
    for label in ("成果名称", "所属领域", "技术成熟度", "成熟度标准", "关键词", "外部编号"):
        assert label in html
    assert f'href="/organisations/{world.orgs["university"]}"' in html
    assert "江南理工大学" in html
    assert "国标 GB/T 22900" in html  # the enum value in words, not "gbt"


def test_organisation_page_lists_its_visible_records(client: TestClient, world: World) -> None:
    html = client.get(f"/organisations/{world.orgs['university']}").text
    assert "退役锂离子电池正极材料回收再生技术" in html and "张伟" in html


def test_list_page_has_columns_filters_and_pagination(
    client: TestClient, world: World, db: object
) -> None:
    html = client.get("/achievements").text
    for column in ("成果名称", "所属领域", "学科", "技术成熟度"):
        assert f">{column}</a></th>" in html  # each header is a sort link
    for name in ENTITIES["achievements"].filters:
        assert f'name="{name}"' in html
    assert "退役锂离子电池" in html
    filtered = client.get("/achievements", params={"field": "没有这个领域"}).text
    assert "暂无符合条件的记录" in filtered
    bad = client.get("/achievements", params={"trl": "九"}).text
    assert "已忽略" in bad


def test_pagination_links_keep_the_query(
    client: TestClient, world: World, settings: object
) -> None:
    from tests.world import _create

    db = client.app.state.db  # type: ignore[attr-defined]
    for n in range(25):
        _create(db, "policies", {"title": f"科技创新券管理办法第{n}号", "issuer": "省科技厅"})
    html = client.get("/policies", params={"q": "创新券"}).text
    assert "第 1 / 2 页" in html
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', html)
    assert next_link and "q=" in next_link.group(1)
    page2 = client.get("/policies" + next_link.group(1).replace("&amp;", "&")).text
    assert "第 2 / 2 页" in page2


def test_home_page_counts_and_search_find_chinese_text(client: TestClient, world: World) -> None:
    home = client.get("/").text
    assert re.search(r'data-testid="count-patents">1<', home)
    found = client.get("/search", params={"q": "正极材料 回收"}).text
    assert "退役锂离子电池正极材料回收再生技术" in found
    assert "没有找到相关记录" in client.get("/search", params={"q": "量子引力"}).text


def test_static_assets_are_served_locally(client: TestClient) -> None:
    css = client.get("/static/css/xinzhi.css")
    assert css.status_code == 200 and "Noto Sans CJK SC" in css.text
    html = client.get("/").text
    assert "cdn" not in html.lower() and "//unpkg" not in html
    assert 'src="/static/vendor/htmx.min.js"' in html
