"""The catalog's pages: record lists and details, forms, exports and the import wizard."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Fixed paths first; the generic ``/{entity}`` pages come last."""
    from xinzhi.catalog.pages import edit, exports, imports, records

    return [imports.router, exports.router(), edit.router(), records.router()]
