"""``xinzhi db``: schema migrations; ``xinzhi settings``: the effective settings registry."""

from __future__ import annotations

from pathlib import Path

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import backup as backups
from xinzhi.core import migrate
from xinzhi.core.fingerprint import fingerprints
from xinzhi.core.settings import documented_settings


@click.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command()
@click.option("--revision", default="head", show_default=True)
@pass_ctx
def upgrade(ctx: CliContext, revision: str) -> None:
    """Create or migrate the schema to REVISION."""
    migrate.upgrade(ctx.db, revision)
    click.echo(f"schema at {migrate.current_revision(ctx.db)}")


@db.command()
@click.argument("revision")
@pass_ctx
def downgrade(ctx: CliContext, revision: str) -> None:
    """Migrate the schema down to REVISION (``base`` removes every table)."""
    migrate.downgrade(ctx.db, revision)
    click.echo(f"schema at {migrate.current_revision(ctx.db)}")


@db.command()
@json_option
@pass_ctx
def current(ctx: CliContext, as_json: bool) -> None:
    """Show the schema revision and whether it is the latest."""
    data = {
        "url": ctx.settings.sqlalchemy_url.split("@")[-1],
        "revision": migrate.current_revision(ctx.db),
        "head": migrate.head_revision(ctx.db),
    }
    emit(data, as_json, lambda d: f"{d['url']}: revision {d['revision']} (latest {d['head']})")


@db.command("backup")
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option("--keep", type=int, default=None, help="Then keep only the newest N in backup_dir.")
@pass_ctx
def backup_cmd(ctx: CliContext, dest: Path | None, keep: int | None) -> None:
    """Back up the database and data directory into DEST (default: a new timestamped
    directory in backup_dir). Safe while the server runs."""
    info = backups.backup(ctx.migrated_db(), dest)
    click.echo(f"backup written 备份完成: {info.path} ({info.files} files, {info.bytes:,} bytes)")
    if keep is not None:
        for path in backups.prune(backups.backup_root(ctx.settings), keep):
            click.echo(f"  removed old backup {path.name}")


@db.command("restore")
@click.argument("src", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that is not empty.")
@pass_ctx
def restore_cmd(ctx: CliContext, src: Path, force: bool) -> None:
    """Restore the backup SRC (checksums checked first) into the configured database, which
    must be empty unless --force. Stop the server first on SQLite."""
    manifest = backups.restore(ctx.db, src, force=force)
    click.echo(
        f"restored 已恢复 {src} ({manifest['dialect']}, revision {manifest['revision']}, "
        f"{len(manifest['files'])} files); run `xinzhi db upgrade` if the code is newer"
    )


@db.command("backups")
@json_option
@pass_ctx
def backups_cmd(ctx: CliContext, as_json: bool) -> None:
    """List the complete backups in backup_dir, oldest first."""
    rows = [
        {"name": p.name, "created_at": backups.read_manifest(p)["created_at"], "path": str(p)}
        for p in backups.list_backups(backups.backup_root(ctx.settings))
    ]
    emit(rows, as_json, lambda rs: "\n".join(f"{r['name']}\t{r['created_at']}" for r in rs))


@db.command("fingerprint")
@json_option
@pass_ctx
def fingerprint_cmd(ctx: CliContext, as_json: bool) -> None:
    """Row count and content hash of every table (compare before a backup and after a
    restore)."""
    found = fingerprints(ctx.db)
    emit(
        found,
        as_json,
        lambda f: "\n".join(f"{k}\t{v['rows']}\t{v['sha256'][:16]}" for k, v in f.items()),
    )


@click.command("settings")
@json_option
@pass_ctx
def settings_cmd(ctx: CliContext, as_json: bool) -> None:
    """Show every setting: effective value and help text (secrets hidden)."""
    values = ctx.settings.model_dump(mode="json")
    values["secret_key"] = "***"
    docs = documented_settings()
    rows = [{"name": k, "value": values[k], "help": docs[k]} for k in docs]
    emit(
        rows, as_json, lambda rs: "\n".join(f"XINZHI_{r['name'].upper()}={r['value']}" for r in rs)
    )
