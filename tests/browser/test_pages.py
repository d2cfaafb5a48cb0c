"""A person's paths through the site in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, log_out
from tests.world import (
    ACHIEVEMENT_TITLE,
    CONFIDENTIAL_QUERY,
    CONFIDENTIAL_TITLE,
    PUBLIC_DEMAND_TITLE,
    World,
)

pytestmark = pytest.mark.browser

IMPORT_CSV = (
    "需求名称,所属领域,预算,需求单位\n"
    "氢燃料电池金属双极板涂层寿命提升,新能源,100万元,绿能电池科技有限公司\n"
    "海水淡化反渗透膜抗污染改性,环保,50-80万元,蓝海水务有限公司\n"
    ",新能源,30万元,某某公司\n"
)


def test_login_and_logout(page: Page, world: World) -> None:
    page.goto("/")
    expect(page).to_have_title("首页 · 新质")
    page.get_by_role("link", name="登录").click()
    log_in(page, world, "broker")
    expect(page.get_by_role("status")).to_contain_text("登录成功")
    expect(page.get_by_role("link", name="数据导入")).to_be_visible()
    log_out(page)
    expect(page.get_by_role("link", name="数据导入")).to_have_count(0)


def test_wrong_password_shows_an_error(page: Page, world: World) -> None:
    world.account("owner")
    page.goto("/login")
    page.get_by_label("用户名").fill("owner")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")


def test_chinese_search_finds_the_record(page: Page, world: World) -> None:
    page.goto("/")
    page.get_by_label("关键词").fill("正极材料 回收")
    page.get_by_role("button", name="搜索").click()
    expect(page).to_have_url("/search?q=%E6%AD%A3%E6%9E%81%E6%9D%90%E6%96%99+%E5%9B%9E%E6%94%B6")
    page.get_by_role("link", name=ACHIEVEMENT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ACHIEVEMENT_TITLE)
    expect(page.locator('[data-field="trl"] dd')).to_have_text("6")


def test_list_search_updates_results_as_you_type(page: Page, world: World) -> None:
    page.goto("/demands")
    table = page.get_by_test_id("record-table")
    expect(table).to_contain_text(PUBLIC_DEMAND_TITLE)
    page.get_by_label("在技术需求中检索").fill("减速器")
    expect(page).to_have_url("/demands?q=%E5%87%8F%E9%80%9F%E5%99%A8")  # htmx pushed the URL
    expect(page.locator(".result-count")).to_have_text("共 1 条")
    page.get_by_label("在技术需求中检索").fill("量子计算")
    expect(page.get_by_text("暂无符合条件的记录。")).to_be_visible()


def test_import_upload_preview_confirm_report(page: Page, world: World, tmp_path: Path) -> None:
    log_in(page, world, "admin")
    source = tmp_path / "技术需求.csv"
    source.write_text(IMPORT_CSV, encoding="utf-8")
    page.get_by_role("link", name="数据导入").click()
    page.get_by_label("记录类型").select_option("demands")
    page.get_by_label("数据文件").set_input_files(source)
    page.get_by_role("button", name="上传并预览").click()

    expect(page.get_by_test_id("total-rows")).to_have_text("3")
    title_column = page.get_by_label("需求名称")
    expect(title_column).to_have_value("title")
    title_column.select_option("extra")  # htmx re-previews: the title is now unfed
    expect(page.get_by_test_id("mapping-problems")).to_contain_text("需求名称")
    page.get_by_label("需求名称").select_option("title")
    expect(page.get_by_test_id("mapping-problems")).to_have_count(0)

    page.get_by_label("跳过无效行").check()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("status")).to_contain_text("导入任务已提交")
    report = page.get_by_test_id("import-report")
    expect(report.locator('[data-count="created"]')).to_have_text("2")
    expect(report.locator('[data-count="rejected"]')).to_have_text("1")
    expect(page.get_by_test_id("report-errors")).to_contain_text("需求名称")
    expect(page.get_by_test_id("rejects-link")).to_be_visible()

    page.goto("/demands?q=双极板")
    expect(page.get_by_test_id("record-table")).to_contain_text("氢燃料电池金属双极板涂层寿命提升")


def test_confidential_demand_hidden_from_another_organisation(page: Page, world: World) -> None:
    log_in(page, world, "other")
    page.goto("/demands")
    expect(page.get_by_test_id("record-table")).not_to_contain_text(CONFIDENTIAL_TITLE)
    page.goto(f"/search?q={CONFIDENTIAL_QUERY}")
    expect(page.get_by_text("没有找到相关记录")).to_be_visible()
    response = page.goto(f"/demands/{world.records['secret_demand']}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面或记录不存在")


def test_confidential_demand_visible_to_its_owner(page: Page, world: World) -> None:
    log_in(page, world, "owner")
    page.goto("/demands")
    page.get_by_role("link", name=CONFIDENTIAL_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CONFIDENTIAL_TITLE)
    expect(page.get_by_text("此记录为保密信息")).to_be_visible()
    expect(page.get_by_role("link", name="编辑")).to_be_visible()


def test_language_toggle(page: Page, world: World) -> None:
    page.goto("/demands")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.get_by_test_id("lang-toggle").click()
    expect(page).to_have_url("/demands")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demands")
    page.goto("/")  # the choice lasts for the session
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_test_id("lang-toggle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("科技成果转化开放平台")


def test_screenshots_of_home_and_list(page: Page, world: World, tmp_path: Path) -> None:
    """Screenshots for a person to look at (the design check is by eye; see docs/web.md)."""
    log_in(page, world, "broker")
    page.goto("/?overview=1")  # signed in, / is the workbench
    expect(page.locator("#count-chart svg")).to_be_visible()  # ECharts drew the chart
    page.screenshot(path=tmp_path / "home.png", full_page=True)
    page.goto("/demands")
    page.screenshot(path=tmp_path / "demands.png", full_page=True)
    for shot in ("home.png", "demands.png"):
        assert (tmp_path / shot).stat().st_size > 10_000
