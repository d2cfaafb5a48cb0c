"""The evaluation runner on labelled sets where a query and its answer share an id (CSL style)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xinzhi.matching.embedding import get_embedder
from xinzhi.matching.evaluation import LabelledSet, evaluate_retrieval

DOCS = {
    "d0": "钙钛矿太阳能电池的湿热稳定性与封装",
    "d1": "风电叶片前缘雨蚀防护涂层",
    "d2": "质子交换膜燃料电池双极板的成形工艺",
}
QUERIES = {"d0": "钙钛矿电池封装", "d1": "叶片涂层", "d2": "双极板成形"}


def test_a_query_may_share_its_answers_id(tmp_path: Path) -> None:
    corpus, queries, qrels = tmp_path / "c.tsv", tmp_path / "q.tsv", tmp_path / "r.tsv"
    pd.DataFrame({"id": list(DOCS), "text": list(DOCS.values())}).to_csv(
        corpus, sep="\t", index=False
    )
    pd.DataFrame({"id": list(QUERIES), "text": list(QUERIES.values())}).to_csv(
        queries, sep="\t", index=False
    )
    pd.DataFrame({"q": list(DOCS), "d": list(DOCS)}).to_csv(qrels, sep="\t", index=False)
    data = LabelledSet.load(corpus, "id", ["text"], qrels, queries=queries)
    assert data.qrels == {"d0": {"d0"}, "d1": {"d1"}, "d2": {"d2"}}
    report = evaluate_retrieval(data, embedder=get_embedder("hashing"), k=10)
    bm25 = report.systems[0]
    assert bm25.metrics == {"ndcg@10": 1.0, "recall@10": 1.0, "recall@100": 1.0, "mrr@10": 1.0}
    assert [s.name for s in report.systems] == [
        "bm25 (jieba)",
        "dense (hashing)",
        "xinzhi full system",
    ]
