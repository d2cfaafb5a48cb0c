"""``xinzhi patents aliases list|add|remove|suggest``: the editable applicant alias table."""

from __future__ import annotations

from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx


@click.group("aliases")
def aliases() -> None:
    """申请人别名 Applicant aliases: which spellings count as one applicant in analyses."""


@aliases.command("list")
@click.option("--q", default="", help="Only aliases whose name or canonical name contains this.")
@click.option("--limit", default=500, show_default=True)
@json_option
@pass_ctx
def list_cmd(ctx: CliContext, q: str, limit: int, as_json: bool) -> None:
    """List the aliases (alias → canonical name, source, who, when)."""
    from xinzhi.patents.aliases import alias_dict, list_aliases

    with ctx.migrated_db().read() as session:
        rows = [alias_dict(r) for r in list_aliases(session, q, limit)]
    emit(rows, as_json, _human_list)


def _human_list(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "没有别名 (no aliases)"
    return "\n".join(
        f"{r['id']:>5}  {r['alias']} → {r['canonical']}  [{r['source']}, {r['created_by']}, "
        f"{(r['created_at'] or '')[:19]}]"
        for r in rows
    )


@aliases.command("add")
@click.argument("alias")
@click.argument("canonical")
@click.option("--note", default="", help="Why (kept with the alias).")
@json_option
@pass_ctx
def add_cmd(ctx: CliContext, alias: str, canonical: str, note: str, as_json: bool) -> None:
    """Make ALIAS (and every spelling with its key) count as CANONICAL."""
    from xinzhi.patents.aliases import add_alias, alias_dict

    actor = ctx.principal.actor
    with ctx.migrated_db().write(actor=actor) as session:
        row = alias_dict(add_alias(session, alias, canonical, actor=actor, note=note))
    emit(row, as_json, lambda r: f"已添加 added: {r['alias']} → {r['canonical']} (id {r['id']})")


@aliases.command("remove")
@click.argument("alias")
@json_option
@pass_ctx
def remove_cmd(ctx: CliContext, alias: str, as_json: bool) -> None:
    """Remove an alias, given by id or by any spelling of its name."""
    from xinzhi.patents.aliases import alias_dict, remove_alias

    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        row = alias_dict(remove_alias(session, alias))
    emit(row, as_json, lambda r: f"已删除 removed: {r['alias']} → {r['canonical']}")


@aliases.command("suggest")
@click.option("--min-names", default=2, show_default=True, help="Spellings a group must have.")
@click.option("--limit", default=50, show_default=True)
@click.option("--accept", is_flag=True, help="Store every listed group as an alias (source auto).")
@json_option
@pass_ctx
def suggest_cmd(ctx: CliContext, min_names: int, limit: int, accept: bool, as_json: bool) -> None:
    """Groups of applicant names that normalise to one key, most patents first, for review."""
    from xinzhi.patents import aliases as service

    db = ctx.migrated_db()
    with db.read() as session:
        groups = service.suggest(session, min_names=min_names, limit=limit)
    accepted = 0
    if accept:
        with db.write(actor=ctx.principal.actor) as session:
            accepted = len(service.accept(session, groups, actor=ctx.principal.actor))
    data = {"groups": [g.to_dict() for g in groups], "accepted": accepted}
    emit(data, as_json, _human_suggest)


def _human_suggest(data: dict[str, Any]) -> str:
    if not data["groups"]:
        return "没有待合并的申请人 (no groups of spellings)"
    lines = []
    for group in data["groups"]:
        lines.append(f"{group['canonical']}  ({group['patents']} patents)")
        lines += [f"    {n['name']}  {n['patents']}" for n in group["names"]]
    if data["accepted"]:
        lines.append(f"已保存 stored {data['accepted']} aliases (source auto)")
    return "\n".join(lines)
