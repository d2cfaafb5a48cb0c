"""``xinzhi patents watch``: create, run, list, show, warnings, ack, export, run-due."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook

from tests.clients import run_cli
from tests.world import _create
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_watch_commands_from_create_to_export(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    made = run_cli(
        settings, "patents", "watch", "create", "储能", "-k", "储能", "-c", "张三",
        "--schedule", "daily", "--threshold", "maturity=[0.5,0.9]", "--json",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["thresholds"] == {"maturity": [0.5, 0.9]}
    bad = run_cli(settings, "patents", "watch", "create", "x", "--threshold", "gamma=0")
    assert bad.exit_code != 0 and "gamma" in bad.output

    due = run_cli(settings, "patents", "watch", "run-due", "--json")
    assert due.exit_code == 0, due.output
    assert [o["status"] for o in json.loads(due.output)] == ["succeeded"]
    data = {"pub_no": "CN900000009A", "title": "一种储能电池", "app_date": "2024-01-02"}
    _create(db, "patents", data | {"inventors": ["张三"]})
    run = run_cli(settings, "patents", "watch", "run", "储能", "--json")
    assert json.loads(run.output)[0]["warnings"] == 1

    listed = run_cli(settings, "patents", "watch", "list")
    assert "储能" in listed.output and "open warnings 未确认预警: 1" in listed.output
    assert "run #2 succeeded" in run_cli(settings, "patents", "watch", "show", "储能").output
    (warning,) = json.loads(run_cli(settings, "patents", "watch", "warnings", "--json").output)
    assert "CN900000009A" in warning["explanation"]

    for suffix in ("xlsx", "csv"):
        out = tmp_path / f"w.{suffix}"
        assert run_cli(settings, "patents", "watch", "export", str(out)).exit_code == 0
    rows = list(load_workbook(tmp_path / "w.xlsx").active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1][4] == warning["title"]
    with (tmp_path / "w.csv").open(encoding="utf-8-sig") as fh:
        assert list(csv.reader(fh))[1][0] == str(warning["id"])

    assert run_cli(settings, "patents", "watch", "ack", str(warning["id"])).exit_code == 0
    still_open = run_cli(settings, "patents", "watch", "warnings", "--open", "--json")
    assert json.loads(still_open.output) == []
    missing = run_cli(settings, "patents", "watch", "ack", "999")
    assert missing.exit_code != 0 and "not found" in missing.output
