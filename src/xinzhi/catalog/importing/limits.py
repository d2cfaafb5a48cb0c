"""What an import file may weigh: compressed ratio, uncompressed size, rows, sheets.

Without limits a 1 MiB .gz expanded to 7.7 GB in memory (issue #12). The limits are settings
(docs/settings.md, ``import_max_*``); :func:`use_limits` makes them the ones every reader of
this import honours — the CSV, JSON and Excel readers here, the patent format readers and the
enterprise profile reader — without threading them through each reader's signature. Outside
``use_limits`` the defaults apply. Over a limit, the import stops before the file is in memory,
with a message saying which limit and the setting that raises it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings

MIB = 1 << 20


@dataclass(frozen=True)
class ImportLimits:
    max_ratio: float = 100.0
    max_bytes: int = 1024 * MIB
    max_rows: int = 1_000_000
    max_sheets: int = 50
    stop_after: int | None = None  # a preview reads this many rows and stops (no error)

    @classmethod
    def of(cls, settings: Settings) -> ImportLimits:
        return cls(
            max_ratio=settings.import_max_compression_ratio,
            max_bytes=settings.import_max_uncompressed_mb * MIB,
            max_rows=settings.import_max_rows,
            max_sheets=settings.import_max_sheets,
        )

    def check_size(self, name: str, size: int, compressed: int) -> None:
        """Refuse ``size`` uncompressed bytes (from ``compressed`` bytes on disk)."""
        if size > self.max_bytes:
            mb = self.max_bytes // MIB
            raise InvalidInput(
                f"{name}: 解压后超过 {mb} MiB，已停止读取 (more than {mb} MiB uncompressed; "
                "setting import_max_uncompressed_mb)"
            )
        if compressed > 0 and size > 64 * 1024 and size / compressed > self.max_ratio:
            raise InvalidInput(
                f"{name}: 压缩比超过 {self.max_ratio:g} 倍，疑似压缩炸弹，已停止读取 (expands more "
                f"than {self.max_ratio:g}×; setting import_max_compression_ratio)"
            )

    def check_rows(self, name: str, rows: int) -> None:
        if rows > self.max_rows:
            raise InvalidInput(
                f"{name}: 超过 {self.max_rows:,} 行，请拆分文件 (more than {self.max_rows:,} rows; "
                "setting import_max_rows)"
            )

    def check_sheets(self, name: str, sheets: int) -> None:
        if sheets > self.max_sheets:
            raise InvalidInput(
                f"{name}: 工作表超过 {self.max_sheets} 个 (more than {self.max_sheets} worksheets; "
                "setting import_max_sheets)"
            )


DEFAULT = ImportLimits()
_CURRENT: ContextVar[ImportLimits | None] = ContextVar("import_limits", default=None)


def current() -> ImportLimits:
    return _CURRENT.get() or DEFAULT


@contextmanager
def use_limits(
    settings: Settings | None, *, stop_after: int | None = None
) -> Iterator[ImportLimits]:
    """Within the block, readers apply ``settings``' import limits; with ``stop_after`` they
    read that many rows only (the table is marked ``truncated``): a quick preview."""
    base = ImportLimits.of(settings) if settings is not None else DEFAULT
    token = _CURRENT.set(replace(base, stop_after=stop_after))
    try:
        yield current()
    finally:
        _CURRENT.reset(token)
