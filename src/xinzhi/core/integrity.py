"""A constraint the database refused, told as the caller's mistake with the field named.

Services check what they can before writing (a record that exists, a unique name), but the
database has the last word: a foreign key to a deleted row, two writers racing for one unique
key. Both SQLite and PostgreSQL report these as ``IntegrityError`` with different wording; this
module reads either and returns the matching error of our family (``Conflict`` 409 for a
duplicate, ``InvalidInput`` 422 for a missing reference, an empty required value or a failed
check), so no such request answers 500. The unit of work has rolled back by then.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.exc import IntegrityError

from xinzhi.core.errors import Conflict, InvalidInput, XinzhiError
from xinzhi.core.models import Base

# PostgreSQL: DETAIL:  Key (organisation_id)=(7) is not present in table "organisations".
_PG_KEY = re.compile(r"Key \(([^)]*)\)=")
# SQLite: UNIQUE constraint failed: users.username, users.x / NOT NULL constraint failed: t.c
_SQLITE_COLUMNS = re.compile(r"constraint failed: ([\w., ]+)")
_PG_NOT_NULL = re.compile(r'null value in column "(\w+)"')
_STATEMENT = re.compile(r"^\s*(?:INSERT INTO|UPDATE)\s+\"?(\w+)\"?", re.IGNORECASE)
_SET_COLUMN = re.compile(r"(\w+)\s*=\s*\?")
_INSERT_COLUMNS = re.compile(r"^\s*INSERT INTO\s+\S+\s*\(([^)]*)\)", re.IGNORECASE)


def _kind(text: str) -> str:
    lowered = text.lower()
    for kind, marks in (
        ("foreign", ("foreign key",)),
        ("unique", ("unique", "duplicate key")),
        ("not_null", ("not null", "null value in column")),
    ):
        if any(mark in lowered for mark in marks):
            return kind
    return "check"


def _columns(text: str, exc: IntegrityError) -> list[str]:
    if found := _PG_KEY.search(text):
        return [c.strip() for c in found.group(1).split(",")]
    if found := _PG_NOT_NULL.search(text):
        return [found.group(1)]
    if found := _SQLITE_COLUMNS.search(text):
        return [c.strip().rsplit(".", 1)[-1] for c in found.group(1).split(",") if c.strip()]
    if _kind(text) == "foreign":  # SQLite does not say which key: name the ones given
        return _foreign_keys_given(exc)
    return []


def _foreign_keys_given(exc: IntegrityError) -> list[str]:
    """Foreign-key columns the refused INSERT/UPDATE set to a value (SQLite names none)."""
    statement = str(exc.statement or "")
    found = _STATEMENT.match(statement)
    table = Base.metadata.tables.get(found.group(1)) if found else None
    if table is None:
        return []
    params: Any = exc.params
    if isinstance(params, list) and params and isinstance(params[0], dict | tuple):
        params = params[0]
    if isinstance(params, tuple):  # positional: the INSERT's column list gives the names
        names = _INSERT_COLUMNS.search(statement)
        if names:
            listed = [n.strip().strip('"') for n in names.group(1).split(",")]
        else:  # UPDATE t SET a=?, b=? WHERE t.id = ?
            listed = _SET_COLUMN.findall(statement.split(" WHERE ", 1)[0])
        params = dict(zip(listed, params, strict=False))
    if not isinstance(params, dict):
        return []
    return [
        c.name
        for c in table.columns
        if c.foreign_keys and not c.primary_key and params.get(c.name) is not None
    ]


def integrity_error(exc: IntegrityError) -> XinzhiError:
    """The error to answer for a refused write: which constraint, which field(s)."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    kind = _kind(text)
    columns = _columns(text, exc)
    field = "、".join(columns) or "?"
    details = [{"field": c, "reason": _REASONS[kind]} for c in columns]
    message = _MESSAGES[kind].format(field=field)
    if kind == "unique":
        return Conflict(message, details=details)
    return InvalidInput(message, details=details)


_REASONS = {
    "foreign": "引用的记录不存在 (the referenced record does not exist)",
    "unique": "该值已被使用 (the value is already taken)",
    "not_null": "必填项为空 (required value is empty)",
    "check": "取值不符合要求 (the value breaks a rule)",
}
_MESSAGES = {
    "foreign": "字段 {field} 引用的记录不存在，请先确认编号 (field {field} refers to a record "
    "that does not exist)",
    "unique": "字段 {field} 的值已存在，请换一个 (a record with this {field} already exists)",
    "not_null": "字段 {field} 为必填项 (field {field} is required)",
    "check": "字段 {field} 的取值不符合要求 (the value of {field} breaks a rule)",
}
