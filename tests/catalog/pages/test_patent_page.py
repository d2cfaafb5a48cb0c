"""A patent's page shows its citations both ways and leads to the landscape."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from xinzhi.catalog.importing.run import import_file
from xinzhi.catalog.models import Patent
from xinzhi.core.db import Database

CSV = (
    "公开号,名称,主分类号,引证\n"
    "CN100000001A,一种电池,H01M,CN100000002A；CN999999999A\n"
    "CN100000002A,一种隔膜,H01M,\n"
)


def test_citations_both_ways(client: TestClient, db: Database, tmp_path: Path) -> None:
    source = tmp_path / "patents.csv"
    source.write_text(CSV, encoding="utf-8")
    import_file(db, "patents", source)
    with db.read() as session:
        ids = dict(session.execute(select(Patent.pub_no, Patent.id)).tuples().all())
    citing = client.get(f"/patents/{ids['CN100000001A']}").text
    panel = citing.split('data-testid="citations"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="/patents/{ids["CN100000002A"]}">CN100000002A</a>' in panel
    assert "CN999999999A" in panel  # outside the corpus: its number, no link
    assert "引用的专利（2）" in panel and "/patents/landscape?q=H01M" in panel
    cited = client.get(f"/patents/{ids['CN100000002A']}").text
    panel = cited.split('data-testid="citations"', 1)[1].split("</section>", 1)[0]
    assert "被本库专利引用（1）" in panel and "CN100000001A 一种电池" in panel
