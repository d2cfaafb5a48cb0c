"""Province × year panels from CSV or Excel, wide (one column per indicator) or long
(region, year, indicator, value), with region names cleaned to GB/T 2260 codes.

The result is indexed by (code, year) with one float column per indicator, so every kernel can
take it as is and a global (pooled) normalisation spans the whole panel.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from xinzhi.catalog.importing.limits import current
from xinzhi.catalog.importing.xlsx import check_package
from xinzhi.common.regions import Cleaning, clean_regions
from xinzhi.core.errors import InvalidInput

REGION_COLUMNS = (
    "region",
    "province",
    "code",
    "region_code",
    "省份",
    "地区",
    "省",
    "REGION CODE",
    "ID",
)
YEAR_COLUMNS = ("year", "years", "年份", "年度", "YEAR")
INDICATOR_COLUMNS = ("variables", "variable", "indicator", "指标", "变量")
VALUE_COLUMNS = ("value", "数值", "值")
READERS = {".csv": "csv", ".tsv": "csv", ".xlsx": "excel", ".xls": "excel"}


@dataclass(frozen=True)
class Panel:
    """A cleaned panel: ``data`` indexed by (code, year); how names were read; the source."""

    data: pd.DataFrame
    cleaning: Cleaning
    layout: str
    source: str = ""
    sha256: str = ""
    duplicates_dropped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return sorted(set(self.data.index.get_level_values("code")))

    @property
    def years(self) -> list[int]:
        return sorted({int(y) for y in self.data.index.get_level_values("year")})


def read_panel(path: Path) -> Panel:
    """Read ``path`` (CSV, TSV or xlsx), detect wide or long layout and clean region names."""
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(f"{path.name}: panel files must be CSV, TSV or xlsx")
    if not path.is_file():
        raise InvalidInput(f"panel file not found: {path}")
    raw = path.read_bytes()
    limits = current()  # the import limits (a panel is an import file too)
    limits.check_size(path.name, len(raw), 0)
    if kind == "excel":
        check_package(raw, path.name)
        frame = pd.read_excel(path)
    else:
        frame = pd.read_csv(
            path, sep="\t" if path.suffix.lower() == ".tsv" else ",", encoding="utf-8-sig"
        )
    limits.check_rows(path.name, len(frame))
    panel = panel_from_frame(frame)
    return Panel(
        panel.data,
        panel.cleaning,
        panel.layout,
        path.name,
        hashlib.sha256(raw).hexdigest(),
        panel.duplicates_dropped,
        panel.notes,
    )


def panel_from_frame(frame: pd.DataFrame) -> Panel:
    """A :class:`Panel` from a DataFrame in wide or long layout."""
    region = _find(frame, REGION_COLUMNS, "region (province)")
    year = _find(frame, YEAR_COLUMNS, "year")
    indicator = _find(frame, INDICATOR_COLUMNS, None)
    value = _find(frame, VALUE_COLUMNS, None)
    if indicator and value:
        return _long(frame, region, year, indicator, value)
    return _wide(frame, region, year)


def _find(frame: pd.DataFrame, names: tuple[str, ...], what: str | None) -> str | None:
    lowered = {str(c).strip().casefold(): str(c) for c in frame.columns}
    for name in names:
        if name.casefold() in lowered:
            return lowered[name.casefold()]
    if what is None:
        return None
    raise InvalidInput(
        f"no {what} column found; name it one of: {', '.join(names)} "
        f"(columns present: {', '.join(map(str, frame.columns[:12]))})"
    )


def _with_codes(frame: pd.DataFrame, region: str, year: str) -> tuple[pd.DataFrame, Cleaning]:
    cleaning = clean_regions(frame[region])
    names = frame[region].astype(str)
    kept = frame[names.isin(list(cleaning.codes))].copy()
    kept["code"] = names[names.isin(list(cleaning.codes))].map(cleaning.codes)
    years = pd.to_numeric(kept[year], errors="coerce")
    if years.isna().any():
        bad = kept.loc[years.isna(), year].astype(str).unique()[:10]
        raise InvalidInput(f"year column has values that are not years: {', '.join(bad)}")
    kept["year"] = years.astype(int)
    return kept, cleaning


def _long(
    frame: pd.DataFrame, region: str | None, year: str | None, indicator: str, value: str
) -> Panel:
    assert region is not None and year is not None
    kept, cleaning = _with_codes(frame, region, year)
    kept[value] = pd.to_numeric(kept[value], errors="coerce")
    keys = ["code", "year", indicator]
    distinct = kept.drop_duplicates(subset=[*keys, value])
    clash = distinct[distinct.duplicated(subset=keys, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        raise InvalidInput(
            f"{clash[keys].drop_duplicates().shape[0]} (region, year, indicator) cell(s) have "
            f"conflicting values, e.g. {first['code']} {first['year']} {first[indicator]}",
            details=[
                {str(k): str(v) for k, v in row.items()}
                for row in clash[[region, "year", indicator, value]].head(20).to_dict("records")
            ],
        )
    data = distinct.pivot(index=["code", "year"], columns=indicator, values=value).sort_index()
    data.columns = [str(c) for c in data.columns]
    return Panel(data.astype(float), cleaning, "long", duplicates_dropped=len(kept) - len(distinct))


def _wide(frame: pd.DataFrame, region: str | None, year: str | None) -> Panel:
    assert region is not None and year is not None
    kept, cleaning = _with_codes(frame, region, year)
    duplicated = kept.duplicated(subset=["code", "year"], keep=False)
    if duplicated.any():
        pairs = kept.loc[duplicated, ["code", "year"]].drop_duplicates().head(10)
        listed = ", ".join(f"{c} {y}" for c, y in pairs.itertuples(index=False))
        raise InvalidInput(f"the same region and year appear on more than one row: {listed}")
    values = kept.drop(columns=[region, year, "code"]).set_index([kept["code"], kept["year"]])
    values = values.apply(pd.to_numeric, errors="coerce")
    values.index.names = ["code", "year"]
    values.columns = [str(c) for c in values.columns]
    return Panel(values.sort_index().astype(float), cleaning, "wide")
