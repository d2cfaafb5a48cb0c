"""``xinzhi serve`` (web app + job worker) and ``xinzhi worker`` (job worker alone)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import click
from sqlalchemy import select

from xinzhi.app.demo import refuse_demo_accounts_in_production
from xinzhi.common.cli import CliContext, pass_ctx
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.errors import ConfigError
from xinzhi.core.models import User
from xinzhi.core.settings import Settings


def _start_consumer(ctx: CliContext) -> Any:
    db = ctx.migrated_db()
    refuse_demo_accounts_in_production(db)
    recovered = jobs.recover_interrupted(db)
    if recovered:
        click.echo(f"marked {recovered} job(s) interrupted by the last stop; retry them from /jobs")
    huey = jobs.make_huey(ctx.settings)

    consumer = huey.create_consumer(workers=ctx.settings.worker_threads, worker_type="thread")
    consumer.start()
    return consumer


def settings_env(settings: Settings) -> dict[str, str]:
    """``XINZHI_<NAME>`` for every effective setting, so a child process sees the same ones."""
    env = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if value is None:
            continue
        plain = isinstance(value, str | int | float | bool | Path)
        env[f"XINZHI_{name.upper()}"] = str(value) if plain else json.dumps(value)
    return env


def _start_worker_process(ctx: CliContext) -> subprocess.Popen[bytes]:
    """``xinzhi worker`` as a child process with this command's settings: jobs (imports, index
    builds) run there, so a large import never takes the web process's memory or CPU."""
    ctx.migrated_db()
    env = os.environ | settings_env(ctx.settings)
    return subprocess.Popen([sys.executable, "-m", "xinzhi", "worker"], env=env)


def _stop_worker_process(worker: subprocess.Popen[bytes]) -> None:
    worker.send_signal(signal.SIGTERM)  # the worker finishes its current job step and stops
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _demo_hint(db: Database, password: str) -> str:
    with db.read() as session:
        demo = session.scalar(select(User.username).where(User.username == "admin"))
    return f"  demo login 演示账号: admin / {password}" if demo else ""


@click.command()
@click.option("--host", default=None, help="Bind address (default: setting `host`).")
@click.option("--port", type=int, default=None, help="Port (default: setting `port`).")
@click.option("--no-worker", is_flag=True, help="Do not start the job worker process.")
@click.option(
    "--workers", type=int, default=None, help="Web server processes (default: `web_workers`)."
)
@pass_ctx
def serve(
    ctx: CliContext, host: str | None, port: int | None, no_worker: bool, workers: int | None
) -> None:
    """Start the web app, and the background-job worker as a child process (`xinzhi worker`)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from xinzhi.web.app import create_app

    settings = ctx.settings
    db = ctx.migrated_db()
    host, port = host or settings.host, port if port is not None else settings.port
    sock = bind(host, port)  # before anything starts, so a busy port is one clear message
    try:
        app = create_app(settings)
    except BaseException:
        sock.close()
        raise
    in_process = no_worker or settings.jobs_mode == "immediate"
    worker = None if in_process else _start_worker_process(ctx)
    click.echo(f"xinzhi 新质 is running at http://{host}:{sock.getsockname()[1]}/")
    hint = _demo_hint(db, settings.demo_password) if settings.env == "development" else ""
    if hint:
        click.echo(hint)
    if shutil.which("xinzhi") is None:
        here = Path(sys.executable).parent
        click.echo(
            f"  the xinzhi command 命令行: {here / 'xinzhi'} (or first: source {here / 'activate'})"
        )
    processes = workers if workers is not None else settings.web_workers
    keep_alive = int(settings.web_keep_alive_seconds)
    try:
        if processes > 1:
            # Each process builds its own app from the environment (create_app() reads
            # get_settings()), so the command line's overrides travel as XINZHI_* variables;
            # they all accept on the socket bound above.
            os.environ.update({f"XINZHI_{k.upper()}": str(v) for k, v in ctx.overrides.items()})
            config = uvicorn.Config("xinzhi.web.app:create_app", factory=True, workers=processes,
                                    log_level="warning", timeout_keep_alive=keep_alive)  # fmt: skip
            Multiprocess(config, sockets=[sock]).run()
        else:
            config = uvicorn.Config(app, log_level="warning", timeout_keep_alive=keep_alive)
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        if worker is not None:
            _stop_worker_process(worker)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; a port in use is a ConfigError that says how to
    choose another instead of uvicorn's ``[Errno 98]``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} on {host} is already in use 端口 {port} 已被占用 (another xinzhi "
                f"serve?). Choose another: xinzhi serve --port {port + 1}, or set `port` "
                "(XINZHI_PORT or port = … in xinzhi.toml)"
            ) from None
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


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
