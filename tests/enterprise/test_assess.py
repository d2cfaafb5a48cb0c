"""The assessment as a whole: four outcomes, reproducibility, rule sets, warnings, files, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.clients import run_cli
from tests.enterprise.helpers import ALL_TRUE, YEAR, firm
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings
from xinzhi.enterprise import assess
from xinzhi.enterprise.logic import Outcome, all_of, any_of
from xinzhi.enterprise.packs import load_pack, load_set
from xinzhi.enterprise.profile_io import read_profiles

DAY = dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("outcomes", "conj", "disj"),
    [
        ([Outcome.PASS, Outcome.FAIL], Outcome.FAIL, Outcome.PASS),
        ([Outcome.PASS, Outcome.MISSING], Outcome.MISSING, Outcome.PASS),
        ([Outcome.MANUAL, Outcome.MISSING], Outcome.MISSING, Outcome.MISSING),
        ([Outcome.MANUAL, Outcome.FAIL], Outcome.FAIL, Outcome.MANUAL),
        ([Outcome.PASS, Outcome.MANUAL], Outcome.MANUAL, Outcome.PASS),
    ],
)
def test_four_valued_and_or(outcomes: list[Outcome], conj: Outcome, disj: Outcome) -> None:
    assert all_of(outcomes) == conj and any_of(outcomes) == disj


def test_empty_profile_reports_missing_fields_not_failures() -> None:
    result = assess(firm(), "miit-2022", as_of=DAY).tier("innovative_sme")
    assert result.status == "missing_data"
    assert "years[2025].revenue" in result.missing_fields


def test_result_records_rule_set_versions_and_parameters() -> None:
    over = {"innovative-2022": {"score.pass.min": 65}}
    result = assess(firm(), "miit-2026", as_of=DAY, overrides=over)
    assert result.rule_set == "miit-2026" and result.year == YEAR and result.as_of == DAY
    assert set(result.packs) == {"innovative-2022", "tech-sme-2017", "specialised-2026",
                                 "little-giant-2026", "high-tech-2016"}  # fmt: skip
    assert result.parameters == over
    assert result.tier("innovative_sme").score.pass_mark == 65  # type: ignore[union-attr]


def test_rule_sets_pick_the_2022_or_2026_packs() -> None:
    assert [p.id for p in load_set("miit-2022")[1]][2:4] == [
        "specialised-2022",
        "little-giant-2022",
    ]
    with pytest.raises(InvalidInput, match="unknown rule set"):
        load_set("miit-1999")


def test_an_override_with_a_bad_path_or_value_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no 'nope'"):
        load_pack("innovative-2022", {"score.nope.min": 1})
    with pytest.raises(InvalidInput, match="invalid"):
        load_pack("innovative-2022", {"score.pass.min": "sixty"})


def test_pack_2022_notes_that_it_is_out_of_force_for_new_applications() -> None:
    result = assess(firm(), "miit-2022", as_of=DAY).tier("specialised_sme")
    assert any("not in force" in n for n in result.notes)


def test_held_title_warns_when_debt_ratio_nears_the_review_threshold() -> None:
    """2号文: 专精特新 review needs debt ratio ≤80%; 78% is within the 10% margin (orange),
    81% already fails (red)."""
    titles = [{"kind": "specialised_sme", "issued_on": "2024-01-01", "expires_on": "2027-01-01"}]
    near = firm({YEAR: {"total_assets": 100, "total_liabilities": 78}}, titles=titles)
    warnings = {w.check: w.level for w in assess(near, "miit-2026", as_of=DAY).warnings}
    assert warnings["debt_ratio"] == "orange"
    over = firm({YEAR: {"total_assets": 100, "total_liabilities": 81}}, titles=titles)
    assert {w.check: w.level for w in assess(over, "miit-2026", as_of=DAY).warnings}[
        "debt_ratio"
    ] == "red"


def test_held_title_warns_when_the_trend_crosses_next_year() -> None:
    """小巨人 2026 (2号文): main share 91.5% is within 10% of 90% (orange); a debt ratio of 60%
    is far from 75%, but 40% → 60% repeated gives 80% > 75% (yellow)."""
    titles = [{"kind": "little_giant"}]
    years = {
        YEAR - 1: {"revenue": 100, "main_revenue": 99, "total_assets": 100,
                   "total_liabilities": 40},
        YEAR: {"revenue": 100, "main_revenue": 91.5, "total_assets": 100,
               "total_liabilities": 60},
    }  # fmt: skip
    warnings = assess(firm(years, titles=titles), "miit-2026", as_of=DAY).warnings
    levels = {(w.pack, w.check): w.level for w in warnings}
    assert levels[("little-giant-2026", "main_share")] == "orange"
    assert levels[("little-giant-2026", "debt_ratio")] == "yellow"


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "firms.csv"
    path.write_text(
        "企业名称,年度,营业收入,研发费用,属于战略性新兴产业,成立日期\n"
        "甲公司,2024,5000,150,是,2015-03-01\n"
        "甲公司,2025,6000,200,,\n"
        "乙公司,2025,1.2亿,500,否,\n",
        encoding="utf-8",
    )
    return path


def test_csv_holds_many_enterprises_one_row_per_year(tmp_path: Path) -> None:
    first, second = read_profiles(_csv(tmp_path))
    assert first.name == "甲公司" and [y.year for y in first.years] == [2024, 2025]
    assert first.strategic_emerging is True and first.registered_on == dt.date(2015, 3, 1)
    assert second.years[0].revenue == 12000 and second.strategic_emerging is False


def test_xlsx_reads_item_sheets_by_enterprise(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["企业名称", "年度", "营业收入"])
    sheet.append(["甲公司", 2025, 5000])
    ip = book.create_sheet("知识产权")
    ip.append(["企业名称", "知识产权类别", "授权日", "Ⅰ类高价值"])
    ip.append(["甲公司", "发明专利", "2020-01-01", "是"])
    path = tmp_path / "firms.xlsx"
    book.save(path)
    (profile,) = read_profiles(path)
    assert profile.ip[0].kind == "invention" and profile.ip[0].high_value is True


def test_json_accepts_one_profile_or_a_list(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"name": "甲", "years": [{"year": 2025}]}), encoding="utf-8")
    assert [p.name for p in read_profiles(path)] == ["甲"]
    path.write_text(json.dumps({"enterprises": [{"name": "甲"}, {"name": "乙"}]}), encoding="utf-8")
    assert len(read_profiles(path)) == 2
    path.write_text(json.dumps([{"name": "甲", "years": [{"year": "x"}]}]), encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_profiles(path)
    assert err.value.details[0]["field"] == "years.0.year"


def test_cli_assess_prints_json_for_every_enterprise(settings: Settings, tmp_path: Path) -> None:
    args = ["enterprise", "assess", str(_csv(tmp_path)), "--rules", "miit-2022", "--json",
            "--as-of", "2026-05-01", "--set", "innovative-2022.score.pass.min=65"]  # fmt: skip
    out = run_cli(settings, *args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [d["enterprise"] for d in data] == ["甲公司", "乙公司"]
    assert data[0]["parameters"] == {"innovative-2022": {"score.pass.min": 65}}
    assert {t["tier"] for t in data[0]["tiers"]} >= {"innovative_sme", "little_giant"}


def test_cli_assess_text_names_status_and_document(settings: Settings, tmp_path: Path) -> None:
    out = run_cli(settings, "enterprise", "assess", str(_csv(tmp_path)), "--as-of", "2026-05-01")
    assert out.exit_code == 0, out.output
    assert "创新型中小企业" in out.output and "63号" in out.output


def test_cli_lists_rule_packs(settings: Settings) -> None:
    out = run_cli(settings, "enterprise", "rules", "--json")
    assert out.exit_code == 0
    assert {p["id"] for p in json.loads(out.output)["packs"]} >= {"specialised-2026"}


def test_declarations_complete_the_innovative_direct_route() -> None:
    profile = firm({YEAR: {}}, declarations=ALL_TRUE, rd_institutions=[{"level": "national"}])
    assert assess(profile, "miit-2026", as_of=DAY).tier("innovative_sme").status == "eligible"


def test_an_unknown_column_can_be_mapped_like_the_catalog_import(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text("企业名称,年度,研发投入合计\n甲公司,2025,300\n", encoding="utf-8")
    assert read_profiles(path)[0].years[0].rd_expense is None
    (profile,) = read_profiles(path, {"研发投入合计": "rd_expense"})
    assert profile.years[0].rd_expense == 300
    with pytest.raises(InvalidInput, match="not a profile field"):
        read_profiles(path, {"研发投入合计": "nope"})
