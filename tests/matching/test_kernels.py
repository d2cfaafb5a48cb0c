"""Tokens of Chinese technical terms, rank fusion, ranking metrics, the reranker kernel, and the
Dask path of batch embedding."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from xinzhi.matching.fusion import LONG_QUERY_CHARS, rrf, weights_for
from xinzhi.matching.metrics import mrr_at, ndcg_at, ndcg_graded, recall_at, summary
from xinzhi.matching.rerank import (
    FEATURES,
    RerankModel,
    pair_features,
    recency_ranks,
    shipped_model,
)
from xinzhi.matching.tokenize import Tokenizer, get_tokenizer
from xinzhi.matching.training import fit_logistic
from xinzhi.matching.types import MatchDoc


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        ("钙钛矿太阳能电池的封装方法", "钙钛矿太阳能电池", {"钙钛矿", "太阳能", "电池", "封装"}),
        ("一种磷酸铁锂正极材料", "磷酸铁锂", {"正极", "材料"}),
        ("基于机器视觉的PCB缺陷检测", "机器视觉", {"缺陷", "检测", "pcb"}),
        ("质子交换膜燃料电池双极板", "质子交换膜", {"燃料电池", "双极板", "极板"}),
        ("碳化硅功率半导体器件", "碳化硅", {"功率", "半导体", "器件"}),
    ],
)
def test_domain_terms_stay_whole_and_keep_their_parts(
    text: str, whole: str, parts: set[str]
) -> None:
    tokens = get_tokenizer().tokens(text)
    assert whole in tokens
    assert parts <= set(tokens)
    assert not {"的", "一种", "基于"} & set(tokens)  # stopwords never become tokens


def test_full_width_and_case_are_normalised() -> None:
    tok = get_tokenizer()
    assert tok.tokens("ＰＣＢ　板") == tok.tokens("pcb 板")


def test_a_user_dictionary_adds_terms_only_to_matching(tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_text("# ours\n光储充一体化 10 n\n", "utf-8")
    plain, extended = Tokenizer(), Tokenizer(path)
    assert "光储充一体化" not in plain.tokens("光储充一体化电站")
    assert "光储充一体化" in extended.tokens("光储充一体化电站")
    from xinzhi.core.text import index_tokens

    assert "光储充一体化" not in index_tokens("光储充一体化电站")  # catalog search unchanged


def test_key_terms_drop_generic_words_and_repeats() -> None:
    assert get_tokenizer().key_terms("一种储能系统及储能方法") == ["储能"]


def test_rrf_reproduces_the_formula() -> None:
    fused = rrf({"a": ["x", "y", "z"], "b": ["y", "w"]}, k=60)
    scores = {key: score for key, score, _ in fused}
    assert scores["y"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["x"] == pytest.approx(1 / 61)
    assert [key for key, _, _ in fused] == ["y", "x", "w", "z"]  # x, w tie at 1/61 and 1/62
    assert fused[0][2] == {"a": 2, "b": 1}


def test_rrf_weights_and_ties_are_deterministic() -> None:
    fused = rrf({"a": ["p"], "b": ["q"]}, weights={"a": 1.0, "b": 2.0})
    assert [key for key, _, _ in fused] == ["q", "p"]
    tied = rrf({"a": ["m"], "b": ["l"]})
    assert [key for key, _, _ in tied] == ["l", "m"]  # same score and rank: by key


def test_ranking_metrics_on_a_hand_computed_case() -> None:
    ranked = ["d3", "d1", "d7", "d2"]
    relevant = {"d1", "d2", "d9"}
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(ranked, relevant, 10) == pytest.approx(dcg / ideal)
    assert recall_at(ranked, relevant, 10) == pytest.approx(2 / 3)
    assert recall_at(ranked, relevant, 1) == 0.0
    assert mrr_at(ranked, relevant, 10) == 0.5
    assert summary([(["a"], {"a"}), (["b"], {"a"})])["ndcg@10"] == 0.5


def test_pair_features_and_an_explainable_score() -> None:
    q = MatchDoc(key="patent:1", title="q", text="q", people=("王", "李"),
                 region_code="320100", date=dt.date(2014, 1, 1))  # fmt: skip
    d = MatchDoc(key="patent:2", title="d", text="d", people=("李",),
                 region_code="320500", date=dt.date(2012, 1, 1))  # fmt: skip
    f = pair_features(q, d, rrf=1 / 61, lexical=math.e - 1, dense=0.8)
    assert f["rrf"] == pytest.approx(60 / 61) and f["lexical"] == pytest.approx(1.0)
    assert (f["shared_people"], f["same_region"], f["later"], f["no_date"]) == (1, 1, 0, 0)
    assert f["gap"] == pytest.approx(731 / 365.25)
    model = RerankModel(
        "t", {"shared_people": 2.0, "dense": 1.0}, bias=-1.0, applies_to=("patent",)
    )
    assert model.score(f) == pytest.approx(-1.0 + 2.0 + 0.8)
    assert model.contributions(f)["shared_people"] == 2.0
    assert model.applies(q) and not model.applies(MatchDoc(key="demand:1", title="", text=""))
    with pytest.raises(ValueError, match="unknown"):
        RerankModel.from_dict({"name": "x", "weights": {"colour": 1.0}})


def test_the_shipped_reranker_is_valid() -> None:
    model = shipped_model()
    if model is None:
        pytest.skip("no trained reranker shipped")
    assert set(model.weights) <= set(FEATURES)
    assert model.provenance["training_queries"] > 0
    assert model.weights["shared_people"] > 0  # self-citation is evidence of relevance


def test_logistic_fit_recovers_a_separable_direction() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2000, 2))
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.3 * rng.standard_normal(2000) > 0).astype(float)
    w, b = fit_logistic(x, y, l2=1.0)
    assert w[0] > 0 > w[1] and abs(w[0] / w[1] + 2) < 0.5 and abs(b) < 0.3


def test_batch_embedding_on_a_loopback_dask_cluster_equals_in_process() -> None:
    from distributed import Client, LocalCluster

    from xinzhi.matching.jobs import embed_corpus

    texts = [f"光伏电池片{i}号工艺" for i in range(50)]
    with LocalCluster(
        host="127.0.0.1", protocol="tcp", n_workers=1, threads_per_worker=1,
        processes=False, dashboard_address=None,
    ) as cluster, Client(cluster) as client:  # fmt: skip
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        remote = embed_corpus(texts, "hashing", dask=client, chunk=16)
    local = embed_corpus(texts, "hashing")
    assert np.allclose(remote, local)


def test_graded_ndcg_by_hand() -> None:
    grades = {"a": 2, "b": 1, "c": 0, "d": 2}
    # ranked b, a, x: DCG = 1/log2(2) + 2/log2(3); ideal 2, 2, 1 → 2 + 2/log2(3) + 1/log2(4)
    expected = (1 + 2 / math.log2(3)) / (2 + 2 / math.log2(3) + 0.5)
    assert ndcg_graded(["b", "a", "x"], grades, 10) == pytest.approx(expected)
    assert ndcg_graded(["a", "d", "b"], grades, 10) == pytest.approx(1.0)
    assert ndcg_graded(["c"], {"c": 0}, 10) == 0.0
    # binary grades give the binary definition
    assert ndcg_graded(["x", "a"], {"a": 1}, 10) == pytest.approx(ndcg_at(["x", "a"], {"a"}, 10))


def test_recency_ranks_are_relative_to_the_candidate_list() -> None:
    d = dt.date
    dates = [d(2014, 1, 1), d(2012, 1, 1), None, d(2013, 1, 1), d(2013, 1, 1)]
    # dated: 2012, 2013, 2013, 2014 → newest 0, oldest 1, the two 2013s tie between
    assert recency_ranks(dates) == [0.0, 1.0, 0.5, 0.5, 0.5]
    shifted = [x.replace(year=x.year - 3) if x else None for x in dates]
    assert recency_ranks(shifted) == recency_ranks(dates)  # same list three years earlier
    assert recency_ranks([d(2014, 1, 1)]) == [0.5]
    q = MatchDoc(key="patent:1", title="q", text="q", date=d(2014, 1, 1))
    f = pair_features(q, q, rrf=0.0, lexical=None, dense=None, recency=0.25)
    assert f["recency"] == 0.25 and set(f) == set(FEATURES)


def test_long_queries_weigh_the_lexical_ranking_half() -> None:
    base = {"lexical": 1.0, "dense": 1.0, "dense_other": 1.0}
    short = "钙钛矿电池封装"
    long = "现有钙钛矿电池组件湿热衰减快，希望封装后效率保持率达到90%以上" * 2
    assert len(short) <= LONG_QUERY_CHARS < len(long)
    assert weights_for(short, base) == base
    assert weights_for(long, base) == {"lexical": 0.5, "dense": 1.0, "dense_other": 1.0}
    # a document first in BM25 only now loses to one second in the dense ranking only
    fused = rrf({"lexical": ["a"], "dense": ["x", "b"]}, weights=weights_for(long, base))
    assert [key for key, _, _ in fused] == ["x", "b", "a"]
    assert base["lexical"] == 1.0  # not mutated
