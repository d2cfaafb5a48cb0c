"""``xinzhi db``: schema migrations; ``xinzhi settings``: the effective settings registry."""

from __future__ import annotations

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import migrate
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
