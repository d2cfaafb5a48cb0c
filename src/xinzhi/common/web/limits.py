"""Rate limits of the web app: failed log-ins, and anonymous search and matching.

Each app holds its own :class:`Limits` (``app.state.limits``), built from the settings by
:func:`Limits.from_settings`; the counting is :class:`xinzhi.core.ratelimit.SlidingWindow`,
in memory and per process (see that module for what per process means). Over a limit the
request gets :class:`TooManyRequests`: 429 with ``Retry-After``.

- Log-in: failures per account (``login_failures_per_account``) and per client address
  (``login_failures_per_address``) within ``login_failure_window_seconds``. While either is
  exhausted every attempt is refused, even with the right password, so guessing cannot go on;
  a successful log-in clears the account's count.
- Anonymous clients: ``anonymous_search_per_minute`` catalog searches and
  ``anonymous_match_per_minute`` matching requests per address. Logged-in users are not
  limited here (they are accountable and few).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Depends, Request

from xinzhi.common.web.deps import PrincipalDep
from xinzhi.core.errors import TooManyRequests
from xinzhi.core.ratelimit import SlidingWindow
from xinzhi.core.settings import Settings

Bucket = Literal["search", "matching"]
LOGIN_MESSAGE = "登录失败次数过多，请 {s} 秒后再试 (too many failed log-ins; retry in {s} s)"
BUSY_MESSAGE = "请求过于频繁，请 {s} 秒后再试 (too many requests; retry in {s} s)"


@dataclass
class Limits:
    login_account: SlidingWindow
    login_address: SlidingWindow
    search: SlidingWindow
    matching: SlidingWindow

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        window = settings.login_failure_window_seconds
        return cls(
            login_account=SlidingWindow(settings.login_failures_per_account, window),
            login_address=SlidingWindow(settings.login_failures_per_address, window),
            search=SlidingWindow(settings.anonymous_search_per_minute, 60),
            matching=SlidingWindow(settings.anonymous_match_per_minute, 60),
        )


def limits_of(request: Request) -> Limits:
    limits: Limits = request.app.state.limits
    return limits


def client_address(request: Request) -> str:
    """The peer address (behind a reverse proxy, run uvicorn with ``--proxy-headers`` so
    this is the client's, not the proxy's)."""
    return request.client.host if request.client else "unknown"


def _account_key(username: str) -> str:
    return "user:" + username.strip().lower()


def check_login(request: Request, username: str) -> None:
    """Refuse a log-in attempt while the account or the address is over its failure limit."""
    limits = limits_of(request)
    wait = max(
        limits.login_account.retry_after(_account_key(username)),
        limits.login_address.retry_after(client_address(request)),
    )
    if wait:
        raise TooManyRequests(LOGIN_MESSAGE.format(s=wait), retry_after=wait)


def login_failed(request: Request, username: str) -> None:
    limits = limits_of(request)
    limits.login_account.record(_account_key(username))
    limits.login_address.record(client_address(request))


def login_succeeded(request: Request, username: str) -> None:
    limits_of(request).login_account.reset(_account_key(username))


def anonymous_limit(bucket: Bucket, *, only_with: str | None = None) -> Any:
    """A route dependency: anonymous clients may make so many requests of ``bucket`` per
    minute; ``only_with`` limits only requests carrying that query parameter (a keyword)."""

    def dependency(request: Request, principal: PrincipalDep) -> None:
        if principal.user_id is not None:
            return
        if only_with is not None and not request.query_params.get(only_with, "").strip():
            return
        wait = getattr(limits_of(request), bucket).hit(client_address(request))
        if wait:
            raise TooManyRequests(BUSY_MESSAGE.format(s=wait), retry_after=wait)

    return Depends(dependency)
