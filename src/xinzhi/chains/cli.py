"""``xinzhi chains …``: import (versioned), list, place (with progress), the weak-link table,
recommendations and the Excel export of a region."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx


@click.group()
def chains() -> None:
    """产业链图谱 Chains: import, place the catalog, weak links and recommendations."""


@chains.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_ctx
def import_cmd(ctx: CliContext, file: Path, as_json: bool) -> None:
    """Import a chain YAML file; a name seen before becomes its next version."""
    from xinzhi.chains import service, spec

    checked = spec.load_file(file)
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        chain = service.import_chain(session, checked)
        data = {"id": chain.id, "name": chain.name, "version": chain.version,
                "nodes": len(chain.nodes)}  # fmt: skip
    if as_json:
        emit(data, True)
    else:
        click.echo(data["id"])


@chains.command("list")
@json_option
@pass_ctx
def list_cmd(ctx: CliContext, as_json: bool) -> None:
    """Chains with their versions and when they were last placed."""
    from xinzhi.chains import service

    with ctx.migrated_db().read() as session:
        rows = [
            {"id": c.id, "name": c.name, "version": c.version, "nodes": len(c.nodes),
             "placed_at": c.placed_at.isoformat() if c.placed_at else None}
            for c in service.list_chains(session)
        ]  # fmt: skip
    emit(rows, as_json, _list_text)


def _list_text(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"{r['id']}\t{r['name']} v{r['version']}\t{r['nodes']} 个环节\t"
        f"{r['placed_at'] or '尚未归属'}"
        for r in rows
    ]
    return "\n".join(lines) or "尚无产业链 no chains"


@chains.command("place")
@click.argument("chain_id", type=int)
@click.option("--queue", is_flag=True, help="Submit the chains.place job to the worker.")
@json_option
@pass_ctx
def place_cmd(ctx: CliContext, chain_id: int, queue: bool, as_json: bool) -> None:
    """Place the catalog's patents, organisations, achievements, experts and demands."""
    from xinzhi.chains import service
    from xinzhi.core import jobs

    db = ctx.migrated_db()
    if queue:
        with db.read() as session:
            service.get_chain(session, chain_id)
        job_id = jobs.submit(db, jobs.make_huey(ctx.settings), "chains.place",
                             {"chain_id": chain_id}, ctx.principal)  # fmt: skip
        emit({"job_id": job_id}, as_json, lambda d: f"已提交归属任务 job #{d['job_id']}")
        return
    bar = _Bar(enabled=not as_json)
    try:
        with db.write(actor=ctx.principal.actor) as session:
            chain = service.get_chain(session, chain_id)
            summary = service.place_chain(session, chain, progress=bar)
    finally:
        bar.close()
    emit({"chain_id": chain_id, **summary}, as_json, _place_summary)


def _place_summary(d: dict[str, Any]) -> str:
    parts = "，".join(f"{k} {v}" for k, v in d["placed"].items()) or "无"
    return (
        f"产业链 {d['chain_id']} 归属完成：{parts}"
        f"（读取专利 {d['patents_read']}，保留人工判断 {d['kept']}）"
    )


class _Bar:
    def __init__(self, enabled: bool) -> None:
        self.enabled, self.pos = enabled, 0
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="归属 placing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(0, done - self.pos))
        self.pos = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@chains.command("nodes")
@click.argument("chain_id", type=int)
@click.option("--region", required=True, help="GB/T 2260 code or province name.")
@json_option
@pass_ctx
def nodes_cmd(ctx: CliContext, chain_id: int, region: str, as_json: bool) -> None:
    """The weak-link table of a region: every node's score, measures and reasons."""
    from xinzhi.chains import views

    with ctx.migrated_db().read() as session:
        rows = views.weak_table(session, ctx.principal, chain_id, region)[1]
    emit(rows, as_json, lambda rs: "\n".join(
        f"{r['name']}\t{_score(r['weak_score'])}\t{r['reasons'][0]}" for r in rs))  # fmt: skip


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@chains.command("recommend")
@click.argument("chain_id", type=int)
@click.argument("key")
@click.option("--region", required=True, help="GB/T 2260 code or province name.")
@json_option
@pass_ctx
def recommend_cmd(ctx: CliContext, chain_id: int, key: str, region: str, as_json: bool) -> None:
    """补链/强链 recommendations for one node."""
    from xinzhi.chains import views

    with ctx.migrated_db().read() as session:
        rows = views.node_recommendations(session, ctx.principal, chain_id, key, region)
    emit(rows, as_json, _recommend_text)


def _recommend_text(rows: list[dict[str, Any]]) -> str:
    lines = [f"{r['type']}\t{r['name']}\t{'；'.join(r['reasons'])}" for r in rows]
    return "\n".join(lines) or "暂无建议"


@chains.command("export")
@click.argument("chain_id", type=int)
@click.option("--region", required=True, help="GB/T 2260 code or province name.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def export_cmd(ctx: CliContext, chain_id: int, region: str, out: Path) -> None:
    """The weak-link table as Excel (.xlsx) or Word (.docx, by the file's suffix)."""
    from xinzhi.chains import export

    with ctx.migrated_db().read() as session:
        data = export.export_bytes(session, ctx.principal, chain_id, region, out.suffix.lower())
    out.write_bytes(data)
    click.echo(str(out))


@chains.command("demo")
@json_option
@pass_ctx
def demo_cmd(ctx: CliContext, as_json: bool) -> None:
    """Import the two shipped chains (光伏, 锂电池/储能) and place the catalog on them."""
    from xinzhi.chains.demo import load_demo

    emit(load_demo(ctx.migrated_db()), as_json, lambda d: f"已导入示例产业链：{d['chains']}")


@chains.command("platforms")
@click.option("--import", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Create or update platforms from a YAML file first.")  # fmt: skip
@json_option
@pass_ctx
def platforms_cmd(ctx: CliContext, file: Path | None, as_json: bool) -> None:
    """The 概念验证中心/中试平台 registry (optionally importing a YAML file first)."""
    from sqlalchemy import select

    from xinzhi.chains import platforms
    from xinzhi.chains.models import Platform

    db = ctx.migrated_db()
    if file is not None:
        with db.write(actor=ctx.principal.actor) as session:
            counts = platforms.import_platforms(session, platforms.load_file(file))
        click.echo(f"平台：新增 {counts['created']}，更新 {counts['updated']}", err=True)
    with db.read() as session:
        rows = [platforms.read(p, ctx.settings) for p in session.scalars(select(Platform))]
    emit(rows, as_json, lambda rs: "\n".join(
        f"{r['name']}\t{r['kind_label']}\tTRL {r['trl_from']}–{r['trl_to']}"
        f"{'（假设）' if r['trl_assumed'] else ''}" for r in rs) or "暂无平台")  # fmt: skip
