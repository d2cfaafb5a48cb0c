"""The embedded backend's document table: metadata as parallel columns and their filter masks.

:class:`Columns` is what ``docs.parquet`` holds (one row per stored document, dead rows kept
until compaction); :class:`ColumnArrays` turns it into NumPy arrays once per write so a
:class:`~xinzhi.matching.types.Filters` is a handful of vectorised comparisons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from xinzhi.core.errors import InvalidInput
from xinzhi.matching.types import Filters, MatchDoc

EPOCH = dt.date(1970, 1, 1)
NO_DATE = np.iinfo(np.int32).min


def _code(region: str, width: int) -> int:
    return int(region[:width]) if len(region) >= width and region[:width].isdigit() else -1


@dataclass
class Columns:
    """Metadata as parallel arrays, so a filter is a handful of vectorised comparisons."""

    keys: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)  # space-joined
    entity_type: list[str] = field(default_factory=list)
    field_: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)
    org_kind: list[str] = field(default_factory=list)
    trl: list[int] = field(default_factory=list)
    date: list[int] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    confidential: list[bool] = field(default_factory=list)
    content_hash: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # ";"-joined
    alive: list[bool] = field(default_factory=list)

    def append(self, doc: MatchDoc) -> None:
        self.keys.append(doc.key)
        self.titles.append(doc.title)
        self.tokens.append(" ".join(doc.tokens))
        self.entity_type.append(doc.entity_type)
        self.field_.append(doc.field)
        self.region.append(doc.region_code or "")
        self.lang.append(doc.lang)
        self.org_kind.append(doc.org_kind)
        self.trl.append(-1 if doc.trl is None else int(doc.trl))
        self.date.append(NO_DATE if doc.date is None else (doc.date - EPOCH).days)
        self.owner.append(-1 if doc.owner_org_id is None else int(doc.owner_org_id))
        self.confidential.append(bool(doc.confidential))
        self.content_hash.append(doc.content_hash)
        self.people.append(";".join(doc.people))
        self.alive.append(True)

    def doc(self, i: int) -> MatchDoc:
        date = self.date[i]
        return MatchDoc(
            key=self.keys[i],
            title=self.titles[i],
            text="",
            tokens=tuple(self.tokens[i].split()),
            lang=self.lang[i],
            field=self.field_[i],
            region_code=self.region[i],
            trl=None if self.trl[i] < 0 else self.trl[i],
            date=None if date == NO_DATE else EPOCH + dt.timedelta(days=int(date)),
            org_kind=self.org_kind[i],
            owner_org_id=None if self.owner[i] < 0 else self.owner[i],
            confidential=self.confidential[i],
            content_hash=self.content_hash[i],
            people=tuple(p for p in self.people[i].split(";") if p),
        )

    def table(self) -> pa.Table:
        return pa.table(
            {
                "key": self.keys,
                "title": self.titles,
                "tokens": self.tokens,
                "entity_type": self.entity_type,
                "field": self.field_,
                "region": self.region,
                "lang": self.lang,
                "org_kind": self.org_kind,
                "trl": pa.array(self.trl, pa.int16()),
                "date": pa.array(self.date, pa.int32()),
                "owner": pa.array(self.owner, pa.int64()),
                "confidential": self.confidential,
                "content_hash": self.content_hash,
                "people": self.people,
                "alive": self.alive,
            }
        )

    @classmethod
    def from_table(cls, table: pa.Table) -> Columns:
        d = table.to_pydict()
        return cls(
            keys=d["key"],
            titles=d["title"],
            tokens=d["tokens"],
            entity_type=d["entity_type"],
            field_=d["field"],
            region=d["region"],
            lang=d["lang"],
            org_kind=d["org_kind"],
            trl=d["trl"],
            date=d["date"],
            owner=d["owner"],
            confidential=d["confidential"],
            content_hash=d["content_hash"],
            people=d["people"],
            alive=d["alive"],
        )


class ColumnArrays:
    """NumPy views of the columns for filtering, rebuilt after writes."""

    def __init__(self, cols: Columns) -> None:
        self.n = len(cols.keys)
        self.alive = np.asarray(cols.alive, dtype=bool)
        self.trl = np.asarray(cols.trl, dtype=np.int16)
        self.date = np.asarray(cols.date, dtype=np.int32)
        self.owner = np.asarray(cols.owner, dtype=np.int64)
        self.confidential = np.asarray(cols.confidential, dtype=bool)
        self.cats: dict[str, tuple[list[str], npt.NDArray[np.int32]]] = {}
        for name, values in (
            ("entity_type", cols.entity_type),
            ("field", cols.field_),
            ("lang", cols.lang),
            ("org_kind", cols.org_kind),
        ):
            levels, codes = np.unique(np.asarray(values, dtype=object), return_inverse=True)
            self.cats[name] = ([str(v) for v in levels], codes.astype(np.int32))
        self.region = {
            w: np.asarray([_code(r, w) for r in cols.region], dtype=np.int32) for w in (2, 4, 6)
        }

    def _among(self, name: str, wanted: Sequence[str]) -> npt.NDArray[np.bool_]:
        levels, codes = self.cats[name]
        ids = [i for i, level in enumerate(levels) if level in set(wanted)]
        return np.isin(codes, ids)

    def mask(self, f: Filters, positions: dict[str, int]) -> npt.NDArray[np.bool_]:
        m = self.alive.copy()
        for name, wanted in (
            ("entity_type", f.entity_types),
            ("field", f.fields),
            ("lang", f.langs),
            ("org_kind", f.org_kinds),
        ):
            if wanted:
                m &= self._among(name, wanted)
        if f.region_prefix:
            m &= self._region(f.region_prefix)
        m &= _between(self.trl, f.trl_min, f.trl_max, unknown=-1)
        m &= _between(self.date, _days(f.date_from), _days(f.date_to), unknown=NO_DATE)
        if f.visible_orgs is not None:
            m &= ~self.confidential | np.isin(self.owner, list(f.visible_orgs))
        for key in f.exclude_keys:
            i = positions.get(key)
            if i is not None:
                m[i] = False
        return m

    def _region(self, prefix: str) -> npt.NDArray[np.bool_]:
        if len(prefix) not in self.region or not prefix.isdigit():
            raise InvalidInput(f"地区代码前缀应为 2、4 或 6 位数字: {prefix!r}")
        matches: npt.NDArray[np.bool_] = self.region[len(prefix)] == int(prefix)
        return matches


def _days(date: dt.date | None) -> int | None:
    return None if date is None else (date - EPOCH).days


def _between(
    values: npt.NDArray[Any], low: int | None, high: int | None, *, unknown: int
) -> npt.NDArray[np.bool_]:
    """``low ≤ v ≤ high`` where set; the ``unknown`` sentinel fails any set bound."""
    out = np.ones(len(values), dtype=bool)
    if low is not None:
        out &= values >= low
    if high is not None:
        out &= values <= high
    if low is not None or high is not None:
        out &= values != unknown
    return out
