"""揭榜挂帅 in the browser, the whole lifecycle: the admin drafts a challenge with rubric rows (a
wrong weight sum is refused in Chinese) and publishes it; an enterprise applies with a
university in its team; the admin closes it, opens the review and assigns a reviewer; the
reviewer scores on the blind page (no team names); the admin ranks, awards, and adds a
milestone; the enterprise reads the unattributed feedback."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, log_out
from tests.world import World

pytestmark = pytest.mark.browser
TITLE = "动力电池热失控预警攻关"


def _status(page: Page, label: str) -> None:
    page.get_by_role("button", name=f"变为「{label}」").click()
    expect(page.get_by_test_id("challenge-status")).to_have_text(label)


def test_challenge_lifecycle(page: Page, world: World) -> None:
    world.account("reviewer")
    log_in(page, world, "admin")
    page.goto("/challenges/new")
    page.get_by_label("榜单名称").fill(TITLE)
    page.get_by_label("攻关目标").fill("热失控前 5 分钟预警")
    page.get_by_label("榜单金额（万元）").fill("500")
    page.get_by_label("揭榜截止").fill("2099-12-31")
    page.get_by_label("评分项 1").fill("技术先进性")
    page.get_by_label("权重").first.fill("0.6")
    page.get_by_label("评分项 2").fill("可行性")
    page.get_by_label("权重").nth(1).fill("0.3")
    page.get_by_test_id("save-challenge").click()
    expect(page.get_by_test_id("form-error").first).to_contain_text("权重之和须为 1")
    page.get_by_label("权重").nth(1).fill("0.4")
    page.get_by_test_id("save-challenge").click()
    expect(page.get_by_test_id("challenge-status")).to_have_text("草稿")
    detail_url = page.url
    _status(page, "已发榜")
    log_out(page)

    log_in(page, world, "owner")
    page.goto(detail_url)
    page.get_by_test_id("apply-link").click()
    page.get_by_label("参与单位 1").select_option(label="江南理工大学")
    page.get_by_label("攻关方案").fill("绿能电池科技有限公司联合高校开发多信号融合预警算法")
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("application-row")).to_contain_text("江南理工大学")
    log_out(page)

    log_in(page, world, "admin")
    page.goto(detail_url)
    _status(page, "揭榜截止")
    _status(page, "评审中")
    page.get_by_label("选择评审专家").select_option(label="reviewer")
    page.get_by_test_id("assign").click()
    expect(page.get_by_test_id("reviewers")).to_contain_text("reviewer")
    log_out(page)

    log_in(page, world, "reviewer")
    page.goto(detail_url)
    page.get_by_test_id("review-link").click()
    app = page.get_by_test_id("review-application")
    expect(app).to_contain_text("方案 1")
    expect(app).not_to_contain_text("绿能电池科技有限公司")
    expect(app).not_to_contain_text("江南理工大学")
    form = page.get_by_test_id("score-form-review")
    form.get_by_label("技术先进性").fill("90")
    form.get_by_label("可行性").fill("80")
    form.get_by_label("评审意见").fill("算法思路清楚，需补充装车数据")
    form.get_by_test_id("save-score").click()
    expect(page.get_by_test_id("score-form-review")).to_contain_text("已评 86.00")
    log_out(page)

    log_in(page, world, "admin")
    page.goto(detail_url)
    page.get_by_test_id("ranking-link").click()
    expect(page.get_by_test_id("ranking-final")).to_contain_text("最终结果")
    expect(page.get_by_test_id("ranking-row")).to_contain_text("86.00")
    page.get_by_role("button", name="挂帅").click()
    expect(page.get_by_test_id("challenge-status")).to_have_text("已挂帅")
    form = page.get_by_test_id("milestone-form")
    form.get_by_label("里程碑").fill("台架验证")
    form.get_by_label("到期日").fill("2099-06-30")
    form.get_by_label("目标技术就绪度").fill("5")
    form.get_by_label("拨付比例").fill("0.5")
    form.get_by_test_id("add-milestone").click()
    expect(page.get_by_test_id("milestone-row")).to_contain_text("台架验证")
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("未关联科技成果")
    log_out(page)

    log_in(page, world, "owner")
    page.goto(detail_url)
    expect(page.get_by_test_id("feedback")).to_contain_text("需补充装车数据")
    expect(page.locator("main")).not_to_contain_text(re.compile("reviewer"))
