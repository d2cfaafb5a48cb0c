"""专利导航 in the browser: a filter form (query, province, application years) and the whole
analysis of the matching patents — trend, top holders, applicant types, provinces, IPC,
co-classification, life cycle with its stage, bursts and the networks — drawn with ECharts, with
tables that carry the same numbers without JavaScript, and the Excel export link.

The analysis is computed in the request (a few seconds for tens of thousands of patents).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xinzhi.common.web.deps import DbDep, UserDep
from xinzhi.common.web.render import page, translator
from xinzhi.core.errors import XinzhiError
from xinzhi.patents.api import load
from xinzhi.patents.service import PatentFilter

router = APIRouter(include_in_schema=False)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


@router.get("/patents/landscape", name="patents.landscape")
def landscape_page(request: Request, db: DbDep, user: UserDep) -> Response:
    from xinzhi.patents.navigation import NavigationParams, chart_data, navigate, tables

    params = request.query_params
    flt = PatentFilter(
        params.get("q", "").strip(),
        params.get("province", "").strip(),
        _int(params.get("from")),
        _int(params.get("to")),
    )
    context: dict[str, Any] = {"flt": flt, "error": "", "result": None}
    if params:
        t = translator(request)
        try:
            frame, citations = load(db, user, flt)
            if frame.empty:
                context["error"] = t("patents.nav.empty")
            else:
                nav = navigate(
                    frame,
                    citations,
                    NavigationParams(flt.q, flt.province, flt.year_from, flt.year_to),
                )
                context |= {
                    "result": nav,  # not "nav": the base template's navigation entries
                    "tables": tables(nav, top=10),
                    "charts": json.dumps(chart_data(nav), ensure_ascii=False),
                }
        except XinzhiError as exc:
            context["error"] = t("patents.nav.failed", reason=exc.message)
        query = {"q": flt.q, "province": flt.province, "from": flt.year_from, "to": flt.year_to}
        context["export_url"] = "/api/v1/patents/export.xlsx?" + urlencode(
            {k: v for k, v in query.items() if v not in ("", None)}
        )
    return page(request, "patents_landscape.html", context, status=200)
