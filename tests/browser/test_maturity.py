"""技术成熟度 in the browser: from the achievement page to an approved level with evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.world import World

pytestmark = pytest.mark.browser


def test_answer_with_evidence_and_approve_a_level(page: Page, world: World, tmp_path: Path) -> None:
    paper = tmp_path / "算法论文.pdf"
    paper.write_bytes(b"%PDF-1.4 published algorithm")
    log_in(page, world, "admin")
    page.goto(f"/achievements/{world.records['achievement']}")
    panel = page.get_by_test_id("trl-panel")
    expect(panel).to_contain_text("TRL 6")
    panel.get_by_role("link", name="评价记录与证据").click()
    expect(page.get_by_test_id("prior")).to_be_visible()
    page.get_by_label("类别").select_option("software")
    page.get_by_role("button", name="开始评价").click()
    expect(page.get_by_test_id("assessment-history")).to_contain_text("进行中")
    for criterion in ("gbt.1.sw.1", "gbt.1.sw.2"):
        row = page.get_by_test_id(f"criterion-{criterion}")
        row.get_by_label(f"判定 {criterion}").select_option("met")
        row.get_by_label(f"证据 {criterion}").set_input_files(str(paper))
        row.get_by_role("button", name="保存").click()
        expect(page.get_by_test_id(f"criterion-{criterion}")).to_contain_text("算法论文.pdf")
    page.get_by_test_id("approve-1").click()
    expect(page.get_by_test_id("approved-1")).to_be_visible()
    expect(page.get_by_test_id("achieved-level")).to_have_text("1")
    expect(page.get_by_test_id("current-trl")).to_contain_text("TRL 1")
