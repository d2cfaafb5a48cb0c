"""Catalog full-text search: recall users expect (substrings, synonyms), precision, counts and
the bounded ranking window, on SQLite and PostgreSQL alike (the suite runs on both)."""

from __future__ import annotations

import pytest

from tests.factories import ADMIN, make, principal
from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES
from xinzhi.core.db import Database
from xinzhi.core.models import Role
from xinzhi.core.security import ANONYMOUS

DEMANDS = ENTITIES["demands"]
PATENTS = ENTITIES["patents"]

# Demands written by us in the style of the shared listing site: relevant ones per query, and
# unrelated ones that share characters with the query (precision).
HYDROGEN = [
    ("氢能源重卡示范运营", "寻求氢能源汽车动力系统集成方案"),
    ("氢燃料电池电堆寿命提升", "质子交换膜衰减问题"),
    ("光伏电解水制氢系统", "需要低成本碱性电解槽"),
    ("高压储氢瓶检测", "70MPa 储氢容器的无损检测"),
    ("园区氢能综合利用规划", "加氢站选址与氢气储运"),
]
SILVER = [
    ("太阳能电池导电银浆国产化", "降低银含量"),
    ("PERC电池正银浆料配方", "提高细栅印刷高宽比"),
    ("背银印刷断栅问题", "丝网印刷工艺优化"),
    ("异质结低温银浆固化", "固化温度低于200度"),
]
LITHIUM = [
    ("锂离子电池热失控预警", "储能电站安全"),
    ("退役锂电池梯次利用", "容量快速分选"),
]
UNRELATED = [
    ("氢氧化钠废水中和处理", "化工废水"),
    ("能源管理系统软件", "工厂能耗监测"),
    ("银行票据影像识别", "OCR"),
    ("陶瓷浆料流变性能", "注浆成型"),
    ("铅酸电池极板腐蚀", "电动自行车电池"),
    ("钠离子电池负极材料", "硬碳"),
    ("制氢能力评估方法", "化工副产氢"),  # a hydrogen demand whose 氢能 crosses a word boundary
]


@pytest.fixture
def demands(db: Database) -> dict[str, int]:
    ids = {}
    for title, detail in HYDROGEN + SILVER + LITHIUM + UNRELATED:
        ids[title] = make(db, "demands", title=title, detail=detail)
    return ids


def titles(db: Database, query: str, who: object = ANONYMOUS) -> set[str]:
    with db.read() as session:
        page = service.list_records(session, DEMANDS, who, q=query, size=50)  # type: ignore[arg-type]
        assert page.total == len(page.items), query
        return {o.title for o in page.items}


def test_hydrogen_finds_hydrogen_energy_fuel_cells_and_hydrogen_production(
    db: Database, demands: dict[str, int]
) -> None:
    found = titles(db, "氢能")
    assert found >= {t for t, _ in HYDROGEN}
    assert found - {t for t, _ in HYDROGEN} == {"制氢能力评估方法"}


def test_silver_paste_finds_front_and_back_silver(db: Database, demands: dict[str, int]) -> None:
    assert titles(db, "银浆") == {t for t, _ in SILVER}


@pytest.mark.parametrize("query", ["锂电池", "锂离子电池"])
def test_lithium_battery_and_lithium_ion_battery_find_each_other(
    db: Database, demands: dict[str, int], query: str
) -> None:
    assert titles(db, query) == {t for t, _ in LITHIUM}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("钙钛", set()),
        ("电解槽", {"光伏电解水制氢系统"}),
        ("丝网印", {"背银印刷断栅问题"}),
        ("无损检", {"高压储氢瓶检测"}),
        ("浆料", {"PERC电池正银浆料配方", "陶瓷浆料流变性能"}),
    ],
)
def test_a_query_word_is_found_inside_longer_words(
    db: Database, demands: dict[str, int], query: str, expected: set[str]
) -> None:
    assert titles(db, query) == expected


def test_substring_matches_rank_below_word_matches(db: Database) -> None:
    make(db, "patents", pub_no="CN1A", title="富氢能量饮料装置")
    make(db, "patents", pub_no="CN2A", title="氢能利用装置")
    with db.read() as session:
        page = service.list_records(session, PATENTS, ANONYMOUS, q="氢能")
        assert [o.pub_no for o in page.items] == ["CN2A", "CN1A"]
        assert page.scores[page.items[0].id] > page.scores[page.items[1].id]


def test_confidential_records_stay_out_of_substring_and_synonym_hits(db: Database) -> None:
    own = make(db, "organisations", name="氢途科技")
    make(db, "demands", title="氢燃料电池双极板", owner_org_id=own, confidentiality="confidential")
    make(db, "demands", title="氢能源公交示范", owner_org_id=own)
    owner = principal(1, "o", Role.ENTERPRISE, own)
    assert titles(db, "氢能") == {"氢能源公交示范"}
    assert titles(db, "氢能", owner) == {"氢能源公交示范", "氢燃料电池双极板"}
    assert titles(db, "氢能", ADMIN) == {"氢能源公交示范", "氢燃料电池双极板"}


def windowed(db: Database, window: int) -> Database:
    settings = db.settings.model_copy(update={"search_rank_window": window})
    return Database(engine=db.engine, settings=settings)


@pytest.mark.parametrize("who", ["anonymous", "enterprise_with_filter"])
def test_pages_past_the_ranking_window_list_every_match_once(db: Database, who: str) -> None:
    own = make(db, "organisations", name="电池企业")
    for n in range(45):
        title = "动力电池" + "快速" * (n % 4) + f"检测方法{n}"
        make(db, "demands", title=title, owner_org_id=own, field="新能源" if n < 40 else "其他")
        make(db, "patents", pub_no=f"CN{n}B", title=title)
    make(db, "demands", title="光伏支架", owner_org_id=own, field="新能源")
    small = windowed(db, 20)
    entity, viewer, filters, expected = PATENTS, ANONYMOUS, {}, 45
    if who == "enterprise_with_filter":
        viewer = principal(1, "e", Role.ENTERPRISE, own)
        entity, filters, expected = DEMANDS, {"field": "新能源"}, 40
    seen: list[int] = []
    with small.read() as session:
        for page_no in range(1, 6):
            page = service.list_records(
                session, entity, viewer, q="电池", filters=filters, page=page_no, size=10
            )
            assert page.total == expected
            seen += [o.id for o in page.items]
            if page_no <= 2:  # inside the window of 20: ranked, shortest titles first
                assert set(page.scores) == {o.id for o in page.items}
            if page_no >= 3:  # past it: newest first, no score
                assert page.scores == {}
                assert [o.id for o in page.items] == sorted(
                    (o.id for o in page.items), reverse=True
                )
    assert len(seen) == len(set(seen)) == expected
    with db.read() as session:
        full = service.list_records(session, entity, viewer, q="电池", filters=filters, size=50)
        assert {o.id for o in full.items} == set(seen)
