"""Applicant types and provinces: rules checked on real records (a commercial export's own
申请人类型 and 国省代码, and the energy corpus's province column)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from xinzhi.common.regions import BY_CODE
from xinzhi.patents.actors import (
    applicant_type,
    origin_of,
    province_from_address,
    provinces_of,
)


def export_rows(path: Path) -> list[dict[str, str]]:
    """Rows of the Navicat MySQL dump ``cn_patent_export_sample.sql`` (quoted values parsed)."""
    text = path.read_text(encoding="utf-8")
    columns = re.findall(r"^  `([^`]+)`", text, re.MULTILINE)
    rows = []
    for line in text.splitlines():
        if line.startswith("INSERT"):
            body = line[line.index("VALUES (") + 8 : -2]
            rows.append(dict(zip(columns, _values(body), strict=True)))
    return rows


def _values(body: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "'":
            j, buf = i + 1, []
            while body[j] != "'" or body[j + 1 : j + 2] == "'":
                if body[j] == "\\" or body[j] == "'":
                    j += 1
                buf.append(body[j])
                j += 1
            out.append("".join(buf))
            i = j + 1
        elif body[i] in ", ":
            i += 1
        else:
            j = body.find(",", i)
            j = len(body) if j < 0 else j
            out.append(body[i:j].strip())
            i = j
    return out


@pytest.fixture(scope="module")
def export(shared_data: Path) -> list[dict[str, Any]]:
    return export_rows(shared_data / "patent_formats" / "cn_patent_export_sample.sql")


def test_types_agree_with_the_commercial_exports_own_column(export: list[dict[str, Any]]) -> None:
    """The export says 科研机构 for what the rules call 科研院所."""
    assert len(export) == 10
    same = {"科研机构": "科研院所"}
    for row in export:
        assert applicant_type(row["申请人"]) == same.get(row["申请人类型"], row["申请人类型"])


def test_province_from_address_and_region_code_agree_with_the_export(
    export: list[dict[str, Any]],
) -> None:
    for row in export:
        code = re.search(r"\((\d{2})\)", row["国省代码"])
        assert code is not None
        assert province_from_address(row["申请人地址"]) == code.group(1) + "0000"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("国网智能电网研究院有限公司", "企业"),  # a company first, though named 研究院
        ("北京科技大学资产经营有限公司", "企业"),
        ("Siemens AG", "企业"),
        ("TOYOTA JIDOSHA KABUSHIKI KAISHA", "企业"),
        ("三菱重工业株式会社", "企业"),
        ("清华大学", "高校"),
        ("中国人民解放军第二炮兵工程学院", "高校"),
        ("Massachusetts Institute of Technology", "高校"),
        ("中国科学院大连化学物理研究所", "科研院所"),  # 科学院 is not a 学院
        ("国家海洋局第一海洋研究所", "科研院所"),
        ("上海市环境保护局", "机关团体"),
        ("中国可再生能源学会", "机关团体"),
        ("张三", "个人"),
        ("F-J·许克尔", "个人"),
        ("John Smith", "个人"),
        ("", "其他"),
    ],
)
def test_applicant_type_rules(name: str, kind: str) -> None:
    assert applicant_type(name) == kind


def test_address_rule_reproduces_the_corpus_province_column(shared_data: Path) -> None:
    """All 82,823 energy patents: wherever the file names a mainland province, the address
    rule finds the same one; it also finds some the file left empty (中国北京市…)."""
    raw = pd.read_csv(
        shared_data / "cn_energy_patents" / "patents.csv.gz", dtype=str, keep_default_na=False
    )
    empty = pd.Series([""] * len(raw))
    names, sources = provinces_of(empty, empty, raw["address"])
    mainland = raw["province_guess"].isin({p.short for p in BY_CODE.values()})
    assert mainland.sum() > 70_000
    assert (names[mainland] == raw["province_guess"][mainland]).all()
    extra = (names != "") & (raw["province_guess"] == "")
    assert 0 < extra.sum() < 100
    assert set(sources) == {"address", ""}
    origins = raw["address"].map(origin_of)
    assert (origins[mainland] == "境内").all()
    assert (origins[raw["province_guess"].isin({"香港", "澳门"})] == "港澳台").all()
    assert origins.value_counts()["国外"] > 5_000


def test_stored_province_wins_then_region_code_then_address() -> None:
    stored = pd.Series(["江苏省", "", "", "香港"])
    codes = pd.Series(["", "440300", None, ""])
    addresses = pd.Series(["100083 北京市海淀区", "", "中国浙江省杭州市", "香港新界"])
    names, sources = provinces_of(stored, codes, addresses)
    assert names.tolist() == ["江苏", "广东", "浙江", "香港"]
    assert sources.tolist() == ["stored", "code", "address", "stored"]
