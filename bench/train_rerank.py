"""Train the shipped reranker on the training half of the patent dev citations.

    .venv/bin/python bench/train_rerank.py [--limit N]

The queries whose publication-number hash is even (``bench_matching.held_out`` is false) are
the training half; the odd half is only ever used for reporting. Writes
``src/xinzhi/matching/data/rerank.yaml`` with the weights and their provenance, and prints the
full system's nDCG@10 on a slice of the held-out half before and after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_matching import CITATIONS, MODEL, PATENTS, cached_vectors, held_out

from xinzhi.matching.embedding import get_embedder
from xinzhi.matching.evaluation import EvalIndex, LabelledSet, MetaColumns, summary
from xinzhi.matching.training import train_reranker

TARGET = Path(__file__).resolve().parents[1] / "src/xinzhi/matching/data/rerank.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=3000, help="training queries")
    parser.add_argument("--check", type=int, default=500, help="held-out queries to report")
    args = parser.parse_args()
    data = LabelledSet.load(
        PATENTS,
        "pub_no",
        ["title"],
        CITATIONS,
        meta_cols=MetaColumns(
            date="pub_date", cutoff="app_date", people="inventors", region="province_guess"
        ),
    )
    vectors = cached_vectors("cn_energy_titles", data.doc_texts, print)
    embedder = get_embedder(MODEL)
    train = [i for i, q in enumerate(data.query_ids) if not held_out(q)][: args.limit]
    check = [i for i, q in enumerate(data.query_ids) if held_out(q)][: args.check]
    with tempfile.TemporaryDirectory() as tmp:
        index = EvalIndex.build(data, embedder, vectors, Path(tmp) / "i", 100)
        model = train_reranker(
            index,
            train,
            name="patents-prior-art-1",
            applies_to=["patent"],
            provenance={
                "data": "cn_energy_patents citations_dev.csv (training half: md5(pub_no)[0] even)",
                "model": MODEL,
                "corpus": f"{len(data.doc_ids)} patent titles",
            },
        )
        before = _ndcg(index, check, use_reranker=False)
        index.retriever.reranker = model
        after = _ndcg(index, check, use_reranker=True)
    model.provenance["held_out_check"] = {
        "queries": len(check),
        "ndcg@10_without_reranker": round(before, 4),
        "ndcg@10_with_reranker": round(after, 4),
    }
    TARGET.write_text(
        "# Trained by bench/train_rerank.py; see docs/matching.md (do not edit by hand).\n"
        + yaml.safe_dump(model.to_dict(), allow_unicode=True, sort_keys=False),
        "utf-8",
    )
    print(yaml.safe_dump(model.to_dict(), allow_unicode=True, sort_keys=False))


def _ndcg(index: EvalIndex, queries: list[int], use_reranker: bool) -> float:
    rank = index.ranker("hybrid", 100, use_meta=use_reranker)
    runs = [(rank(i), index.data.qrels[index.data.query_ids[i]]) for i in queries]
    return summary(runs)["ndcg@10"]


if __name__ == "__main__":
    main()
