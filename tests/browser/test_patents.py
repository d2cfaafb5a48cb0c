"""The 专利导航 page in Chromium: filter the real 风电 patents, read the trend, life-cycle stage,
bursts and networks drawn by ECharts, and download the Excel export."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.patents.conftest import wind_csv, wind_db  # noqa: F401 - fixtures
from tests.world import World
from xinzhi.core.db import Database

pytestmark = pytest.mark.browser


def test_patent_navigation_page(
    page: Page,
    world: World,
    wind_db: Database,  # noqa: F811
) -> None:
    log_in(page, world, "researcher")
    page.goto("/patents/landscape")
    page.get_by_label("检索式").fill("风电")
    page.get_by_label("截止申请年").fill("2016")
    page.get_by_role("button", name="分析").click()
    expect(page.get_by_test_id("patents-summary")).to_contain_text("件专利")
    expect(page.get_by_test_id("patents-stage")).not_to_be_empty()
    expect(page.get_by_test_id("patents-trend").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("patents-bursts")).to_be_visible()
    for chart in ("chart-trend", "chart-scurve", "chart-lifecycle", "chart-coinventors"):
        expect(page.locator(f"#{chart}")).to_have_attribute("data-drawn", "true")
        expect(page.locator(f"#{chart} svg")).to_have_count(1)
    expect(page.get_by_test_id("patents-network").locator("svg path").first).to_be_attached()
    link = page.get_by_test_id("patents-export")
    href = link.get_attribute("href")
    assert href is not None and "q=%E9%A3%8E%E7%94%B5" in href and "to=2016" in href
    response = page.request.get(href)
    assert response.status == 200
    sheets = pd.read_excel(io.BytesIO(response.body()), sheet_name=None)
    assert "共分类 co-classification" in sheets
    page.goto("/patents/landscape?q=量子点")
    expect(page.get_by_test_id("patents-error")).to_contain_text("没有符合条件的专利")
