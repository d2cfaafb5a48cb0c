"""``xinzhi db backup`` / ``restore``: a restore into an empty database gives the same rows
and content hashes (SQLite and PostgreSQL), data files come back byte for byte, a damaged
backup is refused, a backup killed half-way leaves the previous one intact, and the scheduled
backup keeps the newest N."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clients import cli_env, run_cli
from tests.conftest import make_test_settings
from tests.world import World
from xinzhi.core import backup, jobs
from xinzhi.core.db import Database, open_database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.fingerprint import fingerprints
from xinzhi.core.security import system_principal
from xinzhi.core.settings import Settings

SRC = Path(__file__).resolve().parents[2] / "src"


def _data_files(settings: Settings) -> dict[str, bytes]:
    files = {
        "matching/local/index.npy": os.urandom(4096),
        "uploads/合同扫描件.pdf": b"%PDF-1.4 demo",
        "maturity/evidence/7/测试报告.xlsx": b"PK\x03\x04 demo",
    }
    for name, content in files.items():
        path = settings.data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return files


@pytest.fixture
def empty_target(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Settings:
    """Settings of a second, empty database (no tables) with its own data directory."""
    url = ""
    if backend == "postgresql":
        databases = request.getfixturevalue("pg_databases")
        name = databases.create_for_test(migrated=False)
        request.addfinalizer(lambda: databases.drop(name))
        url = databases.url(name)
    return make_test_settings(tmp_path / "restored", url)


def test_restore_into_an_empty_database_gives_identical_rows_and_hashes(
    settings: Settings, db: Database, world: World, empty_target: Settings, tmp_path: Path
) -> None:
    world.account("owner")
    files = _data_files(settings)
    before = fingerprints(db)
    assert before["demands"]["rows"] >= 2 and before["users"]["rows"] == 1

    made = run_cli(settings, "db", "backup", str(tmp_path / "b1"))
    assert made.exit_code == 0, made.output
    manifest = json.loads((tmp_path / "b1" / "manifest.json").read_text(encoding="utf-8"))
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    assert "data/uploads/合同扫描件.pdf" in manifest["files"]

    restored = run_cli(empty_target, "db", "restore", str(tmp_path / "b1"))
    assert restored.exit_code == 0, restored.output
    target = open_database(empty_target)
    try:
        assert fingerprints(target) == before
    finally:
        target.dispose()
    for name, content in files.items():
        assert (empty_target.data_dir / name).read_bytes() == content


def test_restore_refuses_a_database_that_is_not_empty(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    assert run_cli(settings, "db", "backup", str(tmp_path / "b")).exit_code == 0
    refused = run_cli(settings, "db", "restore", str(tmp_path / "b"))
    assert refused.exit_code == 4 and "not empty" in refused.output


def test_a_damaged_backup_is_refused_naming_the_file(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    _data_files(settings)
    info = backup.backup(db, tmp_path / "b")
    damaged = info.path / "data" / "uploads" / "合同扫描件.pdf"
    damaged.write_bytes(b"%PDF-1.4 changed")
    with pytest.raises(InvalidInput, match="damaged") as caught:
        backup.verify(info.path)
    assert caught.value.details == [{"file": "data/uploads/合同扫描件.pdf"}]


def test_a_backup_killed_half_way_leaves_the_previous_one_intact(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    dest = tmp_path / "nightly"
    first = backup.backup(db, dest)
    old_manifest = backup.verify(first.path)
    # A large data file makes the second run long enough to be caught in the middle.
    big = settings.data_dir / "matching" / "big.bin"
    big.parent.mkdir(parents=True, exist_ok=True)
    big.write_bytes(os.urandom(1 << 20) * 96)

    env = {**os.environ, **{k: v for k, v in cli_env(settings).items() if v is not None}}
    env["PYTHONPATH"] = str(SRC)
    command = [sys.executable, "-m", "xinzhi", "--database-url", settings.sqlalchemy_url,
               "--data-dir", str(settings.data_dir), "db", "backup", str(dest)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while process.poll() is None and not any(tmp_path.glob(".nightly.partial-*/data")):
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the backup ended before it could be killed"
    assert backup.verify(dest) == old_manifest  # the previous backup, complete and unchanged
    assert backup.list_backups(tmp_path) == [dest]


def test_the_scheduled_backup_keeps_the_newest_n(settings: Settings, db: Database) -> None:
    from xinzhi.core import housekeeping as backup_jobs

    scheduled = settings.model_copy(update={"backup_interval_hours": 24, "backup_keep": 2})
    sched_db = Database(engine=db.engine, settings=scheduled)
    huey = jobs.make_huey(scheduled)
    assert backup_jobs.due(sched_db)
    for _ in range(3):
        job_id = jobs.submit(sched_db, huey, "db.backup", {}, system_principal())
        with db.read() as session:
            job = jobs.get_job(session, system_principal(), job_id)
            assert job.status == "succeeded", job.error
        time.sleep(1.1)  # backups are named by the second
    kept = backup.list_backups(backup.backup_root(scheduled))
    assert len(kept) == 2
    assert not backup_jobs.due(sched_db)
    backup_jobs.schedule_backup(sched_db, huey)  # not due: nothing queued
    assert len(backup.list_backups(backup.backup_root(scheduled))) == 2
