"""The app factory. Nothing is built at import time: tests create isolated apps."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from starlette.middleware.sessions import SessionMiddleware

from xinzhi import app as composition
from xinzhi.app.demo import refuse_demo_accounts_in_production
from xinzhi.catalog.entities import nav_entities
from xinzhi.common import waiting
from xinzhi.common.web.limits import Limits
from xinzhi.core.db import open_database
from xinzhi.core.jobs import make_huey
from xinzhi.core.settings import Settings, get_settings
from xinzhi.web import errors, pages
from xinzhi.web.api import auth, jobs
from xinzhi.web.bodylimit import BodySizeLimit
from xinzhi.web.headers import SecurityHeaders


def api_router() -> APIRouter:
    api = APIRouter(prefix="/api/v1")
    for router in (auth.router, jobs.router, *composition.api_routers()):
        api.include_router(router)

    @api.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        return {"status": "ok"}

    return api


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    composition.install()
    db = open_database(settings)
    try:
        refuse_demo_accounts_in_production(db)
    except Exception:
        db.dispose()
        raise

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
    app.state.nav = nav_entities()
    app.state.limits = Limits.from_settings(settings)
    state = composition.web_state()
    for name, value in state.items():
        setattr(app.state, name, value)
    app.state.waiting = waiting.providers(state)  # 待我处理: every domain's waiting_* function
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="xinzhi_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.env == "production",
    )
    app.add_middleware(BodySizeLimit, settings=settings)  # 413 before a large body is read
    SecurityHeaders.wrap(app)
    errors.install(app)
    app.include_router(api_router())
    pages.mount(app)
    for router in composition.page_routers():
        app.include_router(router)
    return app
