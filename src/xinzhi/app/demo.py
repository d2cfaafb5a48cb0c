"""``xinzhi demo load``: every domain's demo data, then the matching index job."""

from __future__ import annotations

from typing import Any

import click

from xinzhi import app
from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.security import system_principal


def load_demo(db: Database) -> dict[str, Any]:
    """Load each domain's demo set into ``db``; returns the counts by part."""
    summary: dict[str, Any] = {}
    for _name, loader in app.demo_loaders():
        summary.update(loader(db))
    return summary


@click.group()
def demo() -> None:
    """Demo data: organisations, experts, demands, achievements, policies and demo accounts."""


@demo.command("load")
@json_option
@pass_ctx
def load(ctx: CliContext, as_json: bool) -> None:
    """Load (or refresh) the demo data set into the configured database."""
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
