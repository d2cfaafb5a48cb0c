"""Imports (uploaded file → background job) and exports (records → .xlsx/.csv) over the API."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from xinzhi.catalog import access
from xinzhi.catalog.entities import IMPORTABLE, Entity, get_entity
from xinzhi.catalog.importing import export_records
from xinzhi.common.permissions import require
from xinzhi.common.web import uploads
from xinzhi.common.web.deps import DbDep, HueyDep, PrincipalDep, SettingsDep, UserDep
from xinzhi.core import jobs
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import Principal

router = APIRouter(tags=["imports"])

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def export_response(
    db: Database,
    principal: Principal,
    entity: Entity,
    fmt: str,
    q: str,
    filters: dict[str, Any] | None = None,
) -> Response:
    """The records ``principal`` sees (matching ``q`` and ``filters``) as a downloadable file
    that re-imports."""
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(f"export format must be one of {', '.join(MEDIA_TYPES)}")
    buffer = io.BytesIO()
    with db.read() as session:
        export_records(session, entity, principal, buffer, fmt, q=q, filters=filters)
    name = f"{entity.name}-{dt.date.today():%Y%m%d}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(buffer.getvalue(), media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/exports/{entity}.{fmt}", summary="Export records as .xlsx or .csv")
def export(entity: str, fmt: str, db: DbDep, principal: UserDep, q: str = "") -> Response:
    return export_response(db, principal, get_entity(entity), fmt, q)


@router.post("/imports/{entity}", status_code=202, summary="Upload a file and import it as a job")
def import_(
    entity: str,
    file: Annotated[UploadFile, File(description=".xlsx, .csv, .tsv or .json")],
    db: DbDep,
    huey: HueyDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    mapping: Annotated[str, Form(description='JSON object {"header": "field"}')] = "{}",
    skip_invalid: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Brokers and admins import; the job's result is the per-row report (see ``/jobs/{id}``)."""
    require(principal, access.IMPORT)
    if entity not in IMPORTABLE:
        raise InvalidInput(f"cannot import {entity!r}; choose one of: {', '.join(IMPORTABLE)}")
    columns = _mapping(mapping)
    try:
        saved = uploads.save(settings, file.file, file.filename or "", entity, principal)
    except uploads.UploadRefused as exc:
        raise InvalidInput(f"upload refused: {exc.key} {exc.params or ''}".strip()) from exc
    params = {
        "entity": entity,
        "path": str(saved.path(settings)),
        "mapping": columns,
        "skip_invalid": skip_invalid,
        "dry_run": dry_run,
    }
    job_id = jobs.submit(db, huey, "catalog.import", params, principal)
    return {"job_id": job_id, "url": f"/api/v1/jobs/{job_id}"}


def _mapping(raw: str) -> dict[str, str]:
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"mapping is not valid JSON: {exc}") from exc
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidInput('mapping must be a JSON object {"column header": "field"}')
    return {str(k): v for k, v in value.items()}
