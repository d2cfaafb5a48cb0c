"""Lists sort by their columns and filter by facets with counts."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.world import PUBLIC_DEMAND_TITLE, World, log_in


def _titles(html: str) -> list[str]:
    body = html.split('data-testid="record-table"', 1)[1]
    return re.findall(r'<td><a href="/demands/\d+">([^<]+)</a>', body)


def test_a_list_sorts_by_a_column_both_ways(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    up = _titles(client.get("/demands", params={"sort": "title"}).text)
    down = _titles(client.get("/demands", params={"sort": "-title"}).text)
    assert len(up) == 2 and up == sorted(up) and down == up[::-1]
    html = client.get("/demands", params={"sort": "title"}).text
    assert 'aria-sort="ascending"' in html and "sort=-title" in html


def test_facets_show_counts_and_filter(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    html = client.get("/demands").text
    facets = html.split('data-testid="facets"', 1)[1].split("</nav>", 1)[0]
    assert '新能源 <span class="count">1</span>' in facets
    assert '待对接 <span class="count">2</span>' in facets  # status in words, not "open"
    chosen = client.get("/demands", params={"field": "高端装备"}).text
    assert _titles(chosen) == [PUBLIC_DEMAND_TITLE]


def test_an_unknown_sort_is_ignored(client: TestClient, world: World) -> None:
    assert client.get("/demands", params={"sort": "natural_key"}).status_code == 200


def test_the_export_holds_what_the_filtered_list_shows(client: TestClient, world: World) -> None:
    log_in(client, world, "broker")
    html = client.get("/demands", params={"field": "高端装备"}).text
    link = re.search(r'href="(/demands/export\.csv[^"]*)"', html)
    assert link and "field=" in link.group(1)
    exported = client.get(link.group(1).replace("&amp;", "&")).content.decode("utf-8-sig")
    assert PUBLIC_DEMAND_TITLE in exported and exported.count("\n") == 2  # header + one row
