"""The catalog's REST API: records of every entity, search, links and imports."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Fixed paths first; the generic ``/{entity}`` routes come last."""
    from xinzhi.catalog.api import imports, links, records, search

    return [search.router, links.router, imports.router, *records.routers()]
