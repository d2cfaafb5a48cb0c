"""``/regions/children``: the GB/T 2260 divisions under a code, for the forms' 省/市/区 picker.

Public and cacheable: the list is the published standard, the same for every user.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from xinzhi.catalog.pages.widgets import children

router = APIRouter(include_in_schema=False)


@router.get("/regions/children", name="region_children")
def region_children(code: str = "") -> JSONResponse:
    """``[{"code": "320100", "name": "南京市"}, …]``; provinces when ``code`` is empty."""
    items = [{"code": c, "name": n} for c, n in children(code.strip()[:6] or None)]
    return JSONResponse(items, headers={"Cache-Control": "public, max-age=86400"})
