"""The automatic prior: keyword stages (GB/T level words), negations, word boundaries, patent
floors and kinds; measured on real abstracts (CSL) and patents (shared data)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from xinzhi.maturity.prior import PatentFact, patent_kind, trl_prior


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("揭示了锂枝晶生长的机理", 1),
        ("提出了一种新的技术方案", 2),
        ("数值模拟与仿真表明该结构可行", 3),
        ("在实验室完成关键功能测试", 4),
        ("已完成小试，初样性能达标", 5),
        ("已完成500升中试", 6),
        ("工程样机在风电场开展现场试验", 7),
        ("完成小批量试生产并通过型式试验", 8),
        ("已实现量产并在市场销售", 9),
        ("实验室样机误差小于2.5%", 5),  # the highest stage mentioned wins
    ],
)
def test_stage_keywords_map_to_gbt_levels(text: str, level: int) -> None:
    assert trl_prior(text).level == level


def test_plans_and_negations_are_reported_but_ignored() -> None:
    prior = trl_prior("实验室样机已完成，拟开展中试，尚未量产")
    assert prior.level == 5
    ignored = [r.detail for r in prior.reasons if r.kind == "ignored_keyword"]
    assert len(ignored) == 2 and "拟" in ignored[0] + ignored[1]


def test_a_keyword_inside_another_word_does_not_count() -> None:
    assert trl_prior("有独特风味的高质量产品").level is None  # 量产 inside 质量|产品
    assert trl_prior("不稳定型心绞痛的临床观察").level is None  # 定型 inside 稳定型


def test_patents_give_floors_and_reasons() -> None:
    granted = PatentFact("CN110000001B", "granted_invention")
    filed = PatentFact("CN110000002A", "application")
    assert trl_prior("", [filed]).level == 2
    prior = trl_prior("", [granted, filed])
    assert prior.level == 3 and [r.kind for r in prior.reasons] == ["patent", "patent"]
    assert trl_prior("已完成中试", [granted]).level == 6
    empty = trl_prior("")
    assert empty.level is None and empty.reasons[0].kind == "default"


def test_prior_converts_to_the_asked_scale_with_the_flag() -> None:
    prior = trl_prior("已完成中试", scale="nasa")
    assert (prior.level, prior.gbt_level, prior.scale, prior.approximate) == (6, 6, "nasa", True)


@pytest.mark.parametrize(
    ("pub_no", "status", "granted", "kind"),
    [
        ("CN110000001B", "", False, "granted_invention"),
        ("CN1234567C", "", False, "granted_invention"),
        ("CN210000001U", "", False, "utility_model"),
        ("CN305000001S", "", False, "design"),
        ("CN118524411A", "", False, "application"),
        ("CN118524411A", "有权-审定授权", False, "granted_invention"),
        ("CN118524411A", "发明公开;发明授权", False, "granted_invention"),
        ("CN118524411A", "发明公开", False, "application"),
        ("CN118524411A", "", True, "granted_invention"),
        ("US11000000B2", "", False, "granted_invention"),
        ("US20200000001A1", "", False, "application"),
    ],
)
def test_patent_kind_from_kind_code_and_legal_status(
    pub_no: str, status: str, granted: bool, kind: str
) -> None:
    # Legal-status strings as in ../shared/data/patent_formats/cn_patent_export_sample.sql
    assert patent_kind(pub_no, status, granted) == kind


def test_real_patent_numbers_are_applications(shared_data: Path) -> None:
    data = json.loads(
        (shared_data / "patent_formats" / "cn_patents_with_abstract_ipc_10.json").read_text(
            encoding="utf-8"
        )
    )
    kinds = Counter(patent_kind(p["patent_id"]) for p in data)
    assert kinds == Counter({"application": len(data)})


def test_on_real_paper_abstracts_the_prior_is_mostly_silent_and_low(shared_data: Path) -> None:
    """CSL core-journal abstracts (research papers): most give no signal, and proposals of
    level 8–9 (production words) stay rare. Measured 2026-11: 834 of 1,000 silent, 9 at 8–9."""
    path = shared_data / "csl" / "csl_dev.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    levels = Counter(trl_prior(r["title"] + "。" + r["abstract"]).level for r in rows)
    assert len(rows) == 1000
    assert levels[None] > 800
    assert levels[8] + levels[9] < 20
