"""``xinzhi patents watch``: watchlists (saved patent queries) and the warnings their runs raise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx

SCHEDULES = ["manual", "daily", "weekly"]


@click.group()
def watch() -> None:
    """专利预警 Watchlists: saved patent queries re-run on a schedule, with explained warnings."""


def _thresholds(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``key=value`` pairs; values are read as JSON when they parse (numbers, lists)."""
    from xinzhi.core.errors import InvalidInput

    found: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep:
            raise InvalidInput(f"--threshold takes key=value, got {pair!r}")
        try:
            found[key.strip()] = json.loads(raw)
        except ValueError:
            found[key.strip()] = raw
    return found


@watch.command("create")
@click.argument("name")
@click.option(
    "--keyword", "-k", "keywords", multiple=True, help="Full-text query (OR when repeated)."
)
@click.option("--province", default="", help="Province as stored, e.g. 江苏.")
@click.option("--from", "year_from", type=int, help="First application year.")
@click.option("--to", "year_to", type=int, help="Last application year.")
@click.option("--ipc", multiple=True, help="IPC prefix, e.g. H02S (OR when repeated).")
@click.option("--applicant", "applicants", multiple=True, help="Only patents of this applicant.")
@click.option("--competitor", "-c", "competitors", multiple=True, help="Watched competitor.")
@click.option(
    "--schedule",
    type=click.Choice(["manual", "daily", "weekly"]),
    default="weekly",
    show_default=True,
)
@click.option(
    "--threshold",
    "thresholds",
    multiple=True,
    help="key=value: s, gamma, min_total, min_duration, top_terms, burst_fields, model, "
    "censored_years, maturity (e.g. maturity=[0.5,0.9]).",
)
@click.option("--description", default="")
@json_option
@pass_ctx
def create_cmd(
    ctx: CliContext,
    name: str,
    keywords: tuple[str, ...],
    province: str,
    year_from: int | None,
    year_to: int | None,
    ipc: tuple[str, ...],
    applicants: tuple[str, ...],
    competitors: tuple[str, ...],
    schedule: str,
    thresholds: tuple[str, ...],
    description: str,
    as_json: bool,
) -> None:
    """Create the watchlist NAME (its first run is the baseline and raises no warning)."""
    from xinzhi.patents.watch import service
    from xinzhi.patents.watch.schemas import WatchlistCreate, WatchQuery

    data = WatchlistCreate(
        name=name,
        description=description,
        query=WatchQuery(
            keywords=list(keywords),
            province=province,
            year_from=year_from,
            year_to=year_to,
            ipc=list(ipc),
            applicants=list(applicants),
        ),
        competitors=list(competitors),
        schedule=schedule,
        thresholds=_thresholds(thresholds),
    )
    principal = ctx.principal
    with ctx.migrated_db().write(actor=principal.actor) as session:
        made = service.read_watchlist(service.create_watchlist(session, principal, data))
    emit(
        made.model_dump(mode="json"), as_json, lambda d: f"created watchlist #{d['id']} {d['name']}"
    )


@watch.command("list")
@json_option
@pass_ctx
def list_cmd(ctx: CliContext, as_json: bool) -> None:
    """Watchlists with their schedule, last status and unacknowledged warnings."""
    from xinzhi.patents.watch import service

    with ctx.migrated_db().read() as session:
        rows = [w.model_dump(mode="json") for w in service.read_watchlists(session, ctx.principal)]
    emit(rows, as_json, _human_list)


def _human_list(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no watchlists 暂无监测清单"
    return "\n".join(
        f"#{r['id']}  {r['name']}  {r['schedule']}  last: {r['last_status'] or '—'} "
        f"{(r['last_run_at'] or '')[:16]}  open warnings 未确认预警: {r['open_warnings']}"
        for r in rows
    )


@watch.command("show")
@click.argument("ref")
@json_option
@pass_ctx
def show_cmd(ctx: CliContext, ref: str, as_json: bool) -> None:
    """A watchlist (REF = id or name), its recent runs and the last snapshot."""
    from xinzhi.patents.watch import service

    with ctx.migrated_db().read() as session:
        watchlist = service.find_watchlist(session, ctx.principal, ref)
        counts = service.open_counts(session, [watchlist.id])
        data = service.read_watchlist(watchlist, counts.get(watchlist.id, 0)).model_dump(
            mode="json"
        )
        runs = [
            service.read_run(r).model_dump(mode="json")
            for r in service.list_runs(session, watchlist.id, 10)
        ]
    emit(data | {"runs": runs}, as_json, _human_show)


def _human_show(data: dict[str, Any]) -> str:
    query = {k: v for k, v in data["query"].items() if v not in ("", None, [])}
    lines = [
        f"#{data['id']} {data['name']}  ({data['schedule']}, next {data['next_run_at'] or '—'})",
        f"query 检索式: {query or 'all patents'}",
        f"competitors 竞争对手: {'，'.join(data['competitors']) or '—'}",
        f"thresholds 参数: {data['thresholds'] or 'defaults'}",
        f"open warnings 未确认预警: {data['open_warnings']}",
    ]
    for run in data["runs"]:
        snap = run["snapshot"]
        cycle = snap.get("lifecycle", {})
        lines.append(
            f"  run #{run['id']} {run['status']} {run['started_at'][:16]} "
            f"patents {snap.get('total', '—')} stage {cycle.get('stage', '—')} "
            f"y/K {cycle.get('maturity') or '—'} warnings {run['warnings_raised']} {run['error']}"
        )
    return "\n".join(lines)


def _human_outcomes(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "nothing due 没有到期的监测清单"
    return "\n".join(
        f"watchlist #{r['watchlist_id']}: {r['status']} run #{r['run_id']}, "
        f"{r['warnings']} new warning(s), {r['suppressed']} duplicate(s) suppressed {r['error']}"
        for r in rows
    )


@watch.command("run")
@click.argument("ref")
@json_option
@pass_ctx
def run_cmd(ctx: CliContext, ref: str, as_json: bool) -> None:
    """Run the watchlist REF now (in this process) and store its warnings."""
    from xinzhi.patents.watch import service
    from xinzhi.patents.watch.runner import run_watchlist

    db = ctx.migrated_db()
    with db.read() as session:
        watchlist_id = service.find_watchlist(session, ctx.principal, ref).id
    outcome = run_watchlist(db, watchlist_id, trigger="manual", actor=ctx.principal.actor)
    emit([outcome.to_dict()], as_json, _human_outcomes)


@watch.command("run-due")
@click.option("--queue", is_flag=True, help="Queue jobs for the worker instead of running here.")
@json_option
@pass_ctx
def run_due_cmd(ctx: CliContext, queue: bool, as_json: bool) -> None:
    """Run every due scheduled watchlist (for cron); exits 1 if any run failed."""
    import sys

    from xinzhi.core.jobs import make_huey
    from xinzhi.patents.watch.jobs import enqueue_due
    from xinzhi.patents.watch.runner import run_due

    db = ctx.migrated_db()
    if queue:
        ids = enqueue_due(db, make_huey(ctx.settings))
        emit({"queued_jobs": ids}, as_json, lambda d: f"queued jobs: {d['queued_jobs'] or 'none'}")
        return
    outcomes = [o.to_dict() for o in run_due(db, actor=ctx.principal.actor)]
    emit(outcomes, as_json, _human_outcomes)
    if any(o["status"] == "failed" for o in outcomes):
        sys.exit(1)


def _warnings(ctx: CliContext, ref: str | None, open_only: bool, kind: str) -> list[Any]:
    from xinzhi.patents.watch import service

    with ctx.migrated_db().read() as session:
        watchlist_id = service.find_watchlist(session, ctx.principal, ref).id if ref else None
        return service.list_warnings(
            session, ctx.principal, watchlist_id=watchlist_id, open_only=open_only, kind=kind
        )


KINDS = click.Choice(["", "new_filing", "burst", "stage_change", "maturity"])


@watch.command("warnings")
@click.argument("ref", required=False)
@click.option("--open", "open_only", is_flag=True, help="Only unacknowledged warnings.")
@click.option("--kind", type=KINDS, default="")
@json_option
@pass_ctx
def warnings_cmd(
    ctx: CliContext, ref: str | None, open_only: bool, kind: str, as_json: bool
) -> None:
    """Warnings, newest first (of the watchlist REF, or of all)."""
    rows = [w.model_dump(mode="json") for w in _warnings(ctx, ref, open_only, kind)]
    emit(rows, as_json, _human_warnings)


def _human_warnings(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no warnings 暂无预警"
    return "\n\n".join(
        f"[{w['id']}] {w['severity']} {w['kind']} · {w['watchlist']} · {w['created_at'][:16]}"
        f"{'' if w['acknowledged_at'] is None else ' · acknowledged by ' + w['acknowledged_by']}\n"
        f"  {w['title']}\n  {w['explanation']}"
        for w in rows
    )


@watch.command("ack")
@click.argument("ids", nargs=-1, type=int, required=True)
@pass_ctx
def ack_cmd(ctx: CliContext, ids: tuple[int, ...]) -> None:
    """Acknowledge the warnings IDS."""
    from xinzhi.patents.watch import service

    principal = ctx.principal
    with ctx.migrated_db().write(actor=principal.actor) as session:
        changed = service.acknowledge(session, principal, list(ids))
    click.echo(f"acknowledged 已确认 {changed} warning(s)")


@watch.command("export")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--watchlist", "ref", help="Only this watchlist (id or name).")
@click.option("--open", "open_only", is_flag=True, help="Only unacknowledged warnings.")
@click.option("--kind", type=KINDS, default="")
@pass_ctx
def export_cmd(ctx: CliContext, out: Path, ref: str | None, open_only: bool, kind: str) -> None:
    """Write warnings to OUT (.xlsx or .csv) with what triggered each."""
    from xinzhi.patents.watch.export import write_warnings

    rows = _warnings(ctx, ref, open_only, kind)
    fmt = out.suffix.lower().lstrip(".")
    from xinzhi.core.errors import InvalidInput

    if fmt not in ("xlsx", "csv"):
        raise InvalidInput(f"{out.name}: export writes .xlsx or .csv")
    with out.open("wb") as fh:
        count = write_warnings(rows, fh, fmt)
    click.echo(f"wrote {count} warning(s) to {out}")


@watch.command("delete")
@click.argument("ref")
@pass_ctx
def delete_cmd(ctx: CliContext, ref: str) -> None:
    """Delete the watchlist REF with its runs and warnings."""
    from xinzhi.patents.watch import service

    principal = ctx.principal
    with ctx.migrated_db().write(actor=principal.actor) as session:
        watchlist = service.find_watchlist(session, principal, ref)
        name = watchlist.name
        service.delete_watchlist(session, principal, watchlist.id)
    click.echo(f"deleted watchlist {name}")
