"""The app factory. Nothing is built at import time: tests create isolated apps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.middleware.sessions import SessionMiddleware

from xinzhi.core.db import open_database
from xinzhi.core.jobs import make_huey
from xinzhi.core.settings import Settings, get_settings
from xinzhi.engagements import api as engagements_api  # composition: engagements
from xinzhi.web import errors, pages
from xinzhi.web.api import auth, catalog, enterprise, imports, indices, jobs, links, search
from xinzhi.web.api import matching as matching_api
from xinzhi.web.api import maturity as maturity_api
from xinzhi.web.api import patent_aliases as patent_aliases_api
from xinzhi.web.api import patents as patents_api
from xinzhi.web.api import watchlists as watchlists_api
from xinzhi.web.pages import enterprise as enterprise_pages
from xinzhi.web.pages import indices as indices_pages
from xinzhi.web.pages import matching as matching_pages
from xinzhi.web.pages import maturity as maturity_pages
from xinzhi.web.pages import patents as patents_pages
from xinzhi.web.pages import watchlists as watchlist_pages


def api_router() -> APIRouter:
    api = APIRouter(prefix="/api/v1")
    for router in (
        patent_aliases_api.router,  # before the catalog's /patents/{record_id}
        patents_api.router,  # /patents/landscape etc., before the catalog's routes too
        *catalog.routers(),
        search.router,
        auth.router,
        jobs.router,
        links.router,
        imports.router,
        enterprise.router,
        indices.router,
        maturity_api.router,
        watchlists_api.router,
        matching_api.router,
        engagements_api.router,  # composition: engagements
    ):
        api.include_router(router)

    @api.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"status": "ok"}

    return api


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = open_database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(
        title="xinzhi 新质",
        version="0.1.0",
        description="产业出题、科技答题: achievements, demands, patents, experts and matching.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.huey = make_huey(settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="xinzhi_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.env == "production",
    )
    errors.install(app)
    app.include_router(api_router())
    app.include_router(enterprise_pages.router)  # before pages.mount: its /{entity} routes
    app.include_router(watchlist_pages.router)  # also before pages.mount
    app.include_router(patents_pages.router)  # /patents/landscape, before pages.mount
    app.include_router(matching_pages.router)  # /match, before pages.mount's /{entity}
    pages.mount(app)
    app.include_router(indices_pages.router)
    app.include_router(maturity_pages.router)
    return app
