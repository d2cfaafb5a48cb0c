"""Read an import file into a :class:`Table`: headers, data rows and where each row came from.

Accepts .csv, .tsv, .txt, .json and .xlsx, each optionally gzip-compressed (``.csv.gz``). Text is
decoded strictly: a byte-order mark wins, then UTF-8, then GB18030 (a superset of GBK and
GB2312, the encodings Chinese Excel writes). A file that none of them decodes is refused with the
encodings tried, never read with replacement characters.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zlib
from collections.abc import Sequence
from pathlib import Path

from xinzhi.catalog.importing.limits import current
from xinzhi.catalog.importing.quotes import stray_quote
from xinzhi.catalog.importing.table import IsHeader, RawRow, Table, tabulate
from xinzhi.catalog.importing.xlsx import read_xlsx
from xinzhi.core.errors import InvalidInput

TEXT_FORMATS = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".json": "json", ".xlsx": "xlsx"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK_ENCODINGS = ("utf-8", "gb18030")
CHUNK = 1 << 20


def file_format(path: Path) -> tuple[str, bool]:
    """``(format, gzipped)`` from the file name; refuses formats we cannot read."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    suffix = Path(name[:-3] if gzipped else name).suffix
    if suffix == ".xls":
        raise InvalidInput(f"{path.name}: the old .xls format is not supported; save it as .xlsx")
    fmt = TEXT_FORMATS.get(suffix)
    if fmt is None:
        supported = ", ".join(sorted(TEXT_FORMATS))
        raise InvalidInput(f"{path.name}: unsupported file type; use one of {supported} (or .gz)")
    return fmt, gzipped


def read_bytes(path: Path, gzipped: bool) -> bytes:
    """The file's bytes (decompressed), refused past the import limits (``limits.py``)."""
    limits = current()
    try:
        compressed = path.stat().st_size
        if not gzipped:
            limits.check_size(path.name, compressed, 0)
            return path.read_bytes()
        out = bytearray()
        with gzip.open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                out += chunk
                limits.check_size(path.name, len(out), compressed)
        return bytes(out)
    except FileNotFoundError:
        raise InvalidInput(f"file not found: {path}") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InvalidInput(f"{path.name} is not a valid gzip file: {exc}") from None


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding)``; strict, so a wrongly guessed encoding can never garble a row."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as exc:
                raise _undecodable(name, (encoding,), exc) from None
    error: UnicodeDecodeError | None = None
    for encoding in FALLBACK_ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    raise _undecodable(name, FALLBACK_ENCODINGS, error) from None


def _undecodable(name: str, tried: Sequence[str], exc: UnicodeDecodeError) -> InvalidInput:
    return InvalidInput(
        f"{name}: cannot decode the text (tried {', '.join(tried)}, and UTF-8/UTF-16 "
        f"byte-order marks); first bad byte at offset {exc.start}. Save the file as UTF-8 "
        "(Excel: 另存为 → CSV UTF-8)"
    )


def read_table(path: Path, is_header: IsHeader) -> Table:
    """Read ``path`` into a :class:`Table`; ``is_header`` recognises known column headers."""
    fmt, gzipped = file_format(path)
    raw = read_bytes(path, gzipped)
    if fmt == "xlsx":
        return read_xlsx(raw, path.name, is_header)
    if not raw.strip():
        raise InvalidInput(f"{path.name} is empty")
    text, encoding = decode_text(raw, path.name)
    if fmt == "json":
        return _json_table(text, path.name, encoding)
    return _delimited_table(text, path.name, fmt, encoding, is_header)


def _delimited_table(text: str, name: str, fmt: str, encoding: str, is_header: IsHeader) -> Table:
    first_line = text.split("\n", 1)[0]
    tab = fmt == "tsv" or first_line.count("\t") > first_line.count(",")
    delimiter = "\t" if tab else ","
    # A single cell may legitimately hold megabytes (a pasted specification); the csv module's
    # default limit of 131,072 characters would abort the whole file, so it is raised here and
    # over-long cells are reported per row against import_max_cell_chars instead.
    csv.field_size_limit(2**31 - 1)
    # strict: a quote left open no longer swallows the rest of the file into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    raw_rows: list[RawRow] = []
    last_line = 0  # the physical line the last complete record ended on
    limits = current()
    try:
        for i, row in enumerate(reader, start=1):
            raw_rows.append((i, row))
            last_line = reader.line_num
            if i > limits.max_rows:  # the header row is one of them: one row of slack
                limits.check_rows(name, i - 1)
            if limits.stop_after and i >= limits.stop_after:
                break
    except csv.Error as exc:
        raise stray_quote(text, name, delimiter, raw_rows, last_line, exc) from None
    table = tabulate(raw_rows, is_header, "tsv" if tab else "csv")
    table.encoding = encoding
    table.truncated = bool(limits.stop_after) and len(raw_rows) >= (limits.stop_after or 0)
    return table


def _json_table(text: str, name: str, encoding: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidInput(f"{name}: JSON 嵌套层数过多 (nested too deeply)") from None
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        data = data["records"]
    if not isinstance(data, list):
        raise InvalidInput(f'{name}: expected a list of objects or {{"records": [...]}}')
    current().check_rows(name, len(data))
    headers: dict[str, None] = {}
    for i, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise InvalidInput(f"{name}: record {i} is not an object")
        headers.update(dict.fromkeys(str(k) for k in record))
    names = list(headers)
    rows = [(i, [rec.get(h) for h in names]) for i, rec in enumerate(data, start=1)]
    return Table(headers=names, rows=rows, header_row=0, format="json", encoding=encoding)
