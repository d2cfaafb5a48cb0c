"""The import flow for brokers and admins: upload → preview with an editable column mapping →
confirm → a ``catalog.import`` background job, followed on its job page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from xinzhi.catalog import access
from xinzhi.catalog.entities import ENTITIES, IMPORTABLE
from xinzhi.catalog.importing import preview_file
from xinzhi.catalog.importing.mapping import EXTRA, OWNER, fields_of
from xinzhi.catalog.pages.fields import spec_map
from xinzhi.common.permissions import require
from xinzhi.common.web import uploads
from xinzhi.common.web.csrf import CheckedForm, checked_form
from xinzhi.common.web.deps import DbDep, HueyDep, PrincipalDep, SettingsDep
from xinzhi.common.web.i18n import Translator
from xinzhi.common.web.render import flash, page, redirect, translator
from xinzhi.core import jobs
from xinzhi.core.errors import XinzhiError
from xinzhi.core.security import Principal

router = APIRouter(include_in_schema=False)
SAMPLES = 3
# Room for the multipart envelope and the other fields around the file itself.
FORM_OVERHEAD = 64 * 1024


async def upload_form(request: Request) -> FormData:
    """The upload form, refused before it is read when its declared size is over the limit."""
    settings = request.app.state.settings
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > uploads.limit_bytes(settings) + FORM_OVERHEAD:
        limit = settings.import_max_upload_mb
        raise HTTPException(413, f"the file is larger than the {limit} MB upload limit")
    return await checked_form(request)


UploadForm = Annotated[FormData, Depends(upload_form)]


def _upload_page(
    request: Request, *, entity: str = "", error: str = "", status: int = 200
) -> Response:
    settings = request.app.state.settings
    context = {
        "entities": [ENTITIES[name] for name in IMPORTABLE],
        "selected": entity,
        "max_mb": settings.import_max_upload_mb,
        "suffixes": ",".join(uploads.SUFFIXES),
        "error": error,
    }
    return page(request, "import_upload.html", context, status=status)


def target_label(entity: str, target: str, t: Translator) -> str:
    if target == EXTRA:
        return t("import.keep_extra")
    if target == OWNER:
        return t("import.owner")
    spec = spec_map(ENTITIES[entity].create).get(target)
    return spec.label(t) if spec else target


def _columns(preview: dict[str, Any], mapping: dict[str, str]) -> list[dict[str, Any]]:
    suggested = preview["suggested_mapping"]
    return [
        {
            "index": i,
            "header": header,
            "target": mapping.get(header) or suggested.get(header) or EXTRA,
            "samples": [r.get(header) for r in preview["rows"][:SAMPLES] if r.get(header)],
        }
        for i, header in enumerate(preview["headers"])
    ]


def problems(preview: dict[str, Any], columns: list[dict[str, Any]], t: Translator) -> list[str]:
    """What would make the import fail at once: a field fed twice, a required field unfed."""
    entity = preview["entity"]
    found: list[str] = []
    seen: dict[str, str] = {}
    for col in columns:
        target = col["target"]
        if target != EXTRA and target in seen:
            label = target_label(entity, target, t)
            found.append(t("import.double", a=seen[target], b=col["header"], field=label))
        seen.setdefault(target, col["header"])
    for name in preview["required_missing"]:
        found.append(t("import.required_missing", field=target_label(entity, name, t)))
    return found


def _preview_page(
    request: Request,
    upload: uploads.Upload,
    mapping: dict[str, str],
    *,
    options: dict[str, bool] | None = None,
    status: int = 200,
) -> Response:
    t = translator(request)
    settings = request.app.state.settings
    try:
        preview = preview_file(upload.path(settings), upload.entity, mapping or None, settings)
    except XinzhiError as exc:
        return _upload_page(request, entity=upload.entity, error=exc.message, status=422)
    columns = _columns(preview, mapping)
    targets = [EXTRA, *fields_of(upload.entity)]
    context = {
        "upload": upload,
        "entity": ENTITIES[upload.entity],
        "preview": preview,
        "columns": columns,
        "targets": [(name, target_label(upload.entity, name, t)) for name in targets],
        "problems": problems(preview, columns, t),
        "options": options or {"skip_invalid": False, "dry_run": False},
    }
    return page(request, "import_preview.html", context, status=status)


def mapping_from(form: FormData) -> dict[str, str]:
    """``{header: field}`` from the preview form's ``source-N`` / ``target-N`` pairs."""
    mapping: dict[str, str] = {}
    for key, value in form.multi_items():
        if key.startswith("source-") and isinstance(value, str):
            target = form.get("target-" + key.removeprefix("source-"))
            if isinstance(target, str) and target:
                mapping[value] = target
    return mapping


def _options(form: FormData) -> dict[str, bool]:
    return {name: form.get(name) == "on" for name in ("skip_invalid", "dry_run")}


def _staff(principal: Principal) -> Principal:
    require(principal, access.IMPORT)
    return principal


@router.get("/import", name="import")
def upload_page(request: Request, principal: PrincipalDep) -> Response:
    _staff(principal)
    return _upload_page(request)


@router.post("/import")
def upload(
    request: Request, principal: PrincipalDep, settings: SettingsDep, form: UploadForm
) -> Response:
    _staff(principal)
    t = translator(request)
    entity = str(form.get("entity") or "")
    file = form.get("file")
    if entity not in IMPORTABLE:
        return _upload_page(request, error=t("import.entity_missing"), status=422)
    if not isinstance(file, UploadFile) or not file.filename:
        return _upload_page(request, entity=entity, error=t("import.no_file"), status=422)
    try:
        saved = uploads.save(settings, file.file, file.filename, entity, principal)
    except uploads.UploadRefused as exc:
        message = t(exc.key, **exc.params)
        return _upload_page(request, entity=entity, error=message, status=exc.status)
    return redirect(f"/import/{saved.id}")


@router.get("/import/{upload_id}", name="import.preview")
def preview(
    request: Request, principal: PrincipalDep, settings: SettingsDep, upload_id: str
) -> Response:
    upload_ = uploads.load(settings, upload_id, _staff(principal))
    return _preview_page(request, upload_, {})


@router.post("/import/{upload_id}/preview")
def repreview(
    request: Request,
    principal: PrincipalDep,
    settings: SettingsDep,
    upload_id: str,
    form: CheckedForm,
) -> Response:
    upload_ = uploads.load(settings, upload_id, _staff(principal))
    return _preview_page(request, upload_, mapping_from(form), options=_options(form))


@router.post("/import/{upload_id}/run")
def run(
    request: Request,
    db: DbDep,
    huey: HueyDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    upload_id: str,
    form: CheckedForm,
) -> Response:
    """Check the mapping once more, then hand the import to the job queue."""
    upload_ = uploads.load(settings, upload_id, _staff(principal))
    mapping, options = mapping_from(form), _options(form)
    t = translator(request)
    preview_ = preview_file(upload_.path(settings), upload_.entity, mapping or None, settings)
    if problems(preview_, _columns(preview_, mapping), t):
        return _preview_page(request, upload_, mapping, options=options, status=422)
    params = {
        "entity": upload_.entity,
        "path": str(upload_.path(settings)),
        "source": upload_.name,
        "mapping": mapping,
        **options,
    }
    job_id = jobs.submit(db, huey, "catalog.import", params, principal)
    flash(request, "job.submitted")
    return redirect(f"/jobs/{job_id}")
