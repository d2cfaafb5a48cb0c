"""The CLI: JSON output for scripts, readable errors and non-zero exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clients import run_cli
from xinzhi.core.db import Database
from xinzhi.core.settings import Settings


def test_create_list_and_get_as_json(db: Database, settings: Settings) -> None:
    created = run_cli(
        settings, "demands", "create", "--data", '{"title": "锂电池回收", "field": "新能源"}'
    )
    assert created.exit_code == 0, created.output
    demand_id = json.loads(created.output)["id"]
    listed = run_cli(settings, "demands", "list", "--q", "电池", "--json")
    assert json.loads(listed.output)["items"][0]["id"] == demand_id
    assert (
        json.loads(run_cli(settings, "demands", "get", str(demand_id)).output)["field"] == "新能源"
    )
    found = run_cli(settings, "search", "锂电池", "--json")
    assert json.loads(found.output)["demands"]["total"] == 1


def test_errors_exit_non_zero_with_a_readable_message(db: Database, settings: Settings) -> None:
    missing = run_cli(settings, "demands", "get", "99")
    assert missing.exit_code == 3 and "demands #99 not found" in missing.output
    bad_json = run_cli(settings, "demands", "create", "--data", "{title:")
    assert bad_json.exit_code == 2 and "not valid JSON" in bad_json.output
    invalid = run_cli(settings, "demands", "create", "--data", '{"title": ""}')
    assert invalid.exit_code == 2 and "title" in invalid.output
    bad_filter = run_cli(settings, "demands", "list", "--filter", "colour=red")
    assert bad_filter.exit_code == 2 and "cannot be filtered by 'colour'" in bad_filter.output
    assert run_cli(settings, "no-such-command").exit_code != 0


def test_unmigrated_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    fresh = Settings(data_dir=tmp_path / "empty")
    result = run_cli(fresh, "demands", "list")
    assert result.exit_code == 6 and "xinzhi db upgrade" in result.output


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    fresh = Settings(data_dir=tmp_path / "new")
    assert run_cli(fresh, "db", "upgrade").exit_code == 0
    current = json.loads(run_cli(fresh, "db", "current", "--json").output)
    assert current["revision"] == current["head"]


def test_settings_command_lists_every_setting_and_hides_the_secret(settings: Settings) -> None:
    rows = json.loads(run_cli(settings, "settings", "--json").output)
    names = {r["name"] for r in rows}
    assert {"database_url", "data_dir", "secret_key"} <= names
    assert next(r for r in rows if r["name"] == "secret_key")["value"] == "***"


def test_users_and_tokens(db: Database, settings: Settings) -> None:
    created = run_cli(
        settings, "users", "create", "alice", "--role", "broker", "--password", "a-long-password"
    )
    assert created.exit_code == 0, created.output
    token = run_cli(settings, "users", "token", "alice").output.strip()
    assert token.startswith("xz_")
    short = run_cli(settings, "users", "create", "bob", "--password", "short")
    assert short.exit_code == 2 and "at least 8" in short.output


def test_a_fresh_process_can_create_users(tmp_path: Path) -> None:
    """Regression: every domain's tables load however the database is opened."""
    import subprocess
    import sys

    env = {"XINZHI_DATA_DIR": str(tmp_path / "fresh"), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "xinzhi"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    created = subprocess.run(
        [*cli, "users", "create", "carol", "--role", "broker", "--password", "long-enough-pw"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stderr
    assert "created user #1 carol (broker)" in created.stdout
