"""对接 in the browser, the whole loop: a broker opens a demand's matches, 加入对接, moves the
engagement stage by stage (a skipped stage is refused in Chinese), records the contract with a
payment milestone, and the admin's workbench funnel counts the signed demand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, log_out
from tests.world import World, _create
from xinzhi.core.db import Database
from xinzhi.matching import service

pytestmark = pytest.mark.browser
GEAR = "精密减速器齿轮渗碳热处理工艺"


@pytest.fixture(autouse=True)
def _fresh_retrievers() -> Iterator[None]:
    service.forget_retrievers()
    yield
    service.forget_retrievers()


def _advance(page: Page, stage: str) -> None:
    page.get_by_role("button", name=f"推进到「{stage}」").click()
    expect(page.get_by_test_id("current-stage")).to_have_text(stage)


def test_from_a_match_to_a_registered_contract(page: Page, world: World, db: Database) -> None:
    gear = _create(
        db,
        "achievements",
        {"title": GEAR, "summary": "提高减速器寿命与精度保持性。", "field": "高端装备",
         "trl": 7, "trl_scale": "nasa", "owner_org_id": world.orgs["university"]},
    )  # fmt: skip
    with db.read() as session:  # the test settings use the fast `hashing` model
        assert service.update_index(session, db.settings).documents > 0
    demand = world.records["public_demand"]

    log_in(page, world, "broker")
    expect(page).to_have_url(re.compile(r"/workbench$"))  # the signed-in home
    page.goto(f"/match/demands/{demand}")
    item = page.get_by_test_id("match-group-achievement").locator(
        f'[data-key="achievement:{gear}"]'
    )
    item.get_by_role("button", name="加入对接").click()
    expect(page.get_by_role("status")).to_contain_text("已加入对接")
    expect(page.get_by_test_id("current-stage")).to_have_text("推荐")
    expect(page.get_by_test_id("parties")).to_contain_text(GEAR)
    expect(page.get_by_test_id("score")).to_contain_text("同一领域")

    _advance(page, "已联系")
    # a stale or altered form asks for a skip: the refusal names the allowed stage
    page.get_by_test_id("advance").evaluate("b => b.value = 'signed'")
    page.get_by_test_id("advance").click()
    expect(page.get_by_test_id("form-error")).to_contain_text(
        "不能从「已联系」直接变更为「已签约」：下一阶段只能是「有意向」"
    )
    expect(page.get_by_test_id("current-stage")).to_have_text("已联系")
    for stage in ("有意向", "洽谈中", "已签约"):
        _advance(page, stage)

    page.wait_for_load_state()  # the milestone rows' script runs on load
    form = page.get_by_test_id("contract-form")
    form.get_by_label("合同类型").select_option(label="技术开发")
    form.get_by_label("合同成交额（万元）").fill("80")
    form.get_by_label("签订日期").fill(dt.date.today().isoformat())
    form.get_by_label("登记号").fill("3201012026000123")
    rows = form.locator(".ms-row")
    rows.nth(0).get_by_label("到期日").fill("2026-09-30")
    rows.nth(0).get_by_label("金额（万元）").fill("40")
    page.get_by_test_id("ms-add").click()
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_test_id("ms-remove").click()
    expect(rows).to_have_count(1)
    page.get_by_test_id("contract-submit").click()
    expect(page.get_by_role("status")).to_contain_text("技术合同已登记")
    expect(page.get_by_test_id("contract-fields")).to_contain_text("技术开发")
    expect(page.get_by_test_id("milestones")).to_contain_text("2026-09-30")

    log_out(page)
    log_in(page, world, "admin")
    page.goto("/workbench")
    expect(page.get_by_test_id("funnel-signed")).to_have_text("1")
    expect(page.get_by_test_id("wb-contract-total")).to_contain_text("80")
    expect(page.locator("#chart-month svg")).to_be_visible()
