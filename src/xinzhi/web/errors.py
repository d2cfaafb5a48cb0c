"""One error envelope for every error: ``{"error": {"code", "message", "details"}}``.

API clients get JSON; browsers asking for a page get the same information as HTML.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from xinzhi.core.errors import TooManyRequests, XinzhiError
from xinzhi.core.integrity import integrity_error
from xinzhi.core.messages import error_reason

log = logging.getLogger("xinzhi.web")
OUT_OF_RANGE = "数值超出可存储的范围，请检查编号或金额 (a number is out of range)"

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_requests",
}


def envelope(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def render(request: Request, status: int, body: dict[str, Any]) -> Response:
    renderer = getattr(request.app.state, "render_error", None)
    if renderer is not None and _wants_html(request):
        response: Response = renderer(request, status, body["error"])
        return response
    return JSONResponse(body, status_code=status)


def _field(loc: Any) -> str:
    """``query.limit`` → ``limit``, ``body.extra.a`` → ``extra.a``: the name a person typed."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie") and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


def invalid_message(details: list[dict[str, Any]]) -> str:
    """One line a person can act on: the first few fields and what is wrong with each."""
    shown = "；".join(f"{d['field'] or '请求'}：{d['reason']}" for d in details[:3])
    more = f"；另有 {len(details) - 3} 处" if len(details) > 3 else ""
    return f"请求有误 (the request is invalid)：{shown}{more}"


def install(app: FastAPI) -> None:
    @app.exception_handler(XinzhiError)
    async def _domain(request: Request, exc: XinzhiError) -> Response:
        response = render(request, exc.status_code, {"error": exc.to_dict()})
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"field": _field(e["loc"]), "reason": error_reason(dict(e))} for e in exc.errors()
        ]
        return render(request, 422, envelope("invalid_input", invalid_message(details), details))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return render(request, exc.status_code, envelope(code, str(exc.detail)))

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> Response:
        # An id or amount past what the database stores (2^63 on SQLite, int4/int8 ranges on
        # PostgreSQL): the request is wrong, not the server. The unit of work has rolled back.
        return render(request, 422, envelope("invalid_input", OUT_OF_RANGE))

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        # A foreign key to a missing row, a unique key taken (often by a racing writer): the
        # unit of work has rolled back, nothing was written; say which field.
        error = integrity_error(exc)
        return render(request, error.status_code, {"error": error.to_dict()})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = f"internal error ({type(exc).__name__}); the server log has the details"
        return render(request, 500, envelope("internal", message))
