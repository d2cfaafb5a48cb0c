"""``xinzhi match …`` (index, matches with reasons, demand quality, feedback) and ``xinzhi eval``.

Matches print, per target type, the ranked titles with their fused score and the Chinese
reasons of ``explain.py``; ``--json`` prints the service's ``MatchResult`` as it is.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core.errors import InvalidInput
from xinzhi.matching.engine import MODES
from xinzhi.matching.types import ENTITY_TYPES

TARGET_LABELS = {
    "achievement": "成果",
    "patent": "专利",
    "person": "专家",
    "organisation": "机构",
    "demand": "需求",
}
SOURCE_LABELS = {"demand": "需求", "achievement": "成果", "patent": "专利", "text": "文本"}
F = Callable[..., Any]


@click.group()
def match() -> None:
    """技术匹配 Matching: 产业出题、科技答题 — index, matches with reasons, demand quality."""


# -- index ------------------------------------------------------------------------------------


class _Bar:
    """A ``click.progressbar`` on stderr, opened at the first report (``progress(done, total)``)."""

    def __init__(self, enabled: bool, label: str) -> None:
        self.enabled, self.label = enabled, label
        self.stack = ExitStack()
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.bar is None:
            self.bar = self.stack.enter_context(
                click.progressbar(length=total, label=self.label, file=sys.stderr)
            )
        self.bar.update(max(0, done - self.bar.pos))

    def close(self) -> None:
        self.stack.close()


def index_summary(report: dict[str, Any]) -> str:
    return (
        f"索引已更新 index updated: 新增 {report['added']}，更新 {report['updated']}，"
        f"删除 {report['deleted']}，未变 {report['unchanged']}；共 {report['documents']} 条"
        f"{'（已压缩）' if report.get('compacted') else ''}，用时 {report['seconds']} s"
    )


@match.command("index")
@click.option("--full", is_flag=True, help="Re-embed every record (default: only changes).")
@click.option(
    "--entity-types",
    "entity_types",
    multiple=True,
    type=click.Choice(ENTITY_TYPES),
    help="Only these record types (repeatable; default: all).",
)
@click.option("--dask", default="", help="Embed on this Dask scheduler, e.g. tcp://127.0.0.1:8786.")
@click.option("--queue", is_flag=True, help="Submit the matching.index job to the worker.")
@json_option
@pass_ctx
def index_cmd(
    ctx: CliContext,
    full: bool,
    entity_types: tuple[str, ...],
    dask: str,
    queue: bool,
    as_json: bool,
) -> None:
    """Bring the matching index in line with the catalog (incremental by content hash)."""
    db = ctx.migrated_db()
    types = entity_types or ENTITY_TYPES
    if queue:
        from xinzhi.core import jobs

        params = {"full": full, "entity_types": list(types), "dask": dask}
        job_id = jobs.submit(db, jobs.make_huey(ctx.settings), "matching.index", params,
                             ctx.principal)  # fmt: skip
        data = {"job_id": job_id}
        emit(data, as_json, lambda d: f"已提交索引任务 job #{d['job_id']} (xinzhi jobs show)")
        return
    from xinzhi.matching.service import update_index

    embed = None
    if dask:
        from xinzhi.matching.jobs import embed_corpus

        model = ctx.settings.matching_model

        def embed(texts: list[str]) -> Any:
            return embed_corpus(texts, model, dask=dask)

    bar = _Bar(enabled=not as_json, label="向量化 embedding")
    try:
        with db.read() as session:
            report = update_index(
                session, ctx.settings, entity_types=types, full=full, progress=bar, embed=embed
            )
    finally:
        bar.close()
    emit(report.to_dict(), as_json, index_summary)


# -- matches ----------------------------------------------------------------------------------


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def match_options(fn: F) -> F:
    """The filters every match command shares (``service.MatchOptions``)."""
    for option in reversed(
        (
            click.option(
                "--target",
                "targets",
                multiple=True,
                type=click.Choice(ENTITY_TYPES),
                help="Only these target types (repeatable).",
            ),
            click.option("--k", default=10, show_default=True, help="Results per target type."),
            click.option("--field", "fields", multiple=True, help="Technical field (repeatable)."),
            click.option("--region", default="", help="GB/T 2260 region code prefix, e.g. 3201."),
            click.option("--trl-min", type=click.IntRange(1, 9), help="Lowest NASA TRL."),
            click.option("--trl-max", type=click.IntRange(1, 9), help="Highest NASA TRL."),
            click.option("--date-from", type=click.DateTime(["%Y-%m-%d"]), help="Earliest date."),
            click.option("--date-to", type=click.DateTime(["%Y-%m-%d"]), help="Latest date."),
            click.option(
                "--org-kind",
                "org_kinds",
                multiple=True,
                help="Organisation kind (enterprise, university …; repeatable).",
            ),
            click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True),
            json_option,
        )
    ):
        fn = option(fn)
    return fn


def build_options(values: dict[str, Any]) -> Any:
    from xinzhi.matching.service import MatchOptions

    return MatchOptions(
        targets=tuple(values["targets"]),
        k=values["k"],
        fields=tuple(values["fields"]),
        region_prefix=values["region"],
        trl_min=values["trl_min"],
        trl_max=values["trl_max"],
        date_from=_date(values["date_from"]),
        date_to=_date(values["date_to"]),
        org_kinds=tuple(values["org_kinds"]),
        mode=values["mode"],
    )


def render_result(data: dict[str, Any]) -> str:
    """The human form of a ``MatchResult.to_dict()``."""
    query, index = data["query"], data["index"]
    kind = query["key"].partition(":")[0]
    lines = [
        f"{SOURCE_LABELS.get(kind, kind)} {query['key']}  {query['title']}",
        f"  索引 {index.get('documents', 0)} 条 · {index.get('backend', '')} · "
        f"{index.get('model', '')} · {data['took_ms']} ms",
    ]
    if not index.get("documents"):
        lines.append("  索引为空：请先运行 `xinzhi match index`。")
    quality = data.get("quality")
    if quality:
        lines.append(f"  需求质量 {quality['score']} 分 · {quality['level']}")
    for target, items in data["groups"].items():
        lines.append("")
        lines.append(f"{TARGET_LABELS.get(target, target)} ({target}) — {len(items)} 条")
        if not items:
            lines.append("  （无匹配）")
        for item in items:
            lines.append(f"  {item['rank']:>2}. {item['title']}  #{item['id']}  "
                         f"得分 {item['score']:.4f}")  # fmt: skip
            reasons = item["explanation"]["reasons"]
            if reasons:
                lines.append("      " + "；".join(reasons))
    return "\n".join(lines)


def _run_record(ctx: CliContext, entity_type: str, record_id: int, values: dict[str, Any]) -> None:
    from xinzhi.matching.service import match_record

    with ctx.migrated_db().read() as session:
        result = match_record(
            session, ctx.settings, ctx.principal, entity_type, record_id, build_options(values)
        )
    emit(result.to_dict(), values["as_json"], render_result)


def _record_command(entity_type: str, help_text: str) -> None:
    @match.command(entity_type, help=help_text)
    @click.argument("record_id", type=int)
    @match_options
    @pass_ctx
    def command(ctx: CliContext, record_id: int, **values: Any) -> None:
        _run_record(ctx, entity_type, record_id, values)


_record_command("demand", "Matches for demand ID: achievements, patents, experts, institutions.")
_record_command("achievement", "Matches for achievement ID: demands and enterprises.")
_record_command("patent", "Matches for patent ID: demands, achievements and related patents.")


@match.command("text")
@click.argument("text")
@match_options
@pass_ctx
def text_cmd(ctx: CliContext, text: str, **values: Any) -> None:
    """Matches for free TEXT (a technical demand typed in), over every record type."""
    from xinzhi.matching.service import match_text

    result = match_text(ctx.settings, ctx.principal, text, build_options(values))
    emit(result.to_dict(), values["as_json"], render_result)


# -- demand quality ---------------------------------------------------------------------------


def render_quality(q: dict[str, Any]) -> str:
    status = {"present": "✓ 完整", "partial": "△ 部分", "missing": "✗ 缺失"}
    lines = [f"需求质量 demand quality: {q['score']} 分 · {q['level']}"]
    for e in q["elements"]:
        lines.append(f"  {status.get(e['status'], e['status'])}  {e['label']}"
                     f"（{e['points']:g}/{e['weight']:g}）"
                     + (f"  {'；'.join(e['evidence'])}" if e["evidence"] else ""))  # fmt: skip
        if e["question"]:
            lines.append(f"      → {e['question']}")
    if q.get("expected_trl"):
        low, high = q["expected_trl"]
        lines.append(f"  期望成熟度: TRL {low}–{high}（NASA）")
    if q["suggested_keywords"]:
        lines.append("  推荐关键词: " + "、".join(q["suggested_keywords"]))
    if q["suggested_fields"]:
        lines.append("  推荐领域: " + "、".join(q["suggested_fields"]))
    lines += [f"  注意: {n}" for n in q["notes"]]
    return "\n".join(lines)


@match.command("quality")
@click.argument("demand_id", type=int, required=False)
@click.option("--text", default="", help="Assess this unsaved demand text instead of DEMAND_ID.")
@click.option("--title", default="", help="Title of the unsaved demand (with --text).")
@click.option("--field", default="", help="Field of the unsaved demand (with --text).")
@json_option
@pass_ctx
def quality_cmd(
    ctx: CliContext, demand_id: int | None, text: str, title: str, field: str, as_json: bool
) -> None:
    """需求质量 Completeness of demand DEMAND_ID (or --text): score, missing elements, questions."""
    from xinzhi.matching.quality import assess_demand

    if (demand_id is None) == (not text.strip()):
        raise InvalidInput("请给出需求编号 DEMAND_ID 或 --text（二选一）")
    if demand_id is None:
        result = assess_demand({"title": title, "detail": text, "field": field}).to_dict()
    else:
        from xinzhi.catalog import service as catalog
        from xinzhi.catalog.entities import get_entity

        with ctx.migrated_db().read() as session:
            demand = catalog.get_record(session, get_entity("demands"), ctx.principal, demand_id)
            result = assess_demand(demand).to_dict() | {"demand_id": demand_id}
    emit(result, as_json, render_quality)


# -- feedback ---------------------------------------------------------------------------------


@match.command("feedback")
@click.argument("source_type", type=click.Choice(["demand", "achievement", "patent"]))
@click.argument("source_id", type=int)
@click.argument("target_type", type=click.Choice(ENTITY_TYPES))
@click.argument("target_id", type=int)
@click.option("--useful/--not-useful", default=None, help="Was the proposed match useful?")
@click.option("--rank", type=click.IntRange(1), help="Rank the match was shown at.")
@click.option("--score", type=float, help="Score the match was shown with.")
@click.option("--note", default="", help="Free-text remark.")
@json_option
@pass_ctx
def feedback_cmd(
    ctx: CliContext,
    source_type: str,
    source_id: int,
    target_type: str,
    target_id: int,
    useful: bool | None,
    rank: int | None,
    score: float | None,
    note: str,
    as_json: bool,
) -> None:
    """Mark a proposed match useful or not (stored and reported)."""
    from xinzhi.matching.feedback import record_feedback

    if useful is None:
        raise InvalidInput("请用 --useful 或 --not-useful 标记这条匹配")
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        row = record_feedback(
            session, ctx.principal, ctx.settings, source_type=source_type, source_id=source_id,
            target_type=target_type, target_id=target_id, useful=useful, rank=rank, score=score,
            note=note,
        )  # fmt: skip
        data = {"id": row.id, "useful": row.useful, "model": row.model}
    emit(data, as_json, lambda d: f"已记录反馈 #{d['id']}：{'有用' if d['useful'] else '无用'}")


def render_feedback_report(report: dict[str, Any]) -> str:
    share = report["useful_share"]
    lines = [f"反馈 {report['marks']} 条；有用占比 "
             f"{'—' if share is None else f'{share:.1%}'}"]  # fmt: skip
    for target, bands in sorted(report["by_target"].items()):
        cells = [f"第 {band} 名: 有用 {c['useful']} / 无用 {c['not_useful']}"
                 for band, c in sorted(bands.items())]  # fmt: skip
        lines.append(f"  {TARGET_LABELS.get(target, target)} ({target}): " + "；".join(cells))
    return "\n".join(lines)


@match.command("feedback-report")
@json_option
@pass_ctx
def feedback_report_cmd(ctx: CliContext, as_json: bool) -> None:
    """How often proposed matches were marked useful, per target type and rank band."""
    from xinzhi.matching.feedback import feedback_report

    with ctx.migrated_db().read() as session:
        report = feedback_report(session)
    emit(report, as_json, render_feedback_report)


# -- evaluation -------------------------------------------------------------------------------


def _register_train() -> None:
    from xinzhi.matching.cli_train import train_cmd

    match.add_command(train_cmd)


_register_train()
