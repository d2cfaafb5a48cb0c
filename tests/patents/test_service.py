"""The landscape over imported patents: counts checked against a direct count of the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from xinzhi.common.regions import BY_CODE
from xinzhi.core.db import Database
from xinzhi.core.errors import InvalidInput
from xinzhi.core.security import system_principal
from xinzhi.patents.actors import province_from_address
from xinzhi.patents.analysis import bursts_of, lifecycle_of
from xinzhi.patents.landscape import (
    canonical_province,
    concentration_ratio,
    hhi,
    kind_of,
    landscape,
)
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
    # the file's province, else the province the address begins with (中国北京市…)
    from_address = raw["address"].map(
        lambda a: BY_CODE[c].short if (c := province_from_address(a)) else ""
    )
    stated = raw["province_guess"].where(raw["province_guess"] != "", from_address)
    # one name per province: 江苏 and 江苏省 are counted together as 江苏省
    expected = stated[stated != ""].map(canonical_province).value_counts().to_dict()
    assert result.provinces == expected
    assert not any(f"{name}省" in result.provinces for name in result.provinces)
    assert sum(result.regions["origins"].values()) == len(raw)
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
    ]  # the filter reads the stored province only
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


def test_cr4_is_the_share_of_the_four_largest() -> None:
    """Concentration ratio CR4 (Bain 1951)."""
    assert concentration_ratio(pd.Series([40, 30, 10, 10, 5, 5])) == pytest.approx(0.9)
    assert concentration_ratio(pd.Series([1, 1])) == 1.0
    assert concentration_ratio(pd.Series([], dtype=int)) == 0.0


def test_landscape_reads_types_regions_and_coclassification() -> None:
    frame = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "app_year": pd.array([2015, 2016, 2016], dtype="Int64"),
            "pub_year": pd.array([2016, 2017, 2018], dtype="Int64"),
            "applicants": [["清华大学", "国家电网公司"], ["国家电网公司"], ["张三"]],
            "inventors": [["甲"], ["乙"], ["丙"]],
            "ipc": [["H02J3/38", "H02S20/32"], ["H02J7/00", "H02S40/00"], ["F03D7/00"]],
            "province": ["北京", "北京", "四川"],
            "origin": ["境内", "境内", "境内"],
            "kind": ["invention"] * 3,
        }
    )
    result = landscape(frame)
    assert result.applicant_types == {"企业": 2, "高校": 1, "个人": 1}
    assert result.regions["macro_regions"] == {"东部": 2, "西部": 1}
    assert result.coclassification[0] | {"association_strength": 0} == {
        "a": "H02J",
        "b": "H02S",
        "count": 2,
        "association_strength": 0,
        "cosine": 1.0,
        "jaccard": 1.0,
    }
    assert result.concentration["cr4_applicants"] == 1.0


def test_pv_and_wind_tracks_count_as_the_file(
    db: Database, shared_data: Path, tmp_path: Path
) -> None:
    """The 光伏 and 风力 tracks of the 82,823 patents, imported through the column-mapping
    importer: per track, applications and publications per year equal a direct count."""
    from xinzhi.catalog.importing.run import import_file

    source = shared_data / "cn_energy_patents" / "patents.csv.gz"
    raw = pd.read_csv(source, dtype=str, keep_default_na=False)
    tracks = {t: raw["title"].str.contains(t) for t in ("光伏", "风力")}
    part = raw[tracks["光伏"] | tracks["风力"]]
    part.to_csv(tmp_path / "tracks.csv", index=False)
    import_file(db, "patents", tmp_path / "tracks.csv")
    with db.read() as session:
        frame = patent_frame(session, system_principal(), PatentFilter())
    assert len(frame) == len(part)
    for track in tracks:
        expected = raw[tracks[track]]
        result = landscape(frame[frame["title"].str.contains(track)].reset_index(drop=True))
        assert result.total == len(expected) > 4_000
        table = result.by_year
        for column, date in (("applications", "app_date"), ("publications", "pub_date")):
            direct = expected[date].str[:4].astype(int).value_counts()
            assert table[column][table[column] > 0].to_dict() == direct.to_dict()


def test_short_and_full_province_names_are_one_province() -> None:
    import pandas as pd

    frame = pd.DataFrame({"province": ["江苏", "江苏省", " 江 苏 ", "广东", "美国", ""]})
    assert frame["province"].replace("", None).dropna().map(canonical_province).value_counts(
    ).to_dict() == {"江苏省": 3, "广东省": 1, "美国": 1}  # fmt: skip
