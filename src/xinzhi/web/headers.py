"""Security headers on every response: pages, API, static files and errors alike.

- ``Content-Security-Policy``: scripts only from this site (htmx and ECharts are vendored under
  ``/static/vendor``; the templates have no inline script or ``on…=`` handler, a test checks),
  no plugins, no framing (``frame-ancestors 'none'``), forms post only here. Inline *styles*
  stay allowed: a few templates size chart boxes with ``style=`` and ECharts and htmx set
  styles at run time; styles cannot run code.
- ``X-Frame-Options: DENY`` for browsers that predate ``frame-ancestors``.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: strict-origin-when-cross-origin``.

FastAPI's interactive API docs (``/docs``, ``/redoc``) load Swagger UI / ReDoc from a CDN with
an inline start-up script, so those two pages alone get a policy that allows that CDN and
inline script (they show only the public API description). Sources: OWASP Secure Headers
Project; MDN "Content-Security-Policy"; W3C CSP Level 3.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_CSP = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {DOCS_CDN}; "
    f"style-src 'self' 'unsafe-inline' {DOCS_CDN} https://fonts.googleapis.com; "
    f"img-src 'self' data: https://fastapi.tiangolo.com {DOCS_CDN}; "
    "font-src 'self' data: https://fonts.gstatic.com; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
)


class SecurityHeaders:
    """Pure ASGI middleware (so it also covers responses Starlette's error handling sends)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @classmethod
    def wrap(cls, app: FastAPI) -> None:
        """Put the headers outside Starlette's ServerErrorMiddleware too (which user
        middleware never wraps), so even a 500 answer carries them."""
        build = app.build_middleware_stack

        def build_with_headers() -> ASGIApp:
            return cls(build())

        app.build_middleware_stack = build_with_headers  # type: ignore[method-assign]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(DOCS_PATHS)
        policy = (DOCS_CSP if docs else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {b"content-security-policy", *(n for n, _ in COMMON)}
                ]
                headers += [(b"content-security-policy", policy), *COMMON]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
