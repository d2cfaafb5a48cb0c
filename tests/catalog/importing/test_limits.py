"""Import files cannot take the server down: compression ratio, uncompressed size, rows and
sheets are limited by settings, and over a limit nothing is written (issue #12)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import openpyxl
import pytest

from tests.catalog.importing.helpers import count, run, write_csv
from xinzhi.catalog.importing import preview_file
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database, open_database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.settings import Settings


def _db(settings: Settings, db: Database, **limits: object) -> Database:
    """The test's database opened with other import limits."""
    return open_database(settings.model_copy(update=limits))


def test_a_gzip_bomb_stops_at_the_ratio(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bomb.csv.gz"
    with gzip.open(path, "wb") as fh:  # ~20 MiB of one byte: compresses ~1000×
        fh.write("需求名称\n".encode())
        for _ in range(20):
            fh.write(b"a" * (1 << 20))
    assert path.stat().st_size < 100_000
    with pytest.raises(InvalidInput, match="import_max_compression_ratio"):
        run(db, "demands", path)
    assert count(db, Demand) == 0


def test_the_uncompressed_size_rows_and_sheets_are_limited(
    settings: Settings, db: Database, tmp_path: Path
) -> None:
    text = "需求名称\n" + "".join(f"需求{i}\n" for i in range(30))
    csv_path = write_csv(tmp_path / "d.csv", text)
    strict = _db(settings, db, import_max_rows=20)
    with pytest.raises(InvalidInput, match="import_max_rows"):
        run(strict, "demands", csv_path)
    json_path = tmp_path / "d.json"
    json_path.write_text(json.dumps([{"需求名称": f"需求{i}"} for i in range(30)]), "utf-8")
    with pytest.raises(InvalidInput, match="import_max_rows"):
        run(strict, "demands", json_path)
    gz = tmp_path / "d.csv.gz"
    gz.write_bytes(gzip.compress(("需求名称\n" + "很长的一行需求内容\n" * 100_000).encode()))
    tiny = _db(settings, db, import_max_uncompressed_mb=1, import_max_compression_ratio=1e9)
    with pytest.raises(InvalidInput, match="import_max_uncompressed_mb"):
        run(tiny, "demands", gz)
    book = openpyxl.Workbook()
    book.active.append(["需求名称"])  # type: ignore[union-attr]
    book.active.append(["一个需求"])  # type: ignore[union-attr]
    for i in range(4):
        book.create_sheet(f"s{i}")
    xlsx = tmp_path / "d.xlsx"
    book.save(xlsx)
    with pytest.raises(InvalidInput, match="import_max_sheets"):
        run(_db(settings, db, import_max_sheets=3), "demands", xlsx)
    assert run(strict, "demands", xlsx).counts.created == 1  # within every limit
    assert count(db, Demand) == 1


def test_a_preview_reads_the_first_rows_only(tmp_path: Path) -> None:
    buffer = io.StringIO()
    buffer.write("需求名称\n" + "".join(f"需求{i}\n" for i in range(5000)))
    path = write_csv(tmp_path / "many.csv", buffer.getvalue())
    preview = preview_file(path, "demands")
    assert preview["more_rows"] and 1000 <= preview["total_rows"] < 5000
    assert preview["rows"][0] == {"需求名称": "需求0"}
