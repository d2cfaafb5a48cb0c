"""USPTO XML: every ST.36 sample, concatenated files, zip, citation categories, bad documents."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from xinzhi.catalog.importing.report import ImportRejected
from xinzhi.catalog.importing.run import ImportOptions, import_file
from xinzhi.catalog.models import Patent, PatentCitation
from xinzhi.core.db import Database
from xinzhi.patents.formats.uspto import HEADERS, read_uspto_xml

FOLDERS = ("xml2004", "xml2006", "xml2014", "xmlApp2004")


@pytest.fixture(scope="module")
def samples(shared_data: Path) -> list[Path]:
    base = shared_data / "patent_formats" / "uspto_samples"
    return sorted(p for folder in FOLDERS for p in (base / folder).glob("*.xml"))


@pytest.fixture
def bulk(samples: list[Path], tmp_path: Path) -> Path:
    """The samples as one weekly-style file: documents one after another."""
    path = tmp_path / "ipg_sample.xml"
    path.write_bytes(b"\n".join(p.read_bytes() for p in samples))
    return path


def _row(path: Path) -> dict[str, object]:
    table = read_uspto_xml(path, lambda _: True)
    assert not table.cell_errors and len(table.rows) == 1
    return dict(zip(HEADERS, table.rows[0][1], strict=True))


def test_a_2014_grant_with_cpc_and_both_citation_categories(shared_data: Path) -> None:
    row = _row(shared_data / "patent_formats/uspto_samples/xml2014/US08926509.xml")
    assert row["pub_no"] == "US8926509B2" and row["app_no"] == "US12134151"
    assert (row["app_date"], row["pub_date"], row["grant_date"]) == (
        "2008-06-05",
        "2015-01-06",
        "2015-01-06",
    )
    assert row["applicants"] == ["Hmicro, Inc."]
    assert row["ipc_main"] == "A61B5/00" and len(row["ipc"]) == 14  # type: ignore[arg-type]
    assert row["cpc"][:2] == ["A61B5/0205", "A61B5/0024"]  # type: ignore[index]
    categories = Counter(row["citation_categories"].values())  # type: ignore[attr-defined]
    assert categories == {"applicant": 116, "examiner": 13}
    assert len(row["cites"]) == 129 and row["npl_citations"] == 30  # type: ignore[arg-type]


def test_older_layouts_2004_grant_2006_grant_and_2004_application(shared_data: Path) -> None:
    base = shared_data / "patent_formats/uspto_samples"
    old = _row(base / "xml2004/US06859910.xml")
    assert old["pub_no"] == "US6859910B2" and old["app_no"] == "US09832323"
    assert old["ipc"] == ["G06F15/00", "G06F17/00", "G06F17/21", "G06F17/24"]
    assert old["applicants"] == ["Bluestreak.com"]  # the assignee, not the inventor-applicant
    assert old["inventors"] == ["John Charles Croy"]
    assert old["cites"][0] == "US5793966A"  # type: ignore[index]
    assert set(old["citation_categories"].values()) == {"examiner"}  # type: ignore[attr-defined]
    v42 = _row(base / "xml2006/US07272630B2.xml")
    assert Counter(v42["citation_categories"].values()) == {"other": 73, "examiner": 5}  # type: ignore[attr-defined]
    app = _row(base / "xmlApp2004/US20050004974A1.xml")
    assert app["pub_no"] == "US20050004974A1" and app["document_type"] == "application"
    assert app["grant_date"] is None and app["applicants"] == ["Xerox Corporation"]


def test_import_a_concatenated_file_then_again_unchanged(db: Database, bulk: Path) -> None:
    report = import_file(db, "patents", bulk)
    assert report.profile == "uspto-xml" and report.format == "uspto-xml"
    assert (report.counts.created, report.counts.rejected, report.total_rows) == (8, 0, 8)
    with db.read() as session:
        stmt = select(PatentCitation.category, func.count()).group_by(PatentCitation.category)
        by_category = dict(session.execute(stmt).all())
        ibm = session.scalar(select(Patent).where(Patent.pub_no == "US8930553B2"))
        assert ibm is not None and ibm.cpc == [] and ibm.ipc == ["G06F15/16"]
        assert ibm.extra["citation_categories"]["US20070220302A1"] == "examiner"
        cited = session.scalar(
            select(PatentCitation.category).where(
                PatentCitation.citing_id == ibm.id,
                PatentCitation.cited_number == "US20070220302A1",
            )
        )
    assert cited == "examiner"
    # counted independently (ElementTree over the samples, one row per distinct cited number)
    assert by_category == {"examiner": 47, "applicant": 198, "other": 73}
    again = import_file(db, "patents", bulk)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 8)


def test_a_zip_of_xml_files(db: Database, samples: list[Path], tmp_path: Path) -> None:
    path = tmp_path / "ipg.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for sample in samples[:3]:
            archive.write(sample, sample.name)
    assert import_file(db, "patents", path).counts.created == 3


def test_unreadable_and_unsupported_documents_are_row_errors(
    db: Database, bulk: Path, shared_data: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "mixed.xml"
    sgml = shared_data / "patent_formats/uspto_samples/sgml/USD435854S1.xml"
    broken.write_bytes(
        bulk.read_bytes()
        + b'\n<?xml version="1.0"?>\n<us-patent-grant><broken>\n'
        + b"\n"
        + sgml.read_bytes()
    )
    with pytest.raises(ImportRejected) as caught:
        import_file(db, "patents", broken)
    errors = {e.row: e.reason for e in caught.value.report.errors}
    assert sorted(errors) == [9, 10]
    assert "not read" in errors[9] and "ST.32" in errors[10]
    report = import_file(db, "patents", broken, ImportOptions(skip_invalid=True))
    assert (report.counts.created, report.counts.rejected) == (8, 2)
    assert report.rejects_path is not None and Path(report.rejects_path).exists()


def test_xml4ip_file_wrapper_documents_are_refused_with_the_reason(
    db: Database, shared_data: Path
) -> None:
    path = shared_data / "patent_formats/uspto_samples/xml4ip/sample_XML4IP.ZIP"
    with pytest.raises(ImportRejected) as caught:
        import_file(db, "patents", path)
    errors = caught.value.report.errors
    assert len(errors) == 13
    assert all("XML4IP file-wrapper document" in e.reason for e in errors)
