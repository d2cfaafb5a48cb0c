"""``xinzhi demo load``: every domain's demo data, then the matching index job."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy import inspect, select

from xinzhi import app
from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.errors import ConfigError
from xinzhi.core.models import Role, User
from xinzhi.core.security import accounts_with_password, system_principal


def load_demo(db: Database) -> dict[str, Any]:
    """Load each domain's demo set into ``db``; returns the counts by part."""
    summary: dict[str, Any] = {}
    for _name, loader in app.demo_loaders():
        summary.update(loader(db))
    return summary


def accounts_with_demo_password(db: Database) -> list[str]:
    """Active accounts that still log in with ``settings.demo_password``: the demo accounts
    and every admin and broker account. (Each check is one Argon2 verification, about 0.1–0.4
    s, so ordinary accounts are not all tried; in production the demo password cannot be set
    on an account, see ``security.create_user``.)"""
    from xinzhi.catalog.demo import demo_usernames

    if not inspect(db.engine).has_table("users"):
        return []
    with db.read() as session:
        staff = session.scalars(
            select(User.username).where(User.role.in_([Role.ADMIN.value, Role.BROKER.value]))
        )
        names = sorted({*demo_usernames(), *staff})
        return accounts_with_password(session, db.settings.demo_password, names)


def refuse_demo_accounts_in_production(db: Database) -> None:
    """In production, refuse to start while any account still has the demo password."""
    if db.settings.env != "production":
        return
    found = accounts_with_demo_password(db)
    if found:
        raise ConfigError(
            "production refuses to start: these accounts still have the demo password "
            f"生产环境拒绝启动，以下账号仍在使用演示密码: {', '.join(found)}. Change their "
            "passwords or disable them (xinzhi users update NAME --disabled), or delete them."
        )


@click.group()
def demo() -> None:
    """Demo data: organisations, experts, demands, achievements, policies and demo accounts."""


@demo.command("load")
@json_option
@pass_ctx
def load(ctx: CliContext, as_json: bool) -> None:
    """Load (or refresh) the demo data set into the configured database (refused in
    production)."""
    if ctx.settings.env == "production":
        raise ConfigError("xinzhi demo load is refused in production 生产环境不能加载演示数据")
    db = ctx.migrated_db()
    summary = load_demo(db)
    # Embedding the ~350 demo records with e5-small takes 1–2 minutes on 2 cores, so the index
    # is a queued job: the worker of `xinzhi serve` builds it (tests run jobs inline).
    job_id = jobs.submit(db, jobs.make_huey(db.settings), "matching.index", {}, system_principal())
    summary["matching_index"] = {"job": job_id}
    emit(summary, as_json, _human)


def _human(summary: dict[str, Any]) -> str:
    lines = ["demo data loaded 演示数据已加载:"]
    job = summary.pop("matching_index", {}).get("job")
    for name, counts in summary.items():
        lines.append(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
    if job:
        lines.append(
            f"匹配索引 matching index: job {job}, built in the background (xinzhi jobs show {job})"
        )
    return "\n".join(lines)
