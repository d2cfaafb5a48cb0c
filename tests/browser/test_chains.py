"""The chain map in Chromium: the ECharts graph draws for a region, a node opens its
drill-down with reasons and recommendations, and the region selector changes the table."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.chains.conftest import catalog
from tests.world import World
from xinzhi.chains import service, spec
from xinzhi.core.db import Database

pytestmark = pytest.mark.browser


def test_chain_map_drill_down_and_region(page: Page, world: World, db: Database) -> None:
    catalog(db)
    with db.write(actor="test") as session:
        chain = service.import_chain(session, spec.shipped()[0])
        service.place_chain(session, chain)
        chain_id = chain.id
    log_in(page, world, "reviewer")
    page.goto(f"/chains/{chain_id}?region=510000")
    graph = page.get_by_test_id("chain-graph")
    expect(graph).to_have_attribute("data-ready", "1")
    expect(graph.locator("svg")).to_have_count(1)
    expect(page.get_by_test_id("weak-row")).to_have_count(16)
    page.get_by_test_id("weak-table").get_by_role("link", name="组件").click()
    expect(page).to_have_url(re.compile(rf"/chains/{chain_id}/nodes/module\?region=510000$"))
    expect(page.get_by_test_id("node-reasons")).to_contain_text("专利专业化指数")
    expect(page.get_by_test_id("decide-form")).to_have_count(0)  # reviewers do not curate
    page.get_by_role("link", name="返回产业链").click()
    page.get_by_label("地区").select_option("320000")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"region=320000"))
    expect(page.get_by_test_id("data-date")).to_contain_text("江苏省")
