"""``xinzhi match train``: retrain the demand reranker from outcomes and feedback."""

from __future__ import annotations

from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx


def render_train(report: dict[str, Any]) -> str:
    lines = [
        f"标注 labels: {report['pairs']} 对 pairs, {report['demands']} 个需求 demands",
    ]
    if report["trained"]:
        lines.append(
            f"留出需求 held-out demands: {report['held_out_demands']}; nDCG@10 "
            f"{report['ndcg_before']} → {report['ndcg_after']}"
        )
    lines += [report["message"], report["message_en"]]
    return "\n".join(lines)


@click.command("train")
@click.option("--min-pairs", type=click.IntRange(1), default=30, show_default=True,
              help="Labelled pairs needed before a model is trained.")  # fmt: skip
@click.option("--min-demands", type=click.IntRange(1), default=10, show_default=True,
              help="Labelled demands needed before a model is trained.")  # fmt: skip
@json_option
@pass_ctx
def train_cmd(ctx: CliContext, min_pairs: int, min_demands: int, as_json: bool) -> None:
    """Retrain the demand → candidate reranker from outcomes and feedback (saved only if better).

    Signed and completed engagements are positives, terminated for 技术不匹配 negatives, plus
    the 有用 / 无用 marks. Reports nDCG@10 before and after on held-out demands.
    """
    from xinzhi.matching.outcomes import train

    with ctx.migrated_db().read() as session:
        report = train(session, ctx.settings, min_pairs=min_pairs, min_demands=min_demands)
    emit(report.to_dict(), as_json, render_train)
