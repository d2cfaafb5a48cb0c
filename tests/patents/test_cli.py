"""``xinzhi patents``: the catalog's record commands are kept; analytics print JSON."""

from __future__ import annotations

import json

import pytest

from tests.clients import run_cli
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_patents_group_keeps_the_catalog_record_commands(db: Database, settings: Settings) -> None:
    record = {"pub_no": "CN999999999A", "title": "一种风电叶片", "app_date": "2015-03-02"}
    created = run_cli(settings, "patents", "create", "--data", json.dumps(record))
    assert created.exit_code == 0, created.output
    patent_id = json.loads(created.output)["id"]
    listed = run_cli(settings, "patents", "list", "--json")
    assert json.loads(listed.output)["total"] == 1
    assert json.loads(run_cli(settings, "patents", "get", str(patent_id)).output)["pub_no"] == (
        "CN999999999A"
    )
    updated = run_cli(settings, "patents", "update", str(patent_id), "--data", '{"title": "叶片"}')
    assert updated.exit_code == 0, updated.output
    deleted = run_cli(settings, "patents", "delete", str(patent_id), "--yes")
    assert deleted.exit_code == 0, deleted.output
    for name in ("landscape", "lifecycle", "bursts"):
        assert name in run_cli(settings, "patents", "--help").output


def test_analytics_commands_run_on_imported_patents(wind_db: Database, settings: Settings) -> None:
    assert "HHI" in run_cli(settings, "patents", "landscape", "--top", "3").output
    landscape = run_cli(settings, "patents", "landscape", "--province", "江苏", "--json")
    assert landscape.exit_code == 0, landscape.output
    data = json.loads(landscape.output)
    assert data["filter"] == {"province": "江苏"}
    assert data["total"] == sum(data["provinces"].values())
    lifecycle = run_cli(settings, "patents", "lifecycle", "--censored-years", "2", "--json")
    assert lifecycle.exit_code == 0, lifecycle.output
    body = json.loads(lifecycle.output, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert body["chart"]["stage"]
    assert body["index"]["growth_rate"][0] is None  # no five-year history: null, not NaN
    bursts = run_cli(settings, "patents", "bursts", "--field", "province", "--gamma", "0.5")
    assert bursts.exit_code == 0, bursts.output
    assert bursts.output.startswith("province bursts (s=2.0, γ=0.5)")
    human = run_cli(settings, "patents", "lifecycle", "--from", "2009", "--to", "2016")
    assert "best by AIC" in human.output


def test_analytics_on_an_empty_selection_fail_with_a_clear_message(
    db: Database, settings: Settings
) -> None:
    result = run_cli(settings, "patents", "lifecycle", "--q", "风电")
    assert result.exit_code != 0
    assert "no patent with an application date" in result.output
