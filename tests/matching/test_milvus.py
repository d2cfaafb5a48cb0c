"""MilvusBackend against a temporary Milvus Lite database (in-process server on 127.0.0.1).

The filter tests compare every answer with ``Filters.admits``, the reference semantics both
backends must reproduce, on a small random corpus with ``k`` larger than the corpus.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from xinzhi.core.errors import Conflict, InvalidInput
from xinzhi.matching.milvus import MilvusBackend
from xinzhi.matching.milvus_rows import (
    bm25_scores,
    clip_bytes,
    decode_token,
    encode_token,
    filter_expression,
    tokens_field,
)
from xinzhi.matching.types import ENTITY_TYPES, Filters, MatchDoc

pytestmark = pytest.mark.milvus

DIM = 8
COMMON = "通用"  # a token every corpus document carries, so lexical answers cover the corpus
VOCAB = ["锂离子电池", "电解液", "光伏", "组件", "氢能", "储能", "石墨烯", "催化剂", "风电", "热泵"]
FIELDS = ["新能源", "新材料", "生物医药", ""]
REGIONS = ["320100", "321000", "32", "110000", "440300", "", "3_0%"]
ORG_KINDS = ["企业", "高校", "科研院所", ""]
LANGS = ["zh", "en"]
K = 1_000


def _vectors(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((n, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _random_doc(rng: random.Random, i: int) -> MatchDoc:
    maybe = rng.random
    return MatchDoc(
        key=f"{rng.choice(ENTITY_TYPES)}:{i}",
        title=f"记录{i}",
        text=f"正文{i}",
        tokens=(COMMON, *rng.sample(VOCAB, rng.randint(0, 4))),
        lang=rng.choice(LANGS),
        field=rng.choice(FIELDS),
        region_code=rng.choice(REGIONS),
        trl=rng.randint(1, 9) if maybe() < 0.7 else None,
        date=dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 22_000))
        if maybe() < 0.7
        else None,
        org_kind=rng.choice(ORG_KINDS),
        owner_org_id=rng.randint(1, 5) if maybe() < 0.8 else None,
        confidential=maybe() < 0.3,
        content_hash=f"h{i}",
    )


def _random_filters(rng: random.Random, keys: list[str]) -> Filters:
    def pick(values: list[str]) -> tuple[str, ...]:
        return tuple(rng.sample(values, rng.randint(1, 2))) if rng.random() < 0.3 else ()

    def day() -> dt.date | None:
        return dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 25_000))

    return Filters(
        entity_types=pick(list(ENTITY_TYPES)),
        fields=pick(FIELDS),
        region_prefix=rng.choice(["", "", "32", "3201", "11", "3_"]),
        trl_min=rng.randint(1, 9) if rng.random() < 0.3 else None,
        trl_max=rng.randint(1, 9) if rng.random() < 0.3 else None,
        date_from=day() if rng.random() < 0.3 else None,
        date_to=day() if rng.random() < 0.3 else None,
        org_kinds=pick(ORG_KINDS),
        langs=pick(LANGS),
        visible_orgs=frozenset(rng.sample(range(1, 6), rng.randint(0, 2)))
        if rng.random() < 0.5
        else None,
        exclude_keys=frozenset(rng.sample(keys, 5)) if rng.random() < 0.3 else frozenset(),
    )


@pytest.fixture(scope="module")
def corpus() -> list[MatchDoc]:
    rng = random.Random(20240603)
    return [_random_doc(rng, i) for i in range(160)]


@pytest.fixture(scope="module")
def loaded(
    tmp_path_factory: pytest.TempPathFactory, corpus: list[MatchDoc]
) -> Iterator[MilvusBackend]:
    backend = MilvusBackend(tmp_path_factory.mktemp("milvus") / "lite", "corpus", DIM)
    backend.upsert(corpus, _vectors(len(corpus), 1))
    backend.flush()
    yield backend
    backend.close()


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[MilvusBackend]:
    b = MilvusBackend(tmp_path / "lite", "docs", DIM)
    yield b
    b.close()


def _doc(key: str, tokens: str, **kw: object) -> MatchDoc:
    return MatchDoc(key=key, title=key, text=tokens, tokens=tuple(tokens.split()), **kw)  # type: ignore[arg-type]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on ``port`` (from /proc/net/tcp and tcp6)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


# ---------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    "token",
    ["锂离子电池", "li", "Li-ion", "PM2.5", "C++", "5g", "石墨烯/硅", "_x", "a b", "é", "İ"],
)
def test_token_encoding_round_trips_and_is_one_plain_term(token: str) -> None:
    term = encode_token(token)
    assert decode_token(term) == token
    assert re.findall(r"\w+", term.lower()) == [term]  # Lite's "standard" analyzer keeps it whole


def test_token_encoding_is_one_to_one() -> None:
    tokens = ["li", "Li", "LI", "_6c69", "li-ion", "li ion", "锂", "锂电"]
    assert len({encode_token(t) for t in tokens}) == len(tokens)


def test_tokens_field_drops_trailing_tokens_beyond_the_limit() -> None:
    assert tokens_field(["锂电池", "", " ", "电解液"]) == "锂电池 电解液"
    assert tokens_field(["锂电池", "电解液"], max_bytes=10) == "锂电池"
    assert tokens_field(["a b", "c"]) == f"{encode_token('a b')} c"  # a token is never split
    assert clip_bytes("锂电池", 7) == "锂电"


def test_bm25_scores_are_larger_is_better_under_both_conventions() -> None:
    assert bm25_scores([-2.0, -0.5]) == [2.0, 0.5]  # Milvus Lite: distance = -score
    assert bm25_scores([2.0, 0.5]) == [2.0, 0.5]  # Milvus server: distance = score


def test_empty_filters_are_no_expression() -> None:
    assert filter_expression(Filters()) == ""
    assert filter_expression(Filters(visible_orgs=frozenset())) == "confidential == false"
    assert 'region_code like "3\\\\_%"' in filter_expression(Filters(region_prefix="3_"))


# ---------------------------------------------------------------- filters against admits


def _check(backend: MilvusBackend, corpus: list[MatchDoc], filters: Filters) -> None:
    admitted = {d.key for d in corpus if filters.admits(d)}
    lexical = backend.lexical([COMMON], filters, K)
    dense = backend.dense(_vectors(1, 99)[0], filters, K)
    assert set(lexical.keys) == admitted, filters
    assert set(dense.keys) == admitted, filters
    assert len(lexical.keys) == len(admitted) and len(dense.keys) == len(admitted)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(entity_types=("patent", "demand")),
        Filters(fields=("新能源",)),
        Filters(fields=("",)),
        Filters(region_prefix="32"),
        Filters(region_prefix="3201"),
        Filters(region_prefix="3_"),  # LIKE wildcards in the prefix are literal
        Filters(trl_min=4),
        Filters(trl_max=3),
        Filters(trl_min=3, trl_max=6),
        Filters(date_from=dt.date(1969, 12, 31)),
        Filters(date_to=dt.date(1990, 6, 30)),
        Filters(date_from=dt.date(1970, 1, 1), date_to=dt.date(2000, 1, 1)),
        Filters(org_kinds=("高校", "")),
        Filters(langs=("en",)),
        Filters(visible_orgs=None),
        Filters(visible_orgs=frozenset()),
        Filters(visible_orgs=frozenset({2, 3})),
        Filters(exclude_keys=frozenset({"patent:1", "demand:2", "person:3", "nope"})),
    ],
)
def test_each_filter_field_matches_admits(
    loaded: MilvusBackend, corpus: list[MatchDoc], filters: Filters
) -> None:
    _check(loaded, corpus, filters)


def test_random_filter_combinations_match_admits(
    loaded: MilvusBackend, corpus: list[MatchDoc]
) -> None:
    rng = random.Random(7)
    keys = [d.key for d in corpus]
    for _ in range(40):
        _check(loaded, corpus, _random_filters(rng, keys))


def test_lexical_answers_only_documents_sharing_a_token(
    loaded: MilvusBackend, corpus: list[MatchDoc]
) -> None:
    filters = Filters(langs=("zh",))
    result = loaded.lexical(["石墨烯", "热泵"], filters, K)
    expected = {d.key for d in corpus if filters.admits(d) and {"石墨烯", "热泵"} & set(d.tokens)}
    assert set(result.keys) == expected
    assert result.scores == sorted(result.scores, reverse=True)
    assert all(s > 0 for s in result.scores)


def test_dense_ranks_by_cosine(loaded: MilvusBackend, corpus: list[MatchDoc]) -> None:
    query = _vectors(1, 99)[0]
    expected = _vectors(len(corpus), 1) @ query
    order = np.argsort(-expected)[:10]
    result = loaded.dense(query, Filters(), 10)
    assert result.keys == [corpus[i].key for i in order]
    assert result.scores == pytest.approx([float(expected[i]) for i in order], abs=1e-5)


def test_every_field_is_stored_and_returned(loaded: MilvusBackend, corpus: list[MatchDoc]) -> None:
    assert loaded.get([d.key for d in corpus]) == corpus
    assert loaded.get(["patent:nope"]) == [None]
    stats = loaded.stats()
    assert (stats.backend, stats.documents, stats.dim) == ("milvus", len(corpus), DIM)


# ---------------------------------------------------------------- scoring


def _bm25(docs: list[list[str]], query: list[str], k1: float = 1.5, b: float = 0.75) -> list[float]:
    """Okapi BM25 with Lucene's IDF ``log(1 + (N - df + 0.5) / (df + 0.5))``.

    Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond";
    Lucene ``BM25Similarity``; the same variant as bm25s ``method="lucene"``.
    """
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    df = Counter(t for d in docs for t in set(d))
    scores = []
    for d in docs:
        tf = Counter(d)
        s = 0.0
        for t in set(query):
            if tf[t]:
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                s += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * len(d) / avgdl))
        scores.append(s)
    return scores


def test_lexical_scores_are_okapi_bm25_over_our_tokens(backend: MilvusBackend) -> None:
    texts = [
        "锂离子电池 电解液 锂离子电池",
        "光伏 组件",
        "锂离子电池 回收 PM2.5",
        "氢能 储能 Li-ion",
    ]
    docs = [_doc(f"patent:{i}", t) for i, t in enumerate(texts)]
    backend.upsert(docs, _vectors(len(docs), 2))
    backend.flush()
    query = ["锂离子电池", "回收", "Li-ion"]
    result = backend.lexical(query, Filters(), K)
    reference = _bm25([t.split() for t in texts], query)
    expected = sorted(((s, f"patent:{i}") for i, s in enumerate(reference) if s > 0), reverse=True)
    assert result.keys == [key for _, key in expected]
    assert result.scores == pytest.approx([s for s, _ in expected], rel=1e-5)


def test_chinese_and_mixed_tokens_match_whole_and_exactly(backend: MilvusBackend) -> None:
    docs = [
        _doc("achievement:1", "锂离子电池 正极材料 Li-ion 18650"),
        _doc("achievement:2", "锂离子 电池 回收"),
        _doc("achievement:3", "PM2.5 检测 C++ 石墨烯/硅"),
    ]
    backend.upsert(docs, _vectors(3, 3))
    backend.flush()
    assert backend.lexical(["锂离子电池"], Filters(), K).keys == ["achievement:1"]
    assert backend.lexical(["电池"], Filters(), K).keys == ["achievement:2"]
    assert backend.lexical(["li"], Filters(), K).keys == []  # "Li-ion" is one token, not "li"
    assert backend.lexical(["Li-ion"], Filters(), K).keys == ["achievement:1"]
    assert backend.lexical(["石墨烯/硅", "C++"], Filters(), K).keys == ["achievement:3"]
    assert backend.lexical(["石墨烯"], Filters(), K).keys == []
    assert backend.get(["achievement:3"])[0] == docs[2]


# ---------------------------------------------------------------- writes


def test_update_replaces_by_key(backend: MilvusBackend) -> None:
    vectors = _vectors(3, 4)
    backend.upsert([_doc("patent:1", "光伏 组件", trl=3)], vectors[:1])
    backend.flush()
    new = _doc("patent:1", "氢能 储能", trl=7)
    backend.upsert([new], vectors[1:2])
    backend.flush()
    assert backend.lexical(["光伏"], Filters(), K).keys == []
    assert backend.lexical(["氢能"], Filters(trl_min=7), K).keys == ["patent:1"]
    assert backend.dense(vectors[1], Filters(), K).keys == ["patent:1"]
    assert backend.dense(vectors[1], Filters(), K).scores[0] == pytest.approx(1.0, abs=1e-5)
    assert backend.get(["patent:1"]) == [new]
    assert backend.stats().documents == 1


def test_repeated_key_in_one_batch_keeps_the_last(backend: MilvusBackend) -> None:
    backend.upsert([_doc("patent:1", "光伏"), _doc("patent:1", "风电")], _vectors(2, 5))
    backend.flush()
    assert backend.lexical(["风电", "光伏"], Filters(), K).keys == ["patent:1"]
    assert backend.get(["patent:1"])[0] == _doc("patent:1", "风电")


def test_deleted_is_never_returned(backend: MilvusBackend) -> None:
    vectors = _vectors(3, 6)
    docs = [_doc(f"demand:{i}", "储能 热泵") for i in range(3)]
    backend.upsert(docs, vectors)
    backend.flush()
    backend.delete(["demand:1", "demand:unknown"])
    for flushed in (False, True):  # visible before and after the flush
        assert "demand:1" not in backend.lexical(["储能"], Filters(), K).keys
        assert "demand:1" not in backend.dense(vectors[1], Filters(), K).keys
        assert backend.get(["demand:1", "demand:0"]) == [None, docs[0]]
        assert backend.stats().documents == 2
        if not flushed:
            backend.flush()
    backend.delete([])


def test_upsert_then_search_then_delete_stays_consistent(backend: MilvusBackend) -> None:
    rng = random.Random(11)
    live: dict[str, MatchDoc] = {}
    for round_ in range(4):
        docs = [_random_doc(rng, rng.randint(0, 40)) for _ in range(25)]
        docs = list({d.key: d for d in docs}.values())
        backend.upsert(docs, _vectors(len(docs), round_))
        live.update({d.key: d for d in docs})
        gone = rng.sample(sorted(live), 6)
        backend.delete(gone)
        for key in gone:
            live.pop(key)
        backend.flush()
        assert set(backend.lexical([COMMON], Filters(), K).keys) == set(live)
        assert set(backend.dense(_vectors(1, 9)[0], Filters(), K).keys) == set(live)
        assert backend.stats().documents == len(live)


def test_a_confidential_record_never_reaches_an_outsider(backend: MilvusBackend) -> None:
    vectors = _vectors(3, 7)
    docs = [
        _doc("achievement:1", "石墨烯 散热", owner_org_id=7, confidential=True),
        _doc("achievement:2", "石墨烯 散热", owner_org_id=8, confidential=False),
        _doc("achievement:3", "石墨烯 散热", confidential=True),  # no owner: staff only
    ]
    backend.upsert(docs, vectors)
    backend.flush()
    for visible, expected in [
        (frozenset({8}), {"achievement:2"}),
        (frozenset(), {"achievement:2"}),
        (frozenset({7, 9}), {"achievement:1", "achievement:2"}),
        (None, {"achievement:1", "achievement:2", "achievement:3"}),
    ]:
        filters = Filters(visible_orgs=visible)
        assert set(backend.lexical(["石墨烯"], filters, K).keys) == expected
        assert set(backend.dense(vectors[0], filters, K).keys) == expected


def test_wrong_shapes_are_invalid_input(backend: MilvusBackend) -> None:
    with pytest.raises(InvalidInput):
        backend.upsert([_doc("patent:1", "光伏")], _vectors(2, 0))
    with pytest.raises(InvalidInput):
        backend.dense(np.zeros(DIM + 1, dtype=np.float32), Filters(), 5)
    assert len(backend.lexical([], Filters(), 5)) == 0


# ---------------------------------------------------------------- Milvus Lite process


def test_lite_server_listens_on_loopback_only_and_stops_on_close(tmp_path: Path) -> None:
    backend = MilvusBackend(tmp_path / "lite", "docs", DIM)
    port = backend.lite.port if backend.lite else 0
    addresses = _listening_addresses(port)
    # 127.0.0.1 in /proc/net/tcp, or ::ffff:127.0.0.1 (IPv4-mapped) in /proc/net/tcp6
    assert addresses and addresses <= {"0100007F", "0000000000000000FFFF00000100007F"}
    backend.close()
    assert _listening_addresses(port) == set()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_reopening_keeps_the_data_and_checks_the_dimension(tmp_path: Path) -> None:
    first = MilvusBackend(tmp_path / "lite", "docs", DIM)
    first.upsert([_doc("patent:1", "光伏")], _vectors(1, 8))
    first.flush()
    first.close()
    again = MilvusBackend(tmp_path / "lite", "docs", DIM)
    assert again.lexical(["光伏"], Filters(), K).keys == ["patent:1"]
    again.close()
    with pytest.raises(Conflict):
        MilvusBackend(tmp_path / "lite", "docs", DIM * 2)


def test_a_lite_directory_serves_one_backend_at_a_time(backend: MilvusBackend) -> None:
    assert backend.lite is not None
    with pytest.raises(Conflict):
        MilvusBackend(backend.lite.data_dir, "other", DIM)
