"""A park's or region's portfolio: how many firms sit at each risk level, year by year, and an
Excel export of the same (one summary sheet, one sheet of firms × indicators)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from pydantic import BaseModel

from xinzhi.common.office import safe_row
from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.risk.indicators import LEVELS, RiskReport, assess_risk

COLUMNS = (*LEVELS, "unknown")


class YearCount(BaseModel):
    year: int
    counts: dict[str, int]


class Portfolio(BaseModel):
    firms: int
    trend: list[YearCount]
    latest: list[RiskReport]


def portfolio(
    profiles: list[EnterpriseProfile], years: list[int], as_of: dt.date | None = None
) -> Portfolio:
    """Risk levels per year (each year judged as of the end of the year after it, or ``as_of``
    for the latest) and the latest reports."""
    day = as_of or dt.date.today()
    trend: list[YearCount] = []
    latest: list[RiskReport] = []
    for year in sorted(years):
        when = min(day, dt.date(year + 1, 12, 31))
        reports = [assess_risk(p, year=year, as_of=when) for p in profiles]
        counts = Counter(r.level for r in reports)
        trend.append(YearCount(year=year, counts={c: counts.get(c, 0) for c in COLUMNS}))
        latest = reports
    return Portfolio(firms=len(profiles), trend=trend, latest=latest)


def to_xlsx(view: Portfolio) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(["年度", *COLUMNS])
    for row in view.trend:
        summary.append([row.year, *(row.counts[c] for c in COLUMNS)])
    firms = book.create_sheet("企业")
    ids = [i.id for i in view.latest[0].indicators] if view.latest else []
    firms.append(safe_row(["企业名称", "年度", "总体等级", *ids]))
    for report in view.latest:
        cells = [f"{i.level} ({i.value:g})" if i.value is not None else i.level
                 for i in report.indicators]  # fmt: skip
        firms.append(safe_row([report.enterprise, report.year, report.level, *cells]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
