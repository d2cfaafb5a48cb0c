"""The ``catalog.import`` job kind: the web upload page imports in the background.

Parameters: ``{entity, path, mapping: {header: field}, skip_invalid, dry_run, profile}``. The
job returns the report (row lists capped at :data:`REPORT_ITEMS`). A file with invalid rows under
all-or-nothing raises :class:`ImportRejected`; the job is stored as failed and its result keeps
the report (``ImportRejected.to_dict``), so the page can show every row error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.core.errors import InvalidInput
from xinzhi.core.jobs import JobContext, job_kind

REPORT_ITEMS = 500


@job_kind("catalog.import")
def run_import(ctx: JobContext) -> dict[str, Any]:
    params = ctx.params
    if not params.get("entity") or not params.get("path"):
        raise InvalidInput("catalog.import needs the parameters entity and path")
    options = ImportOptions(
        mapping=dict(params.get("mapping") or {}),
        skip_invalid=bool(params.get("skip_invalid", False)),
        dry_run=bool(params.get("dry_run", False)),
        profile=params.get("profile") or None,
        source=params.get("source") or None,  # the name the user uploaded, not the stored one
    )
    report = import_file(
        ctx.db,
        str(params["entity"]),
        Path(str(params["path"])),
        options,
        actor=ctx.actor,
        user_id=ctx.user_id,
        progress=ctx.progress,
    )
    return report.to_dict(max_items=REPORT_ITEMS)
