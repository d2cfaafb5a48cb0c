"""The assessment as a whole: four outcomes, reproducibility, rule sets, warnings, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.clients import run_cli
from tests.enterprise.helpers import ALL_TRUE, YEAR, firm, firms_csv
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings
from xinzhi.enterprise import assess
from xinzhi.enterprise.rules.logic import Outcome, all_of, any_of
from xinzhi.enterprise.rules.packs import load_pack, load_set

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


def test_cli_assess_prints_json_for_every_enterprise(settings: Settings, tmp_path: Path) -> None:
    args = ["enterprise", "assess", str(firms_csv(tmp_path)), "--rules", "miit-2022", "--json",
            "--as-of", "2026-05-01", "--set", "innovative-2022.score.pass.min=65"]  # fmt: skip
    out = run_cli(settings, *args)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [d["enterprise"] for d in data] == ["甲公司", "乙公司"]
    assert data[0]["parameters"] == {"innovative-2022": {"score.pass.min": 65}}
    assert {t["tier"] for t in data[0]["tiers"]} >= {"innovative_sme", "little_giant"}


def test_cli_assess_text_names_status_and_document(settings: Settings, tmp_path: Path) -> None:
    csv = str(firms_csv(tmp_path))
    out = run_cli(settings, "enterprise", "assess", csv, "--as-of", "2026-05-01")
    assert out.exit_code == 0, out.output
    assert "创新型中小企业" in out.output and "63号" in out.output


def test_cli_lists_rule_packs(settings: Settings) -> None:
    out = run_cli(settings, "enterprise", "rules", "--json")
    assert out.exit_code == 0
    assert {p["id"] for p in json.loads(out.output)["packs"]} >= {"specialised-2026"}


def test_declarations_complete_the_innovative_direct_route() -> None:
    profile = firm({YEAR: {}}, declarations=ALL_TRUE, rd_institutions=[{"level": "national"}])
    assert assess(profile, "miit-2026", as_of=DAY).tier("innovative_sme").status == "eligible"
