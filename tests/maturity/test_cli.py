"""``xinzhi maturity`` against a real database: the whole gate from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clients import run_cli
from tests.maturity.helpers import achievement
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_scales_and_convert(settings: Settings) -> None:
    out = run_cli(settings, "maturity", "scales", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [s["id"] for s in data["scales"]] == ["nasa", "eu", "gbt"]
    out = run_cli(settings, "maturity", "convert", "6", "gbt", "nasa")
    assert out.exit_code == 0 and "≈ approximate" in out.output
    out = run_cli(settings, "maturity", "convert", "4", "nasa", "eu", "--json")
    assert json.loads(out.output)["approximate"] is False
    bad = run_cli(settings, "maturity", "convert", "10", "nasa", "eu")
    assert bad.exit_code == 2 and "1 to 9" in bad.output


def test_assess_answer_approve_history(db: Database, settings: Settings, tmp_path: Path) -> None:
    ach = achievement(db, patents=("CN110000001B",))
    out = run_cli(settings, "maturity", "prior", str(ach), "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["level"] == 5
    out = run_cli(settings, "maturity", "assess", str(ach), "--scale", "gbt", "--track", "software",
                  "--json")  # fmt: skip
    assert out.exit_code == 0, out.output
    assessment = json.loads(out.output)["id"]
    refused = run_cli(settings, "maturity", "approve", str(assessment), "1")
    assert refused.exit_code == 2 and "未作答" in refused.output
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(b"%PDF-1.4 algorithm paper")
    for criterion in ("gbt.1.sw.1", "gbt.1.sw.2"):
        out = run_cli(settings, "maturity", "answer", str(assessment), criterion, "met",
                      "--note", "已发表", "--evidence", str(paper), "--json")  # fmt: skip
        assert out.exit_code == 0, out.output
        assert len(json.loads(out.output)["evidence"][0]["sha256"]) == 64
    out = run_cli(settings, "maturity", "approve", str(assessment), "1", "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["achieved_level"] == 1
    out = run_cli(settings, "maturity", "prior", str(ach), "--assessment", str(assessment),
                  "--override", "3", "--reason", "仅完成算法验证", "--json")  # fmt: skip
    assert out.exit_code == 0 and json.loads(out.output)["prior_decision"] == "overridden"
    assert run_cli(settings, "maturity", "assess", str(ach)).exit_code == 0
    out = run_cli(settings, "maturity", "history", str(ach), "--json")
    rows = json.loads(out.output)
    assert [r["status"] for r in rows] == ["open", "superseded"]
    assert rows[1]["approved_levels"] == [1]
    shown = run_cli(settings, "maturity", "show", str(assessment))
    assert shown.exit_code == 0 and "approved by cli:" in shown.output
    track = run_cli(settings, "maturity", "track", "--q", "锂电池", "--json")
    assert json.loads(track.output)["evidence_backed"] == 0  # the open re-assessment has none yet
