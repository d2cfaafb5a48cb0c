"""Issue #17 profile fields (收入总额, 不征税收入, the 63号 and 115号 declarations) through
import, storage and the API; checks that were not evaluated show 未评估 in the API and pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.enterprise.helpers import YEAR, firm
from tests.world import csrf_token
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.enterprise import service
from xinzhi.enterprise.profiles.profile_io import read_profiles


def test_csv_reads_the_new_fields_by_their_chinese_titles(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(
        "企业名称,年度,收入总额,不征税收入,高新技术产品收入,"
        "近三年无重大事故及偷漏税等违法违规行为,未发生科研严重失信行为\n"
        "甲公司,2025,1.2亿,200万,8000,否,是\n",
        encoding="utf-8",
    )
    (profile,) = read_profiles(path)
    year = profile.years[0]
    assert (year.total_income, year.non_taxable_income) == (12000, 200)
    assert profile.declarations.no_incident_3y is False
    assert profile.declarations.no_research_misconduct is True


def test_the_new_yearly_figures_are_stored_in_their_columns(db: Database) -> None:
    profile = firm({YEAR: {"total_income": 1200.5, "non_taxable_income": 0}},
                   declarations={"no_incident_3y": True})  # fmt: skip
    with db.write(actor="test") as session:
        pid = service.save_profile(session, profile).id
    with db.read() as session:
        row = service.get_row(session, pid)
        assert (row.years[0].total_income, row.years[0].non_taxable_income) == (1200.5, 0)
        assert service.to_profile(row) == profile


PROFILE: dict[str, Any] = {
    "name": "复核测试有限公司",
    "years": [{"year": 2025, "revenue": 6000, "total_income": 6100, "non_taxable_income": 100,
               "high_tech_revenue": 3600}],
    "declarations": {"no_incident_3y": False},
}  # fmt: skip


def test_api_round_trips_the_fields_and_uses_them(api: TestClient, login: Any) -> None:
    login(Role.BROKER)
    saved = api.put("/api/v1/enterprise/profiles", json=PROFILE)
    assert saved.status_code == 200, saved.text
    back = api.get(f"/api/v1/enterprise/profiles/{saved.json()['id']}").json()["profile"]
    assert back["years"][0]["total_income"] == 6100
    assert back["declarations"]["no_incident_3y"] is False
    body = {"profile": PROFILE, "rules": "miit-2022", "as_of": "2026-05-01"}
    tiers = {t["tier"]: t for t in api.post("/api/v1/enterprise/assess", json=body).json()["tiers"]}
    share = next(c for c in tiers["high_tech"]["basic"] if c["id"] == "high_tech_revenue")
    assert share["outcome"] == "pass" and share["detail"].startswith("3600 / 6000 = 60.00%")
    assert tiers["innovative_sme"]["status"] == "not_eligible"  # an event was declared


def test_api_reports_a_check_outside_its_scope_as_not_evaluated(api: TestClient) -> None:
    body = {"profile": PROFILE, "rules": "miit-2026", "mode": "review", "as_of": "2026-05-01"}
    response = api.post("/api/v1/enterprise/assess", json=body)
    assert response.status_code == 200, response.text
    giant = next(t for t in response.json()["tiers"] if t["pack"] == "little-giant-2026")
    by_id = {c["id"]: c for c in giant["basic"]}
    assert by_id["revenue_cagr"]["outcome"] == "not_evaluated"
    assert by_id["platform_score"]["outcome"] == "not_evaluated"
    assert by_id["platform_score_review"]["outcome"] != "not_evaluated"


def test_page_shows_not_evaluated_and_missing_data_never_met(client: TestClient) -> None:
    token = csrf_token(client, "/enterprise/profiles/new")  # any form of the page carries it
    profile = json.dumps({**PROFILE, "declarations": {}}, ensure_ascii=False)
    page = client.post("/enterprise/assess", data={"profile": profile, "rules": "miit-2026",
                       "mode": "review", "csrf_token": token})  # fmt: skip
    assert page.status_code == 200, page.text
    row = _row(page.text, 'data-testid="check-revenue_cagr"')
    assert 'data-outcome="not_evaluated"' in row and "未评估" in row and "满足" not in row
    missing = _row(page.text, 'data-testid="check-no_incident"')
    assert "缺少数据" in missing and ">满足<" not in missing
    assert "来源：工信部企业〔2022〕63号" in page.text


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]
