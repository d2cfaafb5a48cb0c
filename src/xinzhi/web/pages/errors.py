"""Friendly error pages: ``web/errors.py`` keeps one error envelope and, for a browser asking
for a page, hands it to :func:`render_error` registered on ``app.state``.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from xinzhi.common.web import csrf
from xinzhi.common.web.render import page, translator

CJK = re.compile(r"[\u4e00-\u9fff]")
# English messages of the services that a page can meet, and their words in the interface.
MESSAGES = (
    (re.compile(r"^you may only change your own organisation"), "error.own_org_only"),
    (re.compile(r"may not do this"), "error.role_forbidden"),
)
KNOWN = (400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503)
WITH_LEAD = (401, 403, 404, 500)


def in_language(message: str, lang: str, t: Any) -> str:
    """The message as the interface shows it: a known English message in words of ``lang``;
    in Chinese, an English-only message is left out (the heading and lead say what happened)."""
    if lang != "zh":
        return message
    for pattern, key in MESSAGES:
        if pattern.search(message):
            return str(t(key))
    if not CJK.search(message):
        return ""
    # "中文 English" or "中文 (English)" (bilingual CLI-style messages): the Chinese part
    bilingual = re.match(r"^(.*[\u4e00-\u9fff）。])\s+\(?[A-Za-z][^\u4e00-\u9fff]*$", message)
    return bilingual[1] if bilingual else message


def render_error(request: Request, status: int, error: dict[str, Any]) -> HTMLResponse:
    t = translator(request)
    message = str(error.get("message", ""))
    if message == csrf.MESSAGE:
        message = t("error.csrf")
    if status == 429:
        wait = next((d["retry_after"] for d in error.get("details") or [] if "retry_after" in d), 1)
        message, error = t("error.429.retry", s=wait), {**error, "details": []}
    message = in_language(message, t.lang, t)
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
