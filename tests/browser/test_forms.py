"""Forms in the browser: the 省/市/区 picker, indicator rows, tags, keyboard order, and an
enterprise assessed from its own profile."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.world import World

pytestmark = pytest.mark.browser


def test_broker_creates_a_demand_with_the_form(page: Page, world: World) -> None:
    log_in(page, world, "broker")
    page.goto("/demands/new")
    page.get_by_label("需求名称").fill("动力电池快充技术")
    page.get_by_label("行政区划代码·省级").select_option(label="江苏省")
    city = page.get_by_label("行政区划代码·地级")
    expect(city.locator("option", has_text="南京市")).to_have_count(1)  # loaded on change
    city.select_option(label="南京市")
    county = page.get_by_label("行政区划代码·县级")
    expect(county.locator("option", has_text="鼓楼区")).to_have_count(1)
    county.select_option(label="鼓楼区")
    page.get_by_label("预算", exact=True).fill("50-100万元")
    tags = page.get_by_label("添加关键词")
    tags.fill("快充")
    tags.press("Enter")
    tags.fill("电池")
    tags.press("Enter")
    expect(page.get_by_role("button", name="删除 快充")).to_be_visible()
    page.get_by_label("第 1 行：指标名称").fill("充电时间")
    page.get_by_label("第 1 行：目标值").fill("≤15")
    page.get_by_label("第 1 行：单位").fill("分钟")
    page.get_by_role("button", name="添加一行").click()
    page.get_by_label("第 2 行：指标名称").fill("临时")
    page.get_by_role("button", name="删除此行").nth(1).click()
    expect(page.get_by_label("第 2 行：指标名称")).to_have_count(0)
    page.get_by_label("联系人").fill("王工")
    page.get_by_label("联系电话").fill("0551-12345678")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已创建")
    expect(page.locator('[data-field="region_code"] dd')).to_have_text("江苏省南京市鼓楼区")
    expect(page.locator('[data-field="target_indicators"] dd')).to_have_text("充电时间 ≤15分钟")
    expect(page.locator('[data-field="keywords"] dd')).to_have_text("快充、电池")
    expect(page.locator('[data-field="budget_max_wan"] dd')).to_have_text("100")


def test_a_wrong_phone_is_shown_next_to_the_field_keeping_the_input(
    page: Page, world: World
) -> None:
    log_in(page, world, "broker")
    page.goto("/demands/new")
    page.get_by_label("需求名称").fill("一项需求")
    page.get_by_label("联系电话").fill("打电话")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#f-contact_phone-err")).to_contain_text("请输入电话号码")
    expect(page.get_by_label("联系电话")).to_have_value("打电话")
    expect(page.get_by_label("需求名称")).to_have_value("一项需求")


def test_the_demand_form_is_reachable_by_keyboard(page: Page, world: World) -> None:
    log_in(page, world, "broker")
    page.goto("/demands/new")
    page.get_by_label("需求名称").focus()
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(str(page.evaluate(
            "() => document.activeElement.name || document.activeElement.textContent.trim()"
        )))  # fmt: skip
        if reached[-1] == "保存":
            break
    for name in ("detail", "region_code-province", "region_code-county", "budget_text",
                 "target_indicators-0-name", "contact_email", "保存"):  # fmt: skip
        assert name in reached, (name, reached)


def test_an_enterprise_assesses_itself_from_its_profile(page: Page, world: World) -> None:
    log_in(page, world, "owner")
    page.goto("/enterprise")
    page.get_by_role("link", name="新建企业画像").click()
    page.get_by_label("企业名称").fill("绿能电池科技有限公司")
    page.get_by_label("第 1 行：年度").fill("2025")
    page.get_by_label("第 1 行：营业收入").fill("6000")
    page.get_by_label("第 1 行：研发费用").fill("300")
    page.get_by_label("第 1 行：职工总数").fill("120")
    page.get_by_role("button", name="添加一行").first.click()
    page.get_by_label("第 2 行：年度").fill("2024")
    page.get_by_label("第 2 行：营业收入").fill("5200")
    page.get_by_label("未列入严重失信名单").select_option(label="是")
    page.get_by_role("button", name="保存并测评").click()
    expect(page.get_by_role("status")).to_contain_text("企业画像已保存")
    expect(page.get_by_test_id("tier-innovative_sme")).to_be_visible()
    page.get_by_role("link", name="编辑企业画像").click()
    expect(page.get_by_label("第 1 行：营业收入")).to_have_value("5200")  # years in order


def test_a_bar_of_the_home_chart_opens_its_records(page: Page, world: World) -> None:
    page.goto("/?overview=1")
    bar = page.locator('#count-chart svg path[fill="#15457a"]').first
    expect(bar).to_be_visible()
    bar.click()
    expect(page).to_have_url("/achievements")  # the first bar: 科技成果
