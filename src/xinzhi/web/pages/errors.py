"""Friendly error pages: ``web/errors.py`` keeps one error envelope and, for a browser asking
for a page, hands it to :func:`render_error` registered on ``app.state``.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from xinzhi.common.web import csrf
from xinzhi.common.web.render import page, translator

KNOWN = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503)
WITH_LEAD = (401, 403, 404, 500)


def render_error(request: Request, status: int, error: dict[str, Any]) -> HTMLResponse:
    t = translator(request)
    message = str(error.get("message", ""))
    if message == csrf.MESSAGE:
        message = t("error.csrf")
    if status == 429:
        wait = next((d["retry_after"] for d in error.get("details") or [] if "retry_after" in d), 1)
        message, error = t("error.429.retry", s=wait), {**error, "details": []}
    context = {
        "status": status,
        "heading": t(f"error.{status}") if status in KNOWN else t("error.generic"),
        "lead": t(f"error.lead.{status}") if status in WITH_LEAD else t("error.lead.other"),
        # A 404 says no more than "not found", so a hidden record's existence does not leak.
        "message": "" if status in (404, 500) else message,
        "details": error.get("details") or [],
        "next": request.url.path,
    }
    return page(request, "error.html", context, status=status)
