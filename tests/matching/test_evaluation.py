"""The evaluation runner on labelled sets where a query and its answer share an id (CSL style)."""

from __future__ import annotations

import datetime as dt
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


def test_the_full_system_reranks_prior_art_queries(tmp_path: Path) -> None:
    """Corpus ids carry no type; the query record must still be one the shipped patent reranker
    applies to (it silently did not before, so "full system" measured hybrid + cutoff only)."""
    from xinzhi.matching.evaluation import EvalIndex, MetaColumns

    corpus, qrels = tmp_path / "c.tsv", tmp_path / "r.tsv"
    pd.DataFrame(
        {
            "id": ["p1", "p2", "p3", "p4"],
            "title": ["锂电池正极材料", "锂电池正极材料的制备", "风电叶片涂层", "锂电池隔膜"],
            "pub": ["2012-01-01", "2013-06-01", "2012-03-01", "2014-01-01"],
            "app": ["2011-01-01", "2012-09-01", "2011-05-01", "2013-02-01"],
            "people": ["王;李", "李", "赵", "钱"],
        }
    ).to_csv(corpus, sep="\t", index=False)
    pd.DataFrame({"q": ["p2"], "d": ["p1"]}).to_csv(qrels, sep="\t", index=False)
    meta = MetaColumns(date="pub", cutoff="app", people="people")
    data = LabelledSet.load(corpus, "id", ["title"], qrels, meta_cols=meta)
    embedder = get_embedder("hashing")
    vectors = embedder.embed_passages(data.doc_texts)
    index = EvalIndex.build(data, embedder, vectors, tmp_path / "i", 10)
    filters, query = index.query(0, use_meta=True)
    assert query is not None and query.entity_type == "patent"
    assert query.date == dt.date(2012, 9, 1)  # the gap is measured from the filing date
    assert index.retriever.reranker_for(query) is not None
    hits = index.retriever.search(data.query_texts[0], filters, k=10, query_doc=query)
    assert [h.key for h in hits] == ["p1", "p3"]  # published before 2012-09-01, not itself
    assert hits[0].rerank is not None and hits[0].rerank["shared_people"] > 0
