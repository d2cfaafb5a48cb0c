"""Every threshold of every pack carries its source (document number, article, date), and
``xinzhi enterprise rules show PACK`` / ``GET /api/v1/enterprise/rules/{pack}`` print them."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.clients import run_cli
from xinzhi.core.settings import Settings
from xinzhi.enterprise.rules.describe import lines, render, unsourced
from xinzhi.enterprise.rules.packs import all_pack_ids, load_pack
from xinzhi.enterprise.rules.rulepack import RulePack

PACKS = all_pack_ids()


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_threshold_has_a_source(pack_id: str) -> None:
    assert unsourced(load_pack(pack_id)) == []


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_cited_document_has_a_number_and_a_date_or_says_why_not(pack_id: str) -> None:
    pack = load_pack(pack_id)
    assert pack.sources
    for key, doc in pack.sources.items():
        assert doc.number, key
        assert doc.issued or doc.effective or doc.undated, key


def test_a_threshold_without_a_source_is_found() -> None:
    """The check can fail: strip one source and ``unsourced`` names it."""
    data = load_pack("specialised-2022").model_dump(by_alias=True)
    data["basic"][1]["source"] = None
    stripped = RulePack.model_validate(data)
    assert unsourced(stripped) == ["basic.niche"]


def test_a_source_naming_an_unknown_document_makes_the_pack_invalid() -> None:
    data = load_pack("innovative-2022").model_dump(by_alias=True)
    data["basic"][0]["source"] = {"doc": "nope", "article": "第一条"}
    with pytest.raises(ValueError, match="no document 'nope'"):
        RulePack.model_validate(data)


def test_show_prints_each_threshold_with_its_source_in_chinese(settings: Settings) -> None:
    out = run_cli(settings, "enterprise", "rules", "show", "little-giant-2022")
    assert out.exit_code == 0, out.output
    assert "专：截至上年末，企业从事特定细分市场时间达到3年以上：≥ 3年" in out.output
    assert (
        "来源：工信部企业〔2022〕63号 附件3 二、（一）专业化指标（2022-06-01印发，2022-08-01实施）"
        in (out.output)
    )
    assert out.output.count("来源：") == sum(1 for ln in lines(load_pack("little-giant-2022"))
                                             if ln.source)  # fmt: skip
    assert out.output == render(load_pack("little-giant-2022")) + "\n"


def test_show_json_and_an_unknown_pack(settings: Settings) -> None:
    out = run_cli(settings, "enterprise", "rules", "show", "high-tech-2016", "--json")
    data = json.loads(out.output)
    share = next(t for t in data["thresholds"] if t["path"] == "basic.high_tech_revenue")
    assert share["rule"] == "≥ 60%" and "第十一条（六）" in share["source"]
    assert run_cli(settings, "enterprise", "rules", "show", "nope").exit_code != 0
    listing = run_cli(settings, "enterprise", "rules")
    assert listing.exit_code == 0 and "2022-08-01" in listing.output


def test_api_gives_a_pack_with_its_sources(client: TestClient) -> None:
    response = client.get("/api/v1/enterprise/rules/innovative-2022")
    assert response.status_code == 200
    body = response.json()
    assert body["issued_on"] == "2022-06-01" and body["effective_from"] == "2022-08-01"
    assert all(t["source"] for t in body["thresholds"] if t["rule"] not in ("全部满足", "满足其一"))
    assert client.get("/api/v1/enterprise/rules/nope").status_code == 404
