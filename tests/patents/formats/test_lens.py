"""Lens.org CSV: detected by its headers, ';;' lists, publication numbers shared with USPTO."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.catalog.models import Patent
from xinzhi.core.db import Database

LENS = Path(__file__).parent / "data" / "lens_sample.csv"


def test_lens_export_imports_with_its_profile(db: Database) -> None:
    report = import_file(db, "patents", LENS)
    assert report.profile == "lens" and report.counts.created == 4
    assert report.mapping["Display Key"] == "pub_no" and report.mapping["Lens ID"] is None
    with db.read() as session:
        rows = {p.pub_no: p for p in session.scalars(select(Patent))}
        _check(rows)
    again = import_file(db, "patents", LENS)
    assert (again.counts.created, again.counts.unchanged) == (0, 4)


def _check(rows: dict[str, Patent]) -> None:
    assert sorted(rows) == ["CN218751475U", "US20140101323A1", "US8927118B2", "US8930553B2"]
    idemitsu = rows["US8927118B2"]
    assert idemitsu.applicants == ["Idemitsu Kosan Co., Ltd."]  # ';;' only: the comma stays
    assert idemitsu.ipc == ["H05B33/14", "C07D493/04", "C09K11/06"]
    assert idemitsu.cpc[0] == "C07D493/04"
    assert idemitsu.extra["Lens ID"] == "019-775-031-623-84X"
    assert idemitsu.extra["Owners"] == "IDEMITSU KOSAN CO LTD"
    assert rows["US20140101323A1"].applicants == [
        "INTERNATIONAL BUSINESS MACHINES CORPORATION",
        "IBM UNITED KINGDOM LTD",
    ]
    assert rows["CN218751475U"].inventors == ["刘迪", "刘敏", "王煜伟", "付艳波", "王元卓"]


def test_a_lens_row_updates_the_same_patent_from_uspto(db: Database, shared_data: Path) -> None:
    xml = shared_data / "patent_formats/uspto_samples/xml2014/US08930553.xml"
    import_file(db, "patents", xml)
    report = import_file(db, "patents", LENS, ImportOptions(profile="lens"))
    assert (report.counts.created, report.counts.updated) == (3, 1)
    with db.read() as session:
        patent = session.scalar(select(Patent).where(Patent.pub_no == "US8930553B2"))
        assert patent is not None
        # fields Lens has replace the XML's; citations and other extra keys stay
        assert patent.cpc == ["H04L65/1006", "H04L65/1069", "H04L67/14"]
        assert "citation_categories" in patent.extra and "Lens ID" in patent.extra
        assert len(patent.cites) == 16
