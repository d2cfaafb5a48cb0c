"""/api/v1/patents/landscape, lifecycle, bursts, network/{kind} and export.xlsx on the real 风电
patents; the catalog's record routes still answer beside them."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from fastapi.testclient import TestClient

from tests.patents.conftest import wind_csv, wind_db  # noqa: F401 - fixtures
from xinzhi.core.db import Database
from xinzhi.core.models import Role


def test_patent_navigation_api(  # type: ignore[no-untyped-def]
    api: TestClient,
    login,
    wind_db: Database,  # noqa: F811
    wind_csv: Path,  # noqa: F811
) -> None:
    assert api.get("/api/v1/patents/landscape").status_code == 401
    login(Role.RESEARCHER)
    raw = pd.read_csv(wind_csv, dtype=str, keep_default_na=False)
    land = api.get("/api/v1/patents/landscape", params={"to": 2014, "top": 5}).json()
    assert land["filter"] == {"year_to": 2014}
    assert land["total"] == int((raw["app_date"].str[:4].astype(int) <= 2014).sum())
    assert len(land["top_inventors"]) == 5 and "cr4_provinces" in land["concentration"]
    cycle = api.get("/api/v1/patents/lifecycle", params={"censored_years": 2}).json()
    assert cycle["best"] in {"logistic", "gompertz"} and cycle["chart"]["stage_zh"]
    bursts = api.get("/api/v1/patents/bursts", params={"field": "province"}).json()
    assert bursts["field"] == "province" and bursts["bursts"]
    bad = api.get("/api/v1/patents/bursts", params={"field": "colour"})
    assert bad.status_code == 422 and "error" in bad.json()
    net = api.get("/api/v1/patents/network/coinventor", params={"top": 30}).json()
    assert net["modularity"] > 0 and len(net["graph"]["nodes"]) == 30
    cites = api.get("/api/v1/patents/network/citation").json()
    assert cites["links"] > 0 and cites["graph"]["directed"] is True
    assert api.get("/api/v1/patents/network/colour").status_code == 422
    export = api.get("/api/v1/patents/export.xlsx", params={"q": "风电"})
    assert export.status_code == 200
    sheets = pd.read_excel(io.BytesIO(export.content), sheet_name=None)
    assert sheets["年度趋势 by year"]["applications"].sum() > 0
    assert api.get("/api/v1/patents", params={"size": 1}).status_code == 200
