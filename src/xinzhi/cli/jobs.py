"""``xinzhi jobs``: background jobs and their stored status."""

from __future__ import annotations

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core import jobs as core_jobs


@click.group()
def jobs() -> None:
    """Background jobs (imports, index builds…)."""


@jobs.command("list")
@json_option
@pass_ctx
def list_(ctx: CliContext, as_json: bool) -> None:
    """Recent jobs, newest first."""
    with ctx.migrated_db().read() as session:
        rows = [
            core_jobs.describe(ctx.settings, j) for j in core_jobs.list_jobs(session, ctx.principal)
        ]
    emit(
        rows,
        as_json,
        lambda rs: "\n".join(
            f"#{r['id']}\t{r['kind']}\t{r['status']}\t{r['error'] or ''}" for r in rs
        ),
    )


@jobs.command("show")
@click.argument("job_id", type=int)
@pass_ctx
def show(ctx: CliContext, job_id: int) -> None:
    """One job with its parameters, result and error."""
    with ctx.migrated_db().read() as session:
        emit(
            core_jobs.describe(ctx.settings, core_jobs.get_job(session, ctx.principal, job_id)),
            True,
        )


@jobs.command("retry")
@click.argument("job_id", type=int)
@pass_ctx
def retry(ctx: CliContext, job_id: int) -> None:
    """Queue a failed or interrupted job again (a running worker picks it up)."""
    core_jobs.retry(ctx.migrated_db(), core_jobs.make_huey(ctx.settings), job_id)
    click.echo(f"job #{job_id} queued")
