"""智能匹配 in the browser: from a demand's page to its matches, a <mark>ed term, 有用 recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.world import World, _create
from xinzhi.core.db import Database
from xinzhi.matching import feedback, service

pytestmark = pytest.mark.browser
GEAR = "精密减速器齿轮渗碳热处理工艺"


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


def test_a_demand_s_matches_and_useful_feedback(page: Page, world: World, db: Database) -> None:
    gear = _create(
        db,
        "achievements",
        {"title": GEAR, "summary": "提高减速器寿命与精度保持性。", "field": "高端装备",
         "trl": 7, "trl_scale": "nasa"},
    )  # fmt: skip
    with db.read() as session:  # the test settings use the fast `hashing` model
        assert service.update_index(session, db.settings).documents > 0
    demand = world.records["public_demand"]

    log_in(page, world, "other")  # the demand's owner
    page.goto(f"/demands/{demand}")
    page.get_by_test_id("match-panel").get_by_role("link").click()
    expect(page.get_by_test_id("quality-panel")).to_contain_text("需求质量")
    group = page.get_by_test_id("match-group-achievement")
    item = group.locator(f'[data-key="achievement:{gear}"]')
    expect(item.locator("mark").filter(has_text="减速器")).to_have_text("减速器")
    expect(item).to_contain_text("共同术语")
    expect(item).to_contain_text("同一领域")

    item.get_by_role("button", name="有用", exact=True).click()
    expect(item.get_by_test_id("feedback-done")).to_have_text("已记录：有用")
    with db.read() as session:
        report = feedback.feedback_report(session)
    assert report["marks"] == 1 and report["useful_share"] == 1.0

    page.get_by_label("最低 TRL").fill("8")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"trl_min=8"))
    expect(page.locator(f'[data-key="achievement:{gear}"]')).to_have_count(0)
