"""The embedded backend and the engine over it: filters, updates, deletes, persistence, ANN."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.matching.embedding import get_embedder
from xinzhi.matching.engine import Retriever
from xinzhi.matching.local import LocalBackend
from xinzhi.matching.tokenize import get_tokenizer
from xinzhi.matching.types import Filters, MatchDoc

WORDS = (
    "光伏 电池 储能 风电 叶片 氢能 电解 催化剂 传感器 机器人 视觉 检测 材料 涂层 电机 控制".split()
)


def random_docs(n: int, seed: int = 0) -> list[MatchDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        text = "".join(rng.sample(WORDS, 4))
        docs.append(
            MatchDoc(
                key=f"{rng.choice(['achievement', 'patent', 'demand'])}:{i}",
                title=text,
                text=text,
                lang=rng.choice(["zh", "zh", "en"]),
                field=rng.choice(["能源", "材料", "信息", ""]),
                region_code=rng.choice(["320100", "320500", "440300", ""]),
                trl=rng.choice([None, 3, 5, 7, 9]),
                date=rng.choice([None, dt.date(2020, 1, 1), dt.date(2023, 6, 1)]),
                org_kind=rng.choice(["enterprise", "university", ""]),
                owner_org_id=rng.choice([None, 1, 2]),
                confidential=rng.random() < 0.3,
            )
        )
    return docs


@pytest.fixture
def retriever(tmp_path: Path) -> Retriever:
    embedder = get_embedder("hashing")
    backend = LocalBackend(tmp_path / "index", dim=embedder.dim)
    return Retriever(backend, embedder, get_tokenizer(), depth=1000)


FILTERS = [
    Filters(),
    Filters(entity_types=("patent",)),
    Filters(fields=("能源", "材料")),
    Filters(region_prefix="32"),
    Filters(region_prefix="3205"),
    Filters(trl_min=5),
    Filters(trl_min=4, trl_max=7),
    Filters(date_from=dt.date(2021, 1, 1)),
    Filters(date_to=dt.date(2021, 1, 1)),
    Filters(org_kinds=("university",)),
    Filters(langs=("en",)),
    Filters(visible_orgs=frozenset({1})),
    Filters(visible_orgs=frozenset()),
    Filters(exclude_keys=frozenset({"patent:3", "demand:4"})),
    Filters(entity_types=("achievement",), trl_min=5, region_prefix="32", visible_orgs=frozenset()),
]


@pytest.mark.parametrize("filters", FILTERS, ids=[f"filters{i}" for i in range(len(FILTERS))])
@pytest.mark.parametrize("built", [False, True], ids=["delta", "base"])
def test_every_filter_returns_exactly_the_admitted_documents(
    retriever: Retriever, filters: Filters, built: bool
) -> None:
    docs = random_docs(300)
    retriever.add(docs)
    if built:
        retriever.backend.build()  # type: ignore[attr-defined]
    admitted = {d.key for d in docs if filters.admits(retriever.prepare(d))}
    vector = retriever.embedder.embed_queries(["光伏电池"])[0]
    dense = retriever.backend.dense(vector, filters, 1000)
    assert set(dense.keys) == admitted
    lexical = retriever.backend.lexical(["光伏", "电池", "储能", "风电"], filters, 1000)
    assert set(lexical.keys) <= admitted
    assert len(lexical) > 0 or not admitted


def test_update_replaces_and_delete_removes(retriever: Retriever) -> None:
    retriever.add(
        [MatchDoc(key="achievement:1", title="钙钛矿太阳能电池", text="钙钛矿太阳能电池")]
    )
    retriever.add([MatchDoc(key="achievement:2", title="风电叶片涂层", text="风电叶片涂层")])
    assert [h.key for h in retriever.search("钙钛矿", k=5, mode="lexical")] == ["achievement:1"]
    retriever.add([MatchDoc(key="achievement:1", title="氢燃料电池", text="氢燃料电池催化剂")])
    assert retriever.search("钙钛矿", k=5, mode="lexical") == []
    assert [h.key for h in retriever.search("燃料电池", k=5, mode="lexical")] == ["achievement:1"]
    retriever.delete(["achievement:1"])
    assert all(h.key != "achievement:1" for h in retriever.search("氢燃料电池", k=5))
    assert retriever.backend.stats().documents == 1


def test_confidential_records_never_reach_outsiders(retriever: Retriever) -> None:
    secret = MatchDoc(
        key="achievement:9",
        title="保密的固态电池电解质",
        text="保密的固态电池电解质",
        owner_org_id=7,
        confidential=True,
    )
    retriever.add([secret, MatchDoc(key="achievement:10", title="公开的电池", text="公开的电池")])
    for mode in ("hybrid", "lexical", "dense"):
        outsider = retriever.search(
            "固态电池电解质", Filters(visible_orgs=frozenset({1})), mode=mode
        )
        assert "achievement:9" not in {h.key for h in outsider}
        owner = retriever.search("固态电池电解质", Filters(visible_orgs=frozenset({7})), mode=mode)
        assert "achievement:9" in {h.key for h in owner}


def test_saved_index_loads_with_the_same_answers(retriever: Retriever, tmp_path: Path) -> None:
    docs = random_docs(200, seed=3)
    retriever.add(docs[:150])
    retriever.backend.build()  # type: ignore[attr-defined]
    retriever.add(docs[150:])  # a delta on top of the base
    retriever.delete([docs[0].key])
    before = [h.key for h in retriever.search("光伏储能", k=20)]
    retriever.backend.save()  # type: ignore[attr-defined]
    loaded = LocalBackend(tmp_path / "index", dim=retriever.embedder.dim)
    again = Retriever(loaded, retriever.embedder, retriever.tokenizer, depth=1000)
    assert [h.key for h in again.search("光伏储能", k=20)] == before
    assert loaded.stats().documents == 199
    assert not list((tmp_path / "index").rglob("*.pkl"))


def test_compaction_drops_dead_rows_and_keeps_answers(retriever: Retriever) -> None:
    docs = random_docs(120, seed=5)
    retriever.add(docs)
    retriever.backend.build()  # type: ignore[attr-defined]
    retriever.delete([d.key for d in docs[:60]])
    backend = retriever.backend
    assert backend.needs_compaction()  # type: ignore[attr-defined]
    before = [h.key for h in retriever.search("电机控制", k=10, mode="dense")]
    backend.compact()  # type: ignore[attr-defined]
    assert backend.stats().deleted == 0
    assert [h.key for h in retriever.search("电机控制", k=10, mode="dense")] == before


def test_ann_index_agrees_with_exact_search(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((50, 32)).astype(np.float32)
    vectors = centres[rng.integers(0, 50, 3000)] + 0.3 * rng.standard_normal((3000, 32))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    docs = [MatchDoc(key=f"patent:{i}", title="x", text="x", trl=i % 9 + 1) for i in range(3000)]
    exact = LocalBackend(tmp_path / "exact", dim=32, ann="exact")
    ivf = LocalBackend(tmp_path / "ivf", dim=32, ann="ivf", quantize="f16", nprobe=16)
    for backend in (exact, ivf):
        backend.upsert(docs, vectors)
        backend.build()
    assert ivf.ann_index is not None
    ivf.exact_fallback = 0  # every query goes through the IVF index
    recalls = []
    for q in vectors[:50]:
        for filters in (Filters(), Filters(trl_min=8)):
            want = set(exact.dense(q, filters, 10).keys)
            got = ivf.dense(q, filters, 10).keys
            assert all(filters.admits(docs[int(k.split(":")[1])]) for k in got)
            recalls.append(len(want & set(got)) / 10)
    assert np.mean(recalls) > 0.9


def test_bad_region_prefix_is_a_clear_error(retriever: Retriever) -> None:
    retriever.add(random_docs(5))
    with pytest.raises(InvalidInput, match="地区代码"):
        retriever.search("光伏", Filters(region_prefix="江苏"))


def test_wrong_dimension_is_refused(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "i", dim=8)
    with pytest.raises(InvalidInput):
        backend.upsert([MatchDoc(key="patent:1", title="x", text="x")], np.zeros((1, 9)))


def test_a_record_added_after_the_build_ranks_by_its_text_not_below_the_base(
    retriever: Retriever,
) -> None:
    """A one-row delta scored with its own IDF (≈ 0.29 for every word) would sink a new,
    fully matching record below a base document sharing one rare word (IDF ≈ 3); the delta
    uses IDF over base + delta."""
    base = [
        MatchDoc(key=f"achievement:{i}", title=f"风电叶片{i}", text=f"风电 叶片 涂层 工艺{i}")
        for i in range(2, 31)
    ]
    base.append(MatchDoc(key="achievement:1", title="钠离子", text="钠离子"))
    retriever.add(base)
    retriever.backend.build()  # type: ignore[attr-defined]
    new = MatchDoc(key="achievement:99", title="钠离子电池正极材料", text="钠离子 电池 正极 材料")
    retriever.add([new])
    hits = retriever.search("钠离子 电池 正极 材料", k=5, mode="lexical")
    assert [h.key for h in hits[:2]] == ["achievement:99", "achievement:1"]
