"""``xinzhi serve`` (web app + job worker) and ``xinzhi worker`` (job worker alone)."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

import click
from sqlalchemy import select

from xinzhi.common.cli import CliContext, pass_ctx
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.models import User


def _start_consumer(ctx: CliContext) -> Any:
    db = ctx.migrated_db()
    recovered = jobs.recover_interrupted(db)
    if recovered:
        click.echo(f"marked {recovered} job(s) interrupted by the last stop; retry them from /jobs")
    huey = jobs.make_huey(ctx.settings)

    consumer = huey.create_consumer(workers=ctx.settings.worker_threads, worker_type="thread")
    consumer.start()
    return consumer


def _demo_hint(db: Database, password: str) -> str:
    with db.read() as session:
        demo = session.scalar(select(User.username).where(User.username == "admin"))
    return f"  demo login 演示账号: admin / {password}" if demo else ""


@click.command()
@click.option("--host", default=None, help="Bind address (default: setting `host`).")
@click.option("--port", type=int, default=None, help="Port (default: setting `port`).")
@click.option("--no-worker", is_flag=True, help="Do not start the job worker in this process.")
@click.option(
    "--workers", type=int, default=None, help="Web server processes (default: `web_workers`)."
)
@pass_ctx
def serve(
    ctx: CliContext, host: str | None, port: int | None, no_worker: bool, workers: int | None
) -> None:
    """Start the web app (and the background-job worker) on the configured database."""
    import uvicorn

    from xinzhi.web.app import create_app

    settings = ctx.settings
    db = ctx.migrated_db()
    consumer = None if no_worker or settings.jobs_mode == "immediate" else _start_consumer(ctx)
    host, port = host or settings.host, port if port is not None else settings.port
    click.echo(f"xinzhi 新质 is running at http://{host}:{port}/")
    hint = _demo_hint(db, settings.demo_password) if settings.env == "development" else ""
    if hint:
        click.echo(hint)
    processes = workers if workers is not None else settings.web_workers
    keep_alive = int(settings.web_keep_alive_seconds)
    try:
        if processes > 1:
            # Each process builds its own app from the environment (create_app() reads
            # get_settings()), so the command line's overrides travel as XINZHI_* variables.
            os.environ.update({f"XINZHI_{k.upper()}": str(v) for k, v in ctx.overrides.items()})
            target = "xinzhi.web.app:create_app"
            uvicorn.run(target, factory=True, workers=processes, host=host, port=port,
                        log_level="warning", timeout_keep_alive=keep_alive)  # fmt: skip
        else:
            uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                        timeout_keep_alive=keep_alive)  # fmt: skip
    finally:
        if consumer is not None:
            consumer.stop(graceful=True)


@click.command()
@pass_ctx
def worker(ctx: CliContext) -> None:
    """Run the background-job worker alone (for a separate process or machine)."""
    consumer = _start_consumer(ctx)
    click.echo(f"xinzhi worker running with {ctx.settings.worker_threads} thread(s); Ctrl-C stops")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        consumer.stop(graceful=True)
