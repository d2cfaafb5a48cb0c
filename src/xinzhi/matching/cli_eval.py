"""``xinzhi eval retrieval``: retrieval quality of the full system and its baselines on any
labelled set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xinzhi.common.cli import emit, json_option


@click.group("eval")
def eval_group() -> None:
    """评测 Evaluation of retrieval on any labelled set."""


def render_eval(report: dict[str, Any]) -> str:
    header = ("system", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "build s", "p50 ms",
              "p95 ms")  # fmt: skip
    rows = [
        (
            s["system"],
            f"{s['ndcg@10']:.4f}",
            f"{s['recall@10']:.4f}",
            f"{s['recall@100']:.4f}",
            f"{s['mrr@10']:.4f}",
            f"{s['build_s']:.2f}",
            f"{s['latency_p50_ms']:.2f}",
            f"{s['latency_p95_ms']:.2f}",
        )
        for s in report["systems"]
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    out = [
        f"{report['documents']} documents, {report['queries']} queries, model {report['model']}",
        line(header),
        "  ".join("-" * w for w in widths),
        *(line(r) for r in rows),
    ]
    return "\n".join(out)


@eval_group.command("retrieval")
@click.option("--corpus", required=True, type=click.Path(path_type=Path), help="CSV/TSV/xlsx.")
@click.option("--id-col", required=True, help="Document id column of the corpus.")
@click.option("--text-col", "text_cols", required=True, multiple=True,
              help="Text column(s) of the corpus (repeatable; joined).")  # fmt: skip
@click.option("--qrels", required=True, type=click.Path(path_type=Path),
              help="Query id and relevant doc id per row (first two columns).")  # fmt: skip
@click.option("--queries", type=click.Path(path_type=Path),
              help="Query table; without it a query is its own (excluded) record.")  # fmt: skip
@click.option("--query-id-col", default="id", show_default=True)
@click.option("--query-text-col", default="text", show_default=True)
@click.option("--k", default=100, show_default=True, help="Depth of each ranking.")
@click.option("--model", default="e5-small", show_default=True, help="e5-small or hashing.")
@click.option("--limit", type=click.IntRange(1), help="Only the first N queries.")
@click.option("--date-col", default="", help="Corpus date column (full system).")
@click.option("--cutoff-col", default="", help="Self-query reference date column (prior art).")
@click.option("--people-col", default="", help="People column, ';'-separated (reranker).")
@click.option("--region-col", default="", help="Province or GB/T 2260 column (reranker).")
@json_option
def retrieval_cmd(
    corpus: Path,
    id_col: str,
    text_cols: tuple[str, ...],
    qrels: Path,
    queries: Path | None,
    query_id_col: str,
    query_text_col: str,
    k: int,
    model: str,
    limit: int | None,
    date_col: str,
    cutoff_col: str,
    people_col: str,
    region_col: str,
    as_json: bool,
) -> None:
    """BM25 baseline, the dense model alone and the full system, measured in one run."""
    from xinzhi.matching.evaluation import LabelledSet, MetaColumns, evaluate_retrieval

    meta = MetaColumns(date=date_col, cutoff=cutoff_col, people=people_col, region=region_col)
    data = LabelledSet.load(
        corpus, id_col, text_cols, qrels, queries=queries, query_id_col=query_id_col,
        query_text_col=query_text_col, limit=limit,
        meta_cols=meta if any((date_col, cutoff_col, people_col, region_col)) else None,
    )  # fmt: skip
    log = (lambda _m: None) if as_json else (lambda m: click.echo(m, err=True))
    report = evaluate_retrieval(data, k=k, model=model, log=log)
    emit(report.to_dict(), as_json, render_eval)
