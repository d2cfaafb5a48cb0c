"""The Chinese-first web interface: server-rendered pages over the same services as the API.

:func:`mount` adds the page routes, the static files and the HTML error renderer to an app.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from xinzhi.web.pages import auth, edit, errors, exports, home, imports, jobs, records, render

STATIC_DIR = render.TEMPLATES.parent / "static"


def mount(app: FastAPI) -> None:
    """Serve ``/static`` (vendor files under ``/static/vendor``) and every page route."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.state.page_env = render.make_environment()
    app.state.render_error = errors.render_error
    for router in (
        home.router,
        auth.router,
        imports.router,
        jobs.router,
        exports.router(),
        edit.router(),
        records.router(),
    ):
        app.include_router(router)
