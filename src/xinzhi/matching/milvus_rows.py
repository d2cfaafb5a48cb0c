"""How documents and filters are written for Milvus: tokens, rows and boolean expressions.

Pure translation between :class:`~xinzhi.matching.types.MatchDoc` / :class:`Filters` and what a
Milvus collection stores, tested without a server; :mod:`xinzhi.matching.milvus` talks to Milvus.

* Milvus Lite has no ``whitespace`` tokenizer; its ``standard`` one splits on ``\\w+`` and
  lowercases. Tokens are therefore stored encoded (:func:`encode_token`): a token that is a single
  lowercase run of word characters is kept, any other is written as ``_`` + its UTF-8 hex, which
  both analyzers keep whole. Encoding is one-to-one, so BM25 sees the same terms and counts.
* Milvus Lite returns BM25 hits with ``distance = -score`` (negative); a server returns the
  positive score. :func:`bm25_scores` makes larger-is-better in both cases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from xinzhi.matching.types import Filters, FloatMatrix, MatchDoc

EPOCH = dt.date(1970, 1, 1)
TRL_UNKNOWN = -1
ORG_UNKNOWN = -1
# Days since 1970 of any Python date lie in [-719162, 2932896]; -1 would be 1969-12-31.
DATE_UNKNOWN = -10_000_000
MAX_VARCHAR_BYTES = 65_535

_PLAIN_TOKEN = re.compile(r"[^\W_]+")
_PLAIN_TOKENS = re.compile(r"[^\W_]+(?: [^\W_]+)*")


def encode_token(token: str) -> str:
    """A token both Milvus analyzers keep as one term (see the module docstring)."""
    if _PLAIN_TOKEN.fullmatch(token) and token == token.lower():
        return token
    return "_" + token.encode("utf-8").hex()


def decode_token(term: str) -> str:
    return bytes.fromhex(term[1:]).decode("utf-8") if term.startswith("_") else term


def tokens_field(tokens: Sequence[str], max_bytes: int = MAX_VARCHAR_BYTES) -> str:
    """Space-joined encoded tokens; trailing tokens beyond the VARCHAR limit are dropped."""
    joined = " ".join(tokens)
    plain = joined.count(" ") == len(tokens) - 1 and _PLAIN_TOKENS.fullmatch(joined)
    if plain and joined == joined.lower() and len(joined.encode("utf-8")) <= max_bytes:
        return joined  # the common case: every token already plain, nothing to encode
    out: list[str] = []
    size = 0
    for token in tokens:
        if not token or token.isspace():
            continue
        term = encode_token(token)
        extra = len(term.encode("utf-8")) + (1 if out else 0)
        if size + extra > max_bytes:
            break
        out.append(term)
        size += extra
    return " ".join(out)


def clip_bytes(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes without splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")


def _literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _str_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_literal(v) for v in values) + "]"


def _like_prefix(prefix: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", prefix) + "%"


def _days(date: dt.date) -> int:
    return (date - EPOCH).days


def _range(name: str, low: int | None, high: int | None, unknown: int) -> list[str]:
    """``low <= name <= high`` where given; an unknown value never passes a bound."""
    if low is None and high is None:
        return []
    parts = [f"{name} != {unknown}"]
    if low is not None:
        parts.append(f"{name} >= {low}")
    if high is not None:
        parts.append(f"{name} <= {high}")
    return parts


def _visibility(visible_orgs: frozenset[int] | None) -> list[str]:
    if visible_orgs is None:
        return []
    orgs = sorted(int(o) for o in visible_orgs if o != ORG_UNKNOWN)
    if not orgs:
        return ["confidential == false"]
    return [f"(confidential == false or owner_org_id in {orgs})"]


def filter_expression(filters: Filters) -> str:
    """The Milvus boolean expression admitting exactly what ``filters.admits`` admits."""
    parts = [
        f"{name} in {_str_list(sorted(set(values)))}"
        for name, values in (
            ("entity_type", filters.entity_types),
            ("field", filters.fields),
            ("org_kind", filters.org_kinds),
            ("lang", filters.langs),
        )
        if values
    ]
    if filters.region_prefix:
        parts.append(f"region_code like {_literal(_like_prefix(filters.region_prefix))}")
    parts += _range("trl", filters.trl_min, filters.trl_max, TRL_UNKNOWN)
    date_from, date_to = filters.date_from, filters.date_to
    parts += _range(
        "date",
        None if date_from is None else _days(date_from),
        None if date_to is None else _days(date_to),
        DATE_UNKNOWN,
    )
    if filters.exclude_keys:
        parts.append(f"key not in {_str_list(sorted(filters.exclude_keys))}")
    parts += _visibility(filters.visible_orgs)
    return " and ".join(parts)


def bm25_scores(distances: Sequence[float]) -> list[float]:
    """BM25 hit distances as larger-is-better scores.

    Milvus Lite reports ``distance = -score`` (seen: -1.997 for the best hit, -0.894 next); a
    Milvus server reports the positive score. A matching document always has a score > 0 (the
    IDF ``log(1 + (N - df + 0.5) / (df + 0.5))`` is positive), so any negative distance means
    the Lite convention.
    """
    values = [float(d) for d in distances]
    if any(v < 0 for v in values):
        return [-v for v in values]
    return values


def doc_row(doc: MatchDoc, vector: FloatMatrix) -> dict[str, Any]:
    """The Milvus row for one document."""
    return {
        "key": doc.key,
        "entity_type": doc.entity_type,
        "title": clip_bytes(doc.title, 4_096),
        "text": clip_bytes(doc.text, MAX_VARCHAR_BYTES),
        "tokens": tokens_field(doc.tokens),
        "lang": doc.lang,
        "field": doc.field,
        "region_code": doc.region_code,
        "trl": TRL_UNKNOWN if doc.trl is None else int(doc.trl),
        "date": DATE_UNKNOWN if doc.date is None else _days(doc.date),
        "org_kind": doc.org_kind,
        "owner_org_id": ORG_UNKNOWN if doc.owner_org_id is None else int(doc.owner_org_id),
        "confidential": bool(doc.confidential),
        "content_hash": doc.content_hash,
        "vector": vector.tolist(),
    }


def row_doc(row: dict[str, Any]) -> MatchDoc:
    """The :class:`MatchDoc` a stored row describes (inverse of :func:`doc_row`)."""
    trl = int(row["trl"])
    date = int(row["date"])
    owner = int(row["owner_org_id"])
    tokens = str(row["tokens"])
    return MatchDoc(
        key=str(row["key"]),
        title=str(row["title"]),
        text=str(row["text"]),
        tokens=tuple(decode_token(t) for t in tokens.split(" ") if t),
        lang=str(row["lang"]),
        field=str(row["field"]),
        region_code=str(row["region_code"]),
        trl=None if trl == TRL_UNKNOWN else trl,
        date=None if date == DATE_UNKNOWN else EPOCH + dt.timedelta(days=date),
        org_kind=str(row["org_kind"]),
        owner_org_id=None if owner == ORG_UNKNOWN else owner,
        confidential=bool(row["confidential"]),
        content_hash=str(row["content_hash"]),
    )
