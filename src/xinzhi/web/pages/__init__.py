"""The Chinese-first web interface: server-rendered pages over the same services as the API.

:func:`mount` adds the static files, the application's own pages (home, log in, jobs) and the
HTML error renderer; each domain's pages come from the composition root.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from xinzhi.common.web import render
from xinzhi.web.pages import account, auth, errors, home, jobs, queue, regions

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def mount(app: FastAPI) -> None:
    """Serve ``/static`` (vendor files under ``/static/vendor``) and the application's pages."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.state.page_env = render.make_environment()
    app.state.render_error = errors.render_error
    for router in (
        home.router,
        auth.router,
        account.router,
        jobs.router,
        queue.router,
        regions.router,
    ):
        app.include_router(router)
