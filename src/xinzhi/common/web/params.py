"""Query parameters with their range in the type, so a value out of range is a 422 naming the
parameter (``limit：数值应不小于 1``) rather than a silent clamp, a database error or a 500.

``limit=-1`` meant "no limit" to SQLite and an error to PostgreSQL (issue #12); a year past
9999 broke ``datetime.date``. Each endpoint keeps its own default: ``limit: Limit = 200``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

Limit = Annotated[int, Query(ge=1, le=1000, description="How many rows (1–1000).")]
BigLimit = Annotated[int, Query(ge=1, le=5000, description="How many rows (1–5000).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Top = Annotated[int, Query(ge=1, le=500, description="How many of the top entries (1–500).")]
Count = Annotated[int, Query(ge=0, le=100_000)]
Year = Annotated[int | None, Query(ge=1000, le=9999, description="A year, 1000–9999.")]
