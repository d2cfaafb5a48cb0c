"""The landscape over imported patents: counts checked against a direct count of the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import system_principal
from xinzhi.patents.analysis import bursts_of, lifecycle_of
from xinzhi.patents.landscape import hhi, kind_of, landscape
from xinzhi.patents.service import PatentFilter, citation_frame, patent_frame


def _file(wind_csv: Path) -> pd.DataFrame:
    return pd.read_csv(wind_csv, dtype=str, keep_default_na=False)


def test_yearly_counts_of_imported_wind_patents_match_the_file(
    wind_db: Database, wind_csv: Path
) -> None:
    raw = _file(wind_csv)
    with wind_db.read() as session:
        frame = patent_frame(session, system_principal(), PatentFilter())
        citations = citation_frame(session, system_principal(), PatentFilter())
    result = landscape(frame, citations)
    assert result.total == len(raw)
    by_app = raw["app_date"].str[:4].astype(int).value_counts()
    by_pub = raw["pub_date"].str[:4].astype(int).value_counts()
    table = result.by_year
    assert table["applications"][table["applications"] > 0].to_dict() == by_app.to_dict()
    assert table["publications"][table["publications"] > 0].to_dict() == by_pub.to_dict()
    provinces = raw["province_guess"][raw["province_guess"] != ""].value_counts()
    assert result.provinces == provinces.to_dict()
    assert result.kinds == {"invention": len(raw)}
    assert any("publication lag" in c for c in result.caveats)


def test_citations_count_only_links_resolved_inside_the_selection(wind_db: Database) -> None:
    with wind_db.read() as session:
        everything = citation_frame(session, system_principal(), PatentFilter())
        jiangsu = PatentFilter(province="江苏")
        frame = patent_frame(session, system_principal(), jiangsu)
        inside = citation_frame(session, system_principal(), jiangsu)
    assert len(everything) > 0
    ids = set(frame["id"])
    assert set(inside["citing_id"]) <= ids and set(inside["cited_id"]) <= ids
    summary = landscape(frame, inside).citations
    assert summary["links"] == len(inside)
    assert all(number.startswith("CN") for number in summary["most_cited"])


def test_filters_by_province_and_application_years(wind_db: Database, wind_csv: Path) -> None:
    raw = _file(wind_csv)
    expected = raw[
        (raw["province_guess"] == "江苏") & raw["app_date"].str[:4].between("2011", "2013")
    ]
    flt = PatentFilter(province="江苏", year_from=2011, year_to=2013)
    with wind_db.read() as session:
        frame = patent_frame(session, system_principal(), flt)
    assert len(frame) == len(expected)
    assert frame["app_year"].between(2011, 2013).all()


def test_keyword_query_uses_the_catalog_search(wind_db: Database) -> None:
    with wind_db.read() as session:
        frame = patent_frame(session, system_principal(), PatentFilter(q="风电"))
        none = patent_frame(session, system_principal(), PatentFilter(q="量子点"))
    assert len(frame) > 0
    assert len(none) == 0


def test_lifecycle_and_bursts_run_on_the_imported_patents(wind_db: Database) -> None:
    with wind_db.read() as session:
        frame = patent_frame(session, system_principal(), PatentFilter())
    result = lifecycle_of(frame, censored_years=2)
    assert result.best in {"logistic", "gompertz"}
    assert "inventors" in " ".join(result.notes)  # the file has no applicant column
    bursts = bursts_of(frame, "province", min_total=5)
    assert list(bursts.columns) == ["term", "start", "end", "weight"]
    assert (bursts["weight"] > 0).all()
    keywords = bursts_of(frame, "keyword", min_total=20, top=50)
    assert len(keywords) > 0
    assert not set(keywords["term"]) & {"一种", "方法", "装置"}


def test_reversed_year_range_is_refused(db: Database) -> None:
    with db.read() as session, pytest.raises(InvalidInput, match="after the last"):
        patent_frame(session, system_principal(), PatentFilter(year_from=2015, year_to=2012))


def test_hhi_is_one_for_a_monopoly_and_one_over_n_for_equal_shares() -> None:
    """Herfindahl–Hirschman index on shares (Hirschman 1964)."""
    assert hhi(pd.Series([10])) == 1.0
    assert hhi(pd.Series([5, 5, 5, 5])) == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("pub_no", "kind"),
    [("CN101934926A", "invention"), ("CN203123456U", "utility"), ("CN303123456S", "design")],
)
def test_kind_follows_the_cn_kind_code(pub_no: str, kind: str) -> None:
    assert kind_of(pub_no) == kind
