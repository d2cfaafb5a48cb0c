"""What a person does in the browser, as small steps shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.world import PASSWORD, World


def log_in(page: Page, world: World, name: str) -> None:
    username = world.account(name)
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("user-badge")).to_contain_text(username)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("status")).to_contain_text("您已退出登录")
