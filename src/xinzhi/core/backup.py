"""``xinzhi db backup`` / ``xinzhi db restore``: the database and the data directory, with a
checksum manifest, written so that a backup killed half-way leaves the previous one intact.

A backup is a directory::

    <name>/manifest.json    format, time, database kind, schema revision, sha256 + size per file
    <name>/database.sqlite  SQLite: a consistent copy made with SQLite's online backup API
    <name>/database.dump    PostgreSQL: ``pg_dump --format=custom``
    <name>/data/...         the data directory: matching indexes, uploads, evidence files, ...

It is assembled in a hidden sibling directory (``.<name>.partial-<pid>``) and renamed into
place at the end; an older backup of the same name is moved aside first and deleted only after
the new one is in place. The data directory's own database files, the job queue and progress
files (``jobs/``) and the backup directory itself are left out.

SQLite's backup API copies pages while other connections keep reading and writing, and the
copy is a consistent snapshot (https://www.sqlite.org/backup.html), so the server may run.
``pg_dump`` takes one MVCC snapshot (https://www.postgresql.org/docs/current/app-pgdump.html).
A restore checks every checksum first and refuses a non-empty database unless forced; on
SQLite the server must be stopped while the file is replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from xinzhi.core import pgtools
from xinzhi.core.db import Database
from xinzhi.core.errors import Conflict, InvalidInput, NotFound
from xinzhi.core.models import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_FILE = "database.dump"
DATA = "data"
SKIPPED_DIRS = ("jobs",)
CHUNK = 1 << 20
LEFTOVER_AGE = dt.timedelta(days=1)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    files: int
    bytes: int
    dialect: str


def backup_root(settings: Any) -> Path:
    root: Path = settings.backup_dir or settings.data_dir / "backups"
    return root


def default_name() -> str:
    return "xinzhi-" + utcnow().strftime("%Y%m%dT%H%M%SZ")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def backup(db: Database, dest: Path | None = None) -> BackupInfo:
    """Back up ``db`` and its data directory into ``dest`` (default: a new timestamped
    directory in ``backup_dir``); returns what was written."""
    settings = db.settings
    target = (dest or backup_root(settings) / default_name()).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        if db.is_sqlite:
            _sqlite_backup(db, partial / SQLITE_FILE)
        else:
            pgtools.dump(settings, db.engine.url, partial / PG_FILE)
        skip = _excluded(db, target) | {partial}
        _copy_data(settings.data_dir, partial / DATA, exclude=skip)
        manifest = _manifest(db, partial)
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _fsync_tree(partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _swap_into_place(partial, target)
    files = manifest["files"]
    return BackupInfo(
        target, len(files), sum(f["size"] for f in files.values()), db.engine.dialect.name
    )


def _excluded(db: Database, target: Path) -> set[Path]:
    """What of the data directory is not copied: backups, the job queue, the database."""
    settings = db.settings
    data_dir = settings.data_dir.resolve()
    if target == data_dir or target in data_dir.parents:
        raise InvalidInput(f"a backup cannot be written over the data directory: {target}")
    skip = {backup_root(settings).resolve(), target}
    skip |= {(settings.data_dir / name).resolve() for name in SKIPPED_DIRS}
    if db.is_sqlite:
        database = Path(make_url(settings.sqlalchemy_url).database or "").resolve()
        skip |= {Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")}
    return {path for path in skip if data_dir in path.parents}


def _sqlite_backup(db: Database, out: Path) -> None:
    database = make_url(db.settings.sqlalchemy_url).database
    if not database:
        raise InvalidInput("an in-memory SQLite database cannot be backed up")
    source = sqlite3.connect(database, timeout=db.settings.sqlite_busy_timeout_ms / 1000)
    target = sqlite3.connect(out)
    try:
        source.backup(target, pages=1024)  # steps of 1,024 pages let writers in between
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL
    finally:
        target.close()
        source.close()


def _copy_data(source: Path, out: Path, *, exclude: set[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        resolved = path.resolve()
        if any(resolved == e or e in resolved.parents for e in exclude):
            continue
        relative = path.relative_to(source)
        if path.is_dir():
            (out / relative).mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out / relative)


def _manifest(db: Database, root: Path) -> dict[str, Any]:
    files = {
        str(p.relative_to(root)): {"size": p.stat().st_size, "sha256": sha256_of(p)}
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    return {
        "format": FORMAT,
        "created_at": utcnow().isoformat(timespec="seconds"),
        "dialect": db.engine.dialect.name,
        "revision": _revision(db),
        "files": files,
    }


def _revision(db: Database) -> str | None:
    from xinzhi.core.migrate import current_revision

    return current_revision(db)


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def _swap_into_place(partial: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(partial, target)
    shutil.rmtree(old, ignore_errors=True)


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise NotFound(f"{source} is not a backup: {MANIFEST} is missing")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise InvalidInput(f"{path}: unknown backup format {manifest.get('format')!r}")
    return manifest


def verify(source: Path) -> dict[str, Any]:
    """The manifest, after every file's size and sha256 was checked; a mismatch is an error."""
    manifest = read_manifest(source)
    bad = []
    for name, expected in manifest["files"].items():
        path = source / name
        if (
            not path.is_file()
            or path.stat().st_size != expected["size"]
            or sha256_of(path) != expected["sha256"]
        ):
            bad.append(name)
    if bad:
        raise InvalidInput(
            f"backup {source} is damaged: {len(bad)} file(s) differ from the manifest",
            details=[{"file": name} for name in bad[:20]],
        )
    return manifest


def restore(db: Database, source: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the backup at ``source`` into ``db`` (which must be empty unless ``force``) and
    its data files into the data directory. Returns the manifest."""
    manifest = verify(source)
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise InvalidInput(
            f"the backup is of a {manifest['dialect']} database; this one is {dialect}"
        )
    tables = [t for t in inspect(db.engine).get_table_names() if not t.startswith("sqlite_")]
    if tables and not force:
        raise Conflict(
            f"the database is not empty ({len(tables)} tables); restore into an empty database "
            "or pass --force to replace it"
        )
    if db.is_sqlite:
        _sqlite_restore(db, source / SQLITE_FILE)
    else:
        pgtools.restore(db.settings, db.engine.url, source / PG_FILE, clean=bool(tables))
    _restore_data(source / DATA, db.settings.data_dir)
    return manifest


def _sqlite_restore(db: Database, file: Path) -> None:
    database = Path(make_url(db.settings.sqlalchemy_url).database or "")
    db.dispose()
    database.parent.mkdir(parents=True, exist_ok=True)
    staged = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(file, staged)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(staged, database)


def _restore_data(source: Path, data_dir: Path) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        target = data_dir / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copy2(path, staged)
        os.replace(staged, target)


def list_backups(root: Path) -> list[Path]:
    """Complete backups in ``root`` (with a manifest), oldest first."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and (p / MANIFEST).is_file()]
    return sorted(found, key=lambda p: (p / MANIFEST).stat().st_mtime)


def prune(root: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``root`` (and leftovers of killed runs);
    returns what was deleted."""
    complete = list_backups(root)
    removed = complete[: max(0, len(complete) - keep)]
    if root.is_dir():  # leftovers of killed runs, once surely not a backup still being made
        stale = utcnow().timestamp() - LEFTOVER_AGE.total_seconds()
        removed += [
            p
            for p in root.iterdir()
            if (".partial-" in p.name or ".old-" in p.name) and p.stat().st_mtime < stale
        ]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def newest_age(root: Path) -> dt.timedelta | None:
    backups = list_backups(root)
    if not backups:
        return None
    made = dt.datetime.fromtimestamp((backups[-1] / MANIFEST).stat().st_mtime, dt.UTC)
    return utcnow() - made
