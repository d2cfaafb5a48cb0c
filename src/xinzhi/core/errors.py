"""One exception family. The HTTP status and CLI exit code travel with the class."""

from __future__ import annotations

from typing import Any


class XinzhiError(Exception):
    """Base of every error xinzhi raises on purpose."""

    status_code = 500
    exit_code = 1
    code = "error"

    def __init__(self, message: str, *, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class InvalidInput(XinzhiError):
    status_code = 422
    exit_code = 2
    code = "invalid_input"


class NotFound(XinzhiError):
    status_code = 404
    exit_code = 3
    code = "not_found"


class Conflict(XinzhiError):
    status_code = 409
    exit_code = 4
    code = "conflict"


class Unauthorized(XinzhiError):
    status_code = 401
    exit_code = 5
    code = "unauthorized"


class Forbidden(XinzhiError):
    status_code = 403
    exit_code = 5
    code = "forbidden"


class QueryTimeout(XinzhiError):
    status_code = 503
    exit_code = 9
    code = "query_timeout"


class ConfigError(XinzhiError):
    status_code = 500
    exit_code = 6
    code = "config_error"


class JobError(XinzhiError):
    status_code = 500
    exit_code = 7
    code = "job_failed"


class TooManyRequests(XinzhiError):
    """Over a rate limit; ``retry_after`` seconds until the next attempt may succeed."""

    status_code = 429
    exit_code = 10
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details=[{"retry_after": retry_after}])
        self.retry_after = retry_after


class Unavailable(XinzhiError):
    """A service xinzhi depends on (the job queue, a database tool) could not be reached."""

    status_code = 503
    exit_code = 11
    code = "unavailable"
