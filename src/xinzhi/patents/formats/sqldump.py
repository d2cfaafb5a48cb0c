"""A MySQL/Navicat dump (``CREATE TABLE`` + ``INSERT INTO … VALUES``) read as a table.

Chinese patent databases are often handed over as such dumps (the 专利总表 of
``cn_patent_export_sample.sql``). The column names come from ``CREATE TABLE`` (or from an
``INSERT``'s own column list), every value tuple is a row; its row number is the 1-based
position of the tuple in the file. Strings follow MySQL's escapes (``\\'``, ``''``, ``\\n``,
``\\t``, ``\\\\``, ``\\0``, ``\\Z``); ``NULL`` is an empty cell; numbers are numbers (an
8-digit 申请日 such as ``20221202`` then reads as a date). A dump holding rows of more than one
table is refused: export one table per file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from xinzhi.catalog.importing.readers import decode_text, read_bytes
from xinzhi.catalog.importing.table import IsHeader, Table
from xinzhi.core.errors import InvalidInput

_IDENT = r"`((?:[^`]|``)+)`|\"([^\"]+)\"|([\w\u0080-\uffff]+)"
_CREATE = re.compile(rf"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:{_IDENT})\s*\(", re.I)
_INSERT = re.compile(
    rf"INSERT\s+(?:IGNORE\s+)?INTO\s+(?:{_IDENT})\s*(\([^)]*\))?\s*VALUES\s*", re.I
)
_COLUMN = re.compile(rf"^\s*(?:{_IDENT})\s+\w", re.I)
_NOT_COLUMN = re.compile(
    r"^\s*(PRIMARY|KEY|UNIQUE|INDEX|CONSTRAINT|FULLTEXT|SPATIAL|FOREIGN|CHECK)\b", re.I
)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRINGS = {
    "'": re.compile(r"'((?:[^'\\]|\\.|'')*)'", re.S),
    '"': re.compile(r'"((?:[^"\\]|\\.|"")*)"', re.S),
}
_ESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "Z": "\x1a", "b": "\b"}


def _name(match: re.Match[str], start: int = 1) -> str:
    a, b, c = match.group(start), match.group(start + 1), match.group(start + 2)
    return (a.replace("``", "`") if a is not None else b or c or "").strip()


def _columns_of_create(text: str, start: int) -> tuple[list[str], int]:
    """Column names of the CREATE TABLE body starting at ``start`` (after its '(')."""
    depth, i, parts, current = 1, start, [], []
    while i < len(text) and depth:
        ch = text[i]
        if ch in "'\"`":
            end = text.index(ch, i + 1)
            current.append(text[i : end + 1])
            i = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                break
        if ch == "," and depth == 1:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    columns = []
    for part in parts:
        if _NOT_COLUMN.match(part):
            continue
        match = _COLUMN.match(part)
        if match:
            columns.append(_name(match))
    return columns, i


def _string(text: str, i: int) -> tuple[str, int]:
    """A quoted string starting at ``text[i]`` (the quote); returns (value, index after it)."""
    match = _STRINGS[text[i]].match(text, i)
    if match is None:
        raise InvalidInput("unterminated string in the SQL dump")
    quote = text[i]
    body = match.group(1).replace(quote * 2, quote)
    if "\\" in body:
        body = _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
    return body, match.end()


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _unexpected(text: str, i: int, where: str) -> InvalidInput:
    return InvalidInput(f"unexpected {text[i : i + 20]!r} in {where} of the SQL dump")


def _value(text: str, i: int) -> tuple[Any, int]:
    """One value (string, NULL or number) at ``i``; returns it and the index after it."""
    if text[i] in "'\"":
        return _string(text, i)
    if text[i : i + 4].upper() == "NULL":
        return None, i + 4
    match = _NUMBER.match(text, i)
    if match is None:
        raise _unexpected(text, i, "a value")
    token = match.group(0)
    return (int(token) if re.fullmatch(r"-?\d+", token) else float(token)), match.end()


def _tuple(text: str, i: int) -> tuple[list[Any], int]:
    """The values of the tuple whose '(' is at ``i``; returns them and the index after ')'."""
    row: list[Any] = []
    i += 1
    while True:
        value, i = _value(text, _skip_spaces(text, i))
        row.append(value)
        i = _skip_spaces(text, i)
        if i < len(text) and text[i] == ")":
            return row, i + 1
        if i >= len(text) or text[i] != ",":
            raise _unexpected(text, i, "a value list")
        i += 1


def _tuples(text: str, i: int) -> tuple[list[list[Any]], int]:
    """The ``(…), (…)`` tuples of one INSERT from ``i``; returns them and the index after ';'."""
    rows: list[list[Any]] = []
    while (i := _skip_spaces(text, i)) < len(text) and text[i] != ";":
        if text[i] == ",":
            i += 1
        elif text[i] == "(":
            row, i = _tuple(text, i)
            rows.append(row)
        else:
            raise _unexpected(text, i, "an INSERT")
    return rows, i + 1


def read_sql_dump(path: Path, is_header: IsHeader) -> Table:
    """The rows of the one table a dump inserts into, under its column names."""
    gzipped = path.name.lower().endswith(".gz")
    raw = read_bytes(path, gzipped)
    if not raw.strip():
        raise InvalidInput(f"{path.name} is empty")
    text, encoding = decode_text(raw, path.name)
    creates: dict[str, list[str]] = {}
    for match in _CREATE.finditer(text):
        creates[_name(match)] = _columns_of_create(text, match.end())[0]
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    pos = 0
    while (insert := _INSERT.search(text, pos)) is not None:
        table = _name(insert)
        listed = insert.group(4)
        columns = (
            [c.strip().strip('`"') for c in listed[1:-1].split(",")]
            if listed
            else creates.get(table)
        )
        if not columns:
            raise InvalidInput(
                f"{path.name}: INSERT INTO {table} without a column list or a CREATE TABLE"
            )
        rows, pos = _tuples(text, insert.end())
        known = tables.setdefault(table, (columns, []))
        if known[0] != columns:
            raise InvalidInput(f"{path.name}: INSERTs into {table} with different column lists")
        known[1].extend(rows)
    if not tables:
        raise InvalidInput(f"{path.name}: no INSERT INTO … VALUES statements found")
    if len(tables) > 1:
        raise InvalidInput(
            f"{path.name}: rows of several tables ({', '.join(tables)}); export one table per file"
        )
    name, (columns, rows) = next(iter(tables.items()))
    out = Table(headers=list(columns), rows=[], header_row=0, format="sql", encoding=encoding)
    width = len(columns)
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            out.cell_errors[(number, 0)] = (
                f"the INSERT tuple has {len(row)} values for {width} columns"
            )
        out.rows.append((number, (row + [None] * width)[:width]))
    out.notes.append(f"SQL dump: table {name}, {len(rows)} rows")
    del is_header
    return out
