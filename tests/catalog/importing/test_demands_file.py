"""The real enterprise demands file (607 rows): mapping, values, duplicates, idempotency."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

from sqlalchemy import select

from tests.catalog.importing.helpers import audit_count, count, run
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.catalog.models import Demand
from xinzhi.core.db import Database
from xinzhi.core.models import AuditLog, SearchEntry
from xinzhi.core.security import system_principal


def test_demands_file_imports_every_row_with_its_own_headers(
    db: Database, demands_csv: Path
) -> None:
    report = run(db, "demands", demands_csv)
    assert report.written and report.counts.created == 607
    assert report.errors == [] and report.extra_columns == []
    assert report.mapping == {
        "demand_id": "external_id",
        "demand_title": "title",
        "category": "field",
        "poster_type": "poster_type",
        "create_date": "published_on",
        "budget_range": "budget_text",
        "demand_detail": "detail",
    }
    assert count(db, Demand) == 607


def test_demand_budget_and_dates_are_converted(db: Database, demands_csv: Path) -> None:
    run(db, "demands", demands_csv)
    with db.read() as session:
        first = session.scalar(select(Demand).where(Demand.external_id == "1"))
        above = session.scalar(select(Demand).where(Demand.budget_text == ">200万").limit(1))
        assert first is not None and above is not None
        assert first.published_on == dt.date(2020, 7, 31)
        budget = (first.budget_text, first.budget_min_wan, first.budget_max_wan)
        assert budget == ("10~50万", 10, 50)
        assert (above.budget_min_wan, above.budget_max_wan) == (200, None)
        assert first.field == "新材料" and first.poster_type == "platform_admin"
        assert first.source == demands_csv.name


def test_demand_duplicates_are_flagged_not_dropped(db: Database, demands_csv: Path) -> None:
    """58 rows repeat an earlier title character for character (the data set's README).

    title_key also joins three pairs that differ only by spaces or a 【人才引进】 tag
    ('面向 5G 的…' / '面向5G的…', '7T 轮胎式挖掘机' / '7T轮胎式挖掘机', '【人才引进】熟悉掌握…' /
    '熟悉掌握…'): 61 exact. One near pair (similarity 0.97) differs by a final character.
    """
    report = run(db, "demands", demands_csv)
    counts = report.duplicate_counts()
    assert counts == {
        "exact_in_file": 61,
        "near_in_file": 1,
        "exact_existing": 0,
        "near_existing": 0,
    }
    near = next(flag for flag in report.duplicates if flag.kind == "near")
    assert near.similarity >= 0.8 and near.duplicate_of_row is not None
    assert near.title.startswith("国防风洞试验用超大型真空成套设备")
    assert count(db, Demand) == 607


def test_reimporting_the_demands_file_changes_nothing(db: Database, demands_csv: Path) -> None:
    run(db, "demands", demands_csv)
    audits = count(db, AuditLog)
    again = run(db, "demands", demands_csv)
    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 607)
    assert again.duplicate_counts()["exact_in_file"] == 61
    assert again.duplicate_counts()["exact_existing"] == 0
    assert count(db, AuditLog) == audits


def test_gb18030_and_bom_variants_are_the_same_records(
    db: Database, demands_csv: Path, tmp_path: Path
) -> None:
    text = demands_csv.read_text(encoding="utf-8")
    gbk = tmp_path / "demands_gbk.csv"
    gbk.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "demands_bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    first = run(db, "demands", gbk)
    assert first.encoding == "gb18030" and first.counts.created == 607
    second = run(db, "demands", bom)
    assert second.encoding == "utf-8-sig" and second.counts.unchanged == 607


def test_utf16_with_bom_is_read(db: Database, demands_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "demands_utf16.csv"
    path.write_text(demands_csv.read_text(encoding="utf-8"), encoding="utf-16")
    report = run(db, "demands", path, dry_run=True)
    assert report.encoding == "utf-16" and report.counts.created == 607


def test_imported_demands_have_audit_rows_and_are_searchable(
    db: Database, demands_csv: Path
) -> None:
    run(db, "demands", demands_csv)
    assert audit_count(db, "demands", "create") == 607
    with db.read() as session:
        audit = session.scalar(select(AuditLog).where(AuditLog.entity_type == "demands").limit(1))
        page = service.list_records(
            session, ENTITIES["demands"], system_principal(), q="活性氧化铝"
        )
        entries = session.scalar(
            select(SearchEntry.id).where(SearchEntry.entity_type == "demands").limit(1)
        )
        assert audit is not None and audit.actor == "system" and audit.note == "import"
        assert audit.after is not None and audit.after["natural_key"].startswith("dem:id:")
        assert page.total >= 1 and entries is not None
        assert any("大孔容活性氧化铝" in item.title for item in page.items)
