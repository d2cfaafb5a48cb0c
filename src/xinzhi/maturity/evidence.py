"""Evidence files: stored once by content under ``data_dir/maturity/evidence`` with SHA-256.

The stored name is the file's SHA-256 (``ab/ab12….pdf``), never a user-chosen name, so a name
cannot become a path and the same file uploaded twice is kept once. The original name, size and
hash are kept in ``trl_evidence``; :func:`verify` re-hashes a stored file.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.core.settings import Settings

SUFFIXES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".txt", ".md", ".ppt", ".pptx",
    ".png", ".jpg", ".jpeg", ".zip", ".json",
)  # fmt: skip
CHUNK = 1 << 20
MIB = 1 << 20
ROOT = PurePath("maturity", "evidence")


@dataclass(frozen=True)
class StoredFile:
    filename: str
    stored_path: str
    sha256: str
    size: int


def evidence_dir(settings: Settings) -> Path:
    path = settings.data_dir / ROOT
    path.mkdir(parents=True, exist_ok=True)
    return path


def suffix_of(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        allowed = " ".join(SUFFIXES)
        raise InvalidInput(
            f"证据文件类型不支持 evidence type {suffix or filename!r}; use: {allowed}"
        )
    return suffix


def store(settings: Settings, source: BinaryIO, filename: str) -> StoredFile:
    """Copy ``source`` into the evidence store, refusing unknown types, empty and oversize files."""
    name = PurePath(filename.replace("\\", "/")).name
    suffix = suffix_of(name)
    limit = settings.maturity_evidence_max_mb * MIB
    directory = evidence_dir(settings)
    partial = directory / f".upload-{secrets.token_hex(8)}"
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    mb = settings.maturity_evidence_max_mb
                    raise InvalidInput(f"证据文件过大 evidence file larger than {mb} MiB")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise InvalidInput(f"证据文件为空 evidence file {name!r} is empty")
        sha = digest.hexdigest()
        relative = ROOT / sha[:2] / f"{sha}{suffix}"
        target = settings.data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            partial.unlink()
        else:
            partial.replace(target)
    finally:
        if partial.exists():
            partial.unlink()
    return StoredFile(filename=name, stored_path=relative.as_posix(), sha256=sha, size=size)


def path_of(settings: Settings, stored_path: str) -> Path:
    """The file behind ``stored_path``; refuses anything outside the evidence store."""
    relative = PurePath(stored_path)
    if relative.is_absolute() or ".." in relative.parts or relative.parts[:2] != ROOT.parts:
        raise NotFound("evidence file not found")
    path = settings.data_dir / relative
    if not path.is_file():
        raise NotFound("evidence file not found")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify(settings: Settings, stored_path: str, sha256: str) -> bool:
    """Whether the stored file still has the hash recorded when it was uploaded."""
    try:
        return sha256_of(path_of(settings, stored_path)) == sha256
    except NotFound:
        return False
