"""Refuse a request body over the configured size with 413, before reading it.

A declared ``Content-Length`` over the limit is answered at once, without reading a byte; a body
without one (chunked) is counted as it streams and refused the moment it passes the limit, so a
client cannot make the server buffer more than the limit either way (issue #12).

Two limits (docs/settings.md): ``request_max_body_mb`` for every body, and the upload limits
(``import_max_upload_mb``, ``maturity_evidence_max_mb``) for ``multipart/form-data``, the only
kind that carries files.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from xinzhi.core.settings import Settings
from xinzhi.web.errors import envelope, render

MIB = 1 << 20
MULTIPART_OVERHEAD = MIB  # the envelope and the other form fields around the file


def limits(settings: Settings) -> tuple[int, int]:
    """(plain bodies, multipart uploads) in bytes."""
    upload_mb = max(settings.import_max_upload_mb, settings.maturity_evidence_max_mb)
    plain = settings.request_max_body_mb * MIB
    return plain, max(plain, upload_mb * MIB + MULTIPART_OVERHEAD)


def too_large(limit: int) -> str:
    mb = limit / MIB
    return f"请求内容过大，上限 {mb:g} MiB (the request body is larger than {mb:g} MiB)"


class BodySizeLimit:
    """ASGI middleware: 413 for a body over the limit of its kind (see the module docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.plain, self.multipart = limits(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        limit = self.multipart if kind == b"multipart/form-data" else self.plain
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            response = render(Request(scope), 413, envelope("too_large", too_large(limit)))
            await response(scope, _nothing, send)
            return
        await self.app(scope, _counting(receive, limit), send)


async def _nothing() -> Message:  # the body is never read
    return {"type": "http.disconnect"}


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message: Any = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                # raised inside the endpoint's body read: the error handlers answer 413
                raise HTTPException(413, too_large(limit))
        return message  # type: ignore[no-any-return]

    return wrapped
