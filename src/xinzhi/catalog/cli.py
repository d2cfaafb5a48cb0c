"""Noun groups mirroring the REST API: ``xinzhi demands list|get|create|update|delete``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from xinzhi.catalog import service
from xinzhi.catalog.entities import ENTITIES, Entity
from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core.errors import InvalidInput


def _payload(data: str | None, file: Path | None) -> dict[str, Any]:
    raw = file.read_text(encoding="utf-8") if file else data
    if not raw:
        raise InvalidInput("give the record as --data '{...}' or --file record.json")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"the record is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise InvalidInput("the record must be a JSON object")
    return value


def _row(entity: Entity, obj: Any) -> dict[str, Any]:
    return entity.read.model_validate(obj).model_dump(mode="json")


def _table(entity: Entity, rows: list[dict[str, Any]], total: int) -> str:
    cols = ("id", *entity.list_columns)
    lines = ["\t".join(cols)]
    lines += ["\t".join(_cell(r.get(c)) for c in cols) for r in rows]
    lines.append(f"({len(rows)} of {total})")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = "；".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def entity_group(entity: Entity) -> click.Group:
    group = click.Group(entity.name, help=f"{entity.label_zh} {entity.label_en}: list and edit.")
    record_opts = [
        click.option("--data", help="The record as a JSON object."),
        click.option("--file", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
    ]

    @group.command("list")
    @click.option("--q", default="", help="Chinese full-text query.")
    @click.option("--filter", "filters", multiple=True, help="FIELD=VALUE, repeatable.")
    @click.option("--page", default=1, show_default=True)
    @click.option("--size", default=20, show_default=True)
    @json_option
    @pass_ctx
    def list_(
        ctx: CliContext, q: str, filters: tuple[str, ...], page: int, size: int, as_json: bool
    ) -> None:
        pairs = dict(f.split("=", 1) for f in filters if "=" in f)
        with ctx.migrated_db().read() as session:
            result = service.list_records(
                session, entity, ctx.principal, q=q, filters=pairs, page=page, size=size
            )
            rows = [_row(entity, o) for o in result.items]
        data = {"total": result.total, "page": page, "size": size, "items": rows}
        emit(data, as_json, lambda d: _table(entity, d["items"], d["total"]))

    @group.command("get")
    @click.argument("record_id", type=int)
    @pass_ctx
    def get(ctx: CliContext, record_id: int) -> None:
        with ctx.migrated_db().read() as session:
            emit(_row(entity, service.get_record(session, entity, ctx.principal, record_id)), True)

    def create(ctx: CliContext, data: str | None, file: Path | None) -> None:
        body = service.validate(entity.create, _payload(data, file))
        with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
            row = _row(entity, service.create_record(session, entity, ctx.principal, body))
        emit(row, True)

    def update(ctx: CliContext, record_id: int, data: str | None, file: Path | None) -> None:
        body = service.validate(entity.update, _payload(data, file))
        with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
            obj = service.update_record(session, entity, ctx.principal, record_id, body)
            emit(_row(entity, obj), True)

    for fn in (create, update):
        command = pass_ctx(fn)
        for opt in record_opts:
            command = opt(command)
        if fn is update:
            command = click.argument("record_id", type=int)(command)
        group.command(fn.__name__, help=f"{fn.__name__.title()} one record from JSON.")(command)

    @group.command("delete")
    @click.argument("record_id", type=int)
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    @pass_ctx
    def delete(ctx: CliContext, record_id: int, yes: bool) -> None:
        if not yes:
            click.confirm(f"delete {entity.name} #{record_id}?", abort=True)
        with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
            service.delete_record(session, entity, ctx.principal, record_id)
        click.echo(f"deleted {entity.name} #{record_id}")

    return group


organisations = entity_group(ENTITIES["organisations"])
experts = entity_group(ENTITIES["experts"])
achievements = entity_group(ENTITIES["achievements"])
demands = entity_group(ENTITIES["demands"])
patents = entity_group(ENTITIES["patents"])
policies = entity_group(ENTITIES["policies"])


@click.command()
@click.argument("query")
@click.option("--types", default="", help="Comma-separated record types (default: all).")
@click.option("--limit", default=5, show_default=True)
@json_option
@pass_ctx
def search(ctx: CliContext, query: str, types: str, limit: int, as_json: bool) -> None:
    """Chinese full-text search across record types."""
    names = [t for t in types.split(",") if t] or list(ENTITIES)
    with ctx.migrated_db().read(limited=True) as session:
        out = service.search_all(session, ctx.principal, query, names, limit)
    emit(out, as_json, _human_search)


def _human_search(out: dict[str, Any]) -> str:
    lines = []
    for name, res in out.items():
        lines.append(f"{ENTITIES[name].label_zh} {name}: {res['total']}")
        lines += [f"  #{i['id']} {i['title']}" for i in res["items"]]
    return "\n".join(lines)
