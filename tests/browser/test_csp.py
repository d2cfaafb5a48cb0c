"""The Content-Security-Policy (scripts from this site only) breaks nothing: htmx updates a
list as you type and ECharts draws the home chart, with no policy violation reported."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.world import PUBLIC_DEMAND_TITLE, World

pytestmark = pytest.mark.browser


def test_pages_work_under_the_policy_without_violations(page: Page, world: World) -> None:
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append(str(error)))
    response = page.goto("/")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    expect(page.locator("canvas, svg").first).to_be_visible()  # ECharts drew the chart

    page.goto("/demands")
    expect(page.get_by_test_id("record-table")).to_contain_text(PUBLIC_DEMAND_TITLE)
    page.get_by_label("在技术需求中检索").fill("减速器")
    expect(page.locator(".result-count")).to_have_text("共 1 条")  # htmx swapped the table
    assert violations == []
