"""CSL papers as achievements and a 2,000-row slice of the energy patents (gzip input)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

from sqlalchemy import func, select

from tests.catalog.importing.helpers import audit_count, count, run
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Achievement, Patent, PatentCitation
from xinzhi.core.db import Database
from xinzhi.core.security import system_principal


def test_csl_papers_import_as_achievements(db: Database, csl_tsv: Path) -> None:
    report = run(db, "achievements", csl_tsv)
    assert report.format == "tsv" and report.counts.created == 1000
    assert report.mapping == {
        "title": "title",
        "abstract": "summary",
        "keywords": "keywords",
        "category": "field",
        "discipline": "discipline",
    }
    with db.read() as session:
        first = session.scalar(select(Achievement).order_by(Achievement.id).limit(1))
        assert first is not None
        assert first.keywords == [
            "修正Rodrigues参数模型",
            "平方和优化",
            "大角度机动",
            "Lyapunov函数",
        ]
        assert (first.field, first.discipline) == ("工学", "兵器科学与技术")
        found = service.list_records(
            session, ENTITIES["achievements"], system_principal(), q="镇定控制器"
        )
        assert first.id in {item.id for item in found.items}


def _expected_citations(path: Path) -> tuple[int, int]:
    """(citations, citations whose cited patent is in the file), computed from the raw CSV."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    numbers = {row["pub_no"] for row in rows}
    cites = [
        dict.fromkeys(c.strip() for c in row["cites_patents"].split(";") if c.strip())
        for row in rows
    ]
    return sum(map(len, cites)), sum(1 for c in cites for n in c if n in numbers)


def test_patent_slice_imports_with_citations_resolved(db: Database, patents_slice: Path) -> None:
    report = run(db, "patents", patents_slice)
    assert report.counts.created == 2000 and report.errors == []
    assert report.extra_columns == ["n_claims", "desc_chars", "n_figures", "cites_npl"]
    total, in_corpus = _expected_citations(patents_slice)
    with db.read() as session:
        stored = session.scalar(select(func.count()).select_from(PatentCitation))
        resolved = session.scalar(
            select(func.count())
            .select_from(PatentCitation)
            .where(PatentCitation.cited_id.is_not(None))
        )
        first = session.scalar(select(Patent).where(Patent.pub_no == "CN101939403A"))
        assert first is not None
        assert first.inventors == ["F-J·许克尔", "R·克诺赫"]
        assert first.cites[:2] == ["US6099229A", "CN2908502Y"]
        assert first.extra == {"n_claims": "14", "desc_chars": "5043", "n_figures": "1"}
    assert (stored, resolved) == (total, in_corpus)
    assert audit_count(db, "patents", "create") == 2000


def test_patent_reimport_is_idempotent_and_keeps_citations(
    db: Database, patents_slice: Path
) -> None:
    run(db, "patents", patents_slice)
    citations = count(db, PatentCitation)
    again = run(db, "patents", patents_slice)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 2000)
    assert count(db, PatentCitation) == citations
    assert audit_count(db, "patents", "update") == 0


def test_patent_duplicate_titles_are_found_in_the_slice(db: Database, patents_slice: Path) -> None:
    report = run(db, "patents", patents_slice, dry_run=True)
    counts = report.duplicate_counts()
    assert counts["exact_in_file"] > 0 and counts["near_in_file"] > 0
    assert report.dedupe["threshold"] == db.settings.import_near_duplicate_threshold
    assert not report.written and count(db, Patent) == 0
