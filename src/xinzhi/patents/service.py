"""The catalog's patents as a landscape table: one filtered query, the same SQL on SQLite and
PostgreSQL (no date functions in SQL: years are taken in pandas).

Filters: a keyword query through the catalog's full-text search, a province, and a range of
application years. The province of a patent is the stored one, else the one of its GB/T 2260
region code, else the one its address begins with (:mod:`xinzhi.patents.actors`); ``origin``
says whether the address is in the mainland, Hong Kong/Macao/Taiwan or abroad. Citations are
the ``patent_citations`` rows whose cited patent was resolved inside the corpus (``cited_id``),
restricted to the filtered set on both ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from xinzhi.catalog.entities import get_entity
from xinzhi.catalog.models import Patent, PatentCitation
from xinzhi.catalog.service import visibility
from xinzhi.core import search
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import Principal
from xinzhi.patents.actors import origin_of, provinces_of
from xinzhi.patents.aliases import canonical_lists
from xinzhi.patents.landscape import kind_of

COLUMNS: tuple[Any, ...] = (
    Patent.id,
    Patent.pub_no,
    Patent.title,
    Patent.app_date,
    Patent.pub_date,
    Patent.applicants,
    Patent.inventors,
    Patent.province,
    Patent.ipc_main,
    Patent.ipc,
    Patent.cpc,
    Patent.address,
    Patent.region_code,
)


@dataclass(frozen=True)
class PatentFilter:
    """Which patents: keyword query, province (as stored, e.g. 江苏) and application years."""

    q: str = ""
    province: str = ""
    year_from: int | None = None
    year_to: int | None = None

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in ("", None)}


def filtered(session: Session, principal: Principal, flt: PatentFilter) -> Select[Any]:
    """SELECT of the patents matching ``flt`` that ``principal`` may read."""
    if flt.year_from and flt.year_to and flt.year_from > flt.year_to:
        raise InvalidInput("the first application year is after the last")
    stmt: Select[Any] = select(*COLUMNS).where(visibility(get_entity("patents"), principal))
    if flt.q.strip():
        sub = search.match_subquery(session, "patents", flt.q)
        stmt = stmt.where(false()) if sub is None else stmt.join(sub, sub.c.entity_id == Patent.id)
    if flt.province:
        stmt = stmt.where(Patent.province == flt.province)
    if flt.year_from:
        stmt = stmt.where(Patent.app_date >= dt.date(flt.year_from, 1, 1))
    if flt.year_to:
        stmt = stmt.where(Patent.app_date <= dt.date(flt.year_to, 12, 31))
    return stmt


def _year(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.year.astype("Int64")


def patent_frame(session: Session, principal: Principal, flt: PatentFilter) -> pd.DataFrame:
    """The landscape table (see :mod:`xinzhi.patents.landscape`) of the filtered patents."""
    rows = session.execute(filtered(session, principal, flt).order_by(Patent.id)).all()
    raw = pd.DataFrame(rows, columns=[c.key for c in COLUMNS])
    ipc = [
        [main, *(c for c in codes or [] if c != main)] if main else list(codes or [])
        for main, codes in zip(raw["ipc_main"], raw["ipc"], strict=True)
    ]
    province, source = provinces_of(raw["province"], raw["region_code"], raw["address"])
    address = raw["address"].fillna("").astype(str)
    origins = {a: origin_of(a) for a in address.unique()}
    return pd.DataFrame(
        {
            "id": raw["id"].astype("int64"),
            "pub_no": raw["pub_no"],
            "title": raw["title"].fillna(""),
            "app_year": _year(raw["app_date"]),
            "pub_year": _year(raw["pub_date"]),
            "applicants": pd.Series(canonical_lists(session, raw["applicants"]), dtype=object),
            "inventors": raw["inventors"],
            "ipc": pd.Series(ipc, dtype=object),
            "cpc": raw["cpc"],
            "province": province,
            "province_source": source,
            "origin": address.map(origins),
            "kind": raw["pub_no"].map(kind_of),
        }
    )


def citation_frame(session: Session, principal: Principal, flt: PatentFilter) -> pd.DataFrame:
    """(citing_id, cited_id) pairs with both ends in the filtered set."""
    ids = filtered(session, principal, flt).with_only_columns(Patent.id).scalar_subquery()
    stmt = select(PatentCitation.citing_id, PatentCitation.cited_id).where(
        PatentCitation.cited_id.is_not(None),
        PatentCitation.citing_id.in_(ids),
        PatentCitation.cited_id.in_(ids),
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=["citing_id", "cited_id"])
