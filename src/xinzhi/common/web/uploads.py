"""Uploaded import files, kept under ``data_dir/uploads`` with a generated name.

The stored name is random (``<32 hex>.csv``) so a user-chosen name never becomes a path; a small
JSON sidecar keeps the original name, the record type and who uploaded it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from xinzhi.core.errors import NotFound
from xinzhi.core.models import Role
from xinzhi.core.security import Principal
from xinzhi.core.settings import Settings

SUFFIXES = (".xlsx", ".csv", ".tsv", ".json")
ID_LENGTH = 32
CHUNK = 1 << 20
MIB = 1 << 20


class UploadRefused(Exception):
    """The file cannot be accepted; ``key`` and ``params`` name the message shown to the user."""

    def __init__(self, key: str, status: int = 422, **params: object) -> None:
        super().__init__(key)
        self.key, self.status, self.params = key, status, params


@dataclass(frozen=True)
class Upload:
    id: str
    suffix: str
    name: str
    entity: str
    user_id: int | None
    size: int

    def path(self, settings: Settings) -> Path:
        return uploads_dir(settings) / f"{self.id}{self.suffix}"


def uploads_dir(settings: Settings) -> Path:
    path = settings.data_dir / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def limit_bytes(settings: Settings) -> int:
    return settings.import_max_upload_mb * MIB


def suffix_of(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused("import.bad_type", suffix=suffix or filename)
    return suffix


def save(
    settings: Settings, source: BinaryIO, filename: str, entity: str, principal: Principal
) -> Upload:
    """Copy ``source`` to a new upload, refusing unknown types, empty files and oversize ones."""
    suffix = suffix_of(filename)
    upload_id = secrets.token_hex(ID_LENGTH // 2)
    target = uploads_dir(settings) / f"{upload_id}{suffix}"
    size = _copy(source, target, limit_bytes(settings), settings.import_max_upload_mb)
    if size == 0:
        target.unlink()
        raise UploadRefused("import.empty_file")
    upload = Upload(upload_id, suffix, PurePath(filename).name, entity, principal.user_id, size)
    _sidecar(settings, upload_id).write_text(json.dumps(asdict(upload)), encoding="utf-8")
    return upload


def _copy(source: BinaryIO, target: Path, limit: int, mb: int) -> int:
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink()
                raise UploadRefused("import.too_large", status=413, mb=mb)
            out.write(chunk)
    return size


def _sidecar(settings: Settings, upload_id: str) -> Path:
    return uploads_dir(settings) / f"{upload_id}.upload.json"


def load(settings: Settings, upload_id: str, principal: Principal) -> Upload:
    """The upload ``upload_id`` if it exists and ``principal`` made it (admins see all)."""
    valid = len(upload_id) == ID_LENGTH and all(c in "0123456789abcdef" for c in upload_id)
    meta = _sidecar(settings, upload_id) if valid else None
    if meta is None or not meta.is_file():
        raise NotFound(f"upload {upload_id} not found")
    upload = Upload(**json.loads(meta.read_text(encoding="utf-8")))
    if upload.user_id != principal.user_id and principal.role != Role.ADMIN:
        raise NotFound(f"upload {upload_id} not found")
    return upload


def original_name(settings: Settings, stored_path: str) -> str:
    """The name the user gave a stored upload (or the stored name when unknown)."""
    path = PurePath(stored_path)
    meta = uploads_dir(settings) / f"{path.stem}.upload.json"
    try:
        return str(json.loads(meta.read_text(encoding="utf-8"))["name"])
    except (OSError, ValueError, KeyError):
        return path.name
