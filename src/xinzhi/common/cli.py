"""What every command shares: settings, the database, the acting principal and output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, update_wrapper
from typing import Any, TypeVar

import click

from xinzhi.core.db import Database, open_database
from xinzhi.core.errors import ConfigError
from xinzhi.core.migrate import is_current
from xinzhi.core.security import Principal, system_principal
from xinzhi.core.settings import Settings, get_settings

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliContext:
    """Lazily opened resources of one CLI invocation (the command owns the unit of work)."""

    overrides: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def settings(self) -> Settings:
        if not self.overrides:
            return get_settings()
        try:
            return Settings(**self.overrides)
        except ValueError as exc:
            raise ConfigError(f"invalid settings: {exc}") from exc

    @cached_property
    def db(self) -> Database:
        return open_database(self.settings)

    def migrated_db(self) -> Database:
        """The database, refusing to work on one whose schema is not at the latest revision."""
        db = self.db
        if not is_current(db):
            raise ConfigError(
                "the database schema is not up to date; run `xinzhi db upgrade` first "
                f"({self.settings.sqlalchemy_url.split('@')[-1]})"
            )
        return db

    @property
    def principal(self) -> Principal:
        return system_principal(f"cli:{os.environ.get('USER', 'operator')}")


def pass_ctx(fn: F) -> F:
    """Inject the :class:`CliContext` as the first argument."""

    @click.pass_context
    def wrapper(click_ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        return click_ctx.invoke(fn, click_ctx.ensure_object(CliContext), *args, **kwargs)

    return update_wrapper(wrapper, fn)  # type: ignore[return-value]


def emit(data: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    """Print ``data`` as JSON (for scripts) or through ``human`` (for people)."""
    if as_json or human is None:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(human(data))


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON output.")(fn)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"错误 Error: {message}", err=True)
    sys.exit(code)
