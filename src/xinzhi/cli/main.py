"""Entry point of ``xinzhi``. Sub-command modules load lazily so ``--help`` stays fast."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from xinzhi import app
from xinzhi.common.cli import CliContext
from xinzhi.core.errors import XinzhiError
from xinzhi.core.integrity import integrity_error

# The commands of the application itself; each domain's come from the composition root.
COMMANDS = {
    "db": "xinzhi.cli.db:db",
    "serve": "xinzhi.web.cli:serve",
    "worker": "xinzhi.web.cli:worker",
    "demo": "xinzhi.app.demo:demo",
    "users": "xinzhi.cli.users:users",
    "jobs": "xinzhi.cli.jobs:jobs",
    "settings": "xinzhi.cli.db:settings_cmd",
}


def all_commands() -> dict[str, str]:
    return {**app.commands(), **COMMANDS}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(all_commands())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = all_commands().get(cmd_name)
        if target is None:
            return None
        module, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command


@click.group(cls=LazyGroup)
@click.option("--database-url", envvar="XINZHI_DATABASE_URL", help="SQLAlchemy URL.")
@click.option("--data-dir", envvar="XINZHI_DATA_DIR", type=click.Path(path_type=Path))
@click.option(
    "--config",
    "config",
    envvar="XINZHI_CONFIG",
    type=click.Path(path_type=Path),
    help="TOML config file.",
)
@click.version_option(package_name="xinzhi")
@click.pass_context
def cli(
    ctx: click.Context, database_url: str | None, data_dir: Path | None, config: Path | None
) -> None:
    """新质 xinzhi: 产业出题、科技答题 — catalog, matching and analytics for S&T transfer."""
    overrides: dict[str, Any] = {}
    if database_url:
        overrides["database_url"] = database_url
    if data_dir:
        overrides["data_dir"] = data_dir
    if config:
        import os

        os.environ["XINZHI_CONFIG"] = str(config)
    app.install()
    ctx.obj = CliContext(overrides=overrides)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every error ends with a readable message and a non-zero exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv)
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    try:
        cli.main(args=args, prog_name="xinzhi", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("已取消 Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except XinzhiError as exc:
        _report(exc.message, exc.details)
        sys.exit(exc.exit_code)
    except IntegrityError as exc:  # the same words as the web's 409/422 (core/integrity.py)
        error = integrity_error(exc)
        _report(error.message, error.details)
        sys.exit(error.exit_code)
    except (OperationalError, ProgrammingError) as exc:
        if debug:
            raise
        _report(f"database error: {exc.orig}")
        sys.exit(8)
    except Exception as exc:
        if debug:
            raise
        _report(f"unexpected {type(exc).__name__}: {exc} (run again with --debug for a traceback)")
        sys.exit(1)


def _report(message: str, details: list[dict[str, Any]] | None = None) -> None:
    click.echo(f"错误 Error: {message}", err=True)
    for item in (details or [])[:20]:
        click.echo("  - " + ", ".join(f"{k}: {v}" for k, v in item.items()), err=True)
