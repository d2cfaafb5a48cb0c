"""``xinzhi engagements``: 对接 from the command line (the operator acts with admin rights)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx

CANDIDATES = ["achievement", "person", "organisation", "patent"]
DATE = click.DateTime(formats=["%Y-%m-%d"])


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@click.group()
def engagements() -> None:
    """对接 Engagements: stages, contact log, 技术合同登记, funnel and contract export."""


def _line(e: dict[str, Any]) -> str:
    return (
        f"#{e['id']}  [{e['stage_label']}]  需求 #{e['demand_id']} {e['demand_title']}  ←  "
        f"{e['candidate_type']} #{e['candidate_id']} {e['candidate_label']}"
    )


@engagements.command("create")
@click.option("--demand", "demand_id", type=int, required=True, help="Demand id.")
@click.option("--candidate-type", type=click.Choice(CANDIDATES), required=True)
@click.option("--candidate", "candidate_id", type=int, required=True, help="Candidate id.")
@click.option("--broker", "broker_id", type=int, help="Broker's user id.")
@click.option("--score", type=float, help="Match score it came from.")
@json_option
@pass_ctx
def create_cmd(
    ctx: CliContext,
    demand_id: int,
    candidate_type: str,
    candidate_id: int,
    broker_id: int | None,
    score: float | None,
    as_json: bool,
) -> None:
    """Open an engagement at 推荐 between a demand and a candidate."""
    from xinzhi.engagements import service
    from xinzhi.engagements.schemas import EngagementCreate

    body = EngagementCreate.model_validate(
        {
            "demand_id": demand_id,
            "candidate_type": candidate_type,
            "candidate_id": candidate_id,
            "broker_id": broker_id,
            "score": score,
            "origin": "match" if score is not None else "manual",
        }
    )
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        data = service.read(session, service.create(session, ctx.principal, body)).model_dump()
    emit(data, as_json, _line)


@engagements.command("list")
@click.option("--demand", "demand_id", type=int)
@click.option("--stage", default="")
@json_option
@pass_ctx
def list_cmd(ctx: CliContext, demand_id: int | None, stage: str, as_json: bool) -> None:
    """List engagements, newest first."""
    from xinzhi.engagements import service

    with ctx.migrated_db().read() as session:
        items, total = service.list_engagements(
            session, ctx.principal, demand_id=demand_id, stage=stage, limit=1000
        )
        data = service.read_page(session, items, total).model_dump()
    emit(data, as_json, lambda d: "\n".join(_line(e) for e in d["items"]) or "（无 none）")


@engagements.command("show")
@click.argument("engagement_id", type=int)
@json_option
@pass_ctx
def show_cmd(ctx: CliContext, engagement_id: int, as_json: bool) -> None:
    """One engagement with its stage history, contacts and contract."""
    from xinzhi.engagements import access
    from xinzhi.engagements.views import read_detail

    with ctx.migrated_db().read() as session:
        data = read_detail(session, access.get_visible(session, ctx.principal, engagement_id))
    emit(data.model_dump(), as_json, _detail)


def _detail(d: dict[str, Any]) -> str:
    lines = [_line(d)]
    lines += [
        f"  {h['stage_label']}  {h['entered_at']:%Y-%m-%d}  {h['days']:.1f} 天"
        for h in d["history"]
    ]
    lines += [f"  联系 {c['date']} {c['channel_label']}: {c['summary']}" for c in d["contacts"]]
    if d["contract"]:
        c = d["contract"]
        lines.append(
            f"  合同 {c['type_label']} {c['amount_wan']:g} 万元"
            f"（技术交易额 {c['tech_amount_wan']:g}），"
            f"登记申请截止 {c['registration_deadline']}"
        )
    return "\n".join(lines)


@engagements.command("stage")
@click.argument("engagement_id", type=int)
@click.argument("stage")
@click.option(
    "--reason", help="Termination reason: mismatch, price, timing, ip, no_response, other."
)
@click.option("--note", default="")
@json_option
@pass_ctx
def stage_cmd(
    ctx: CliContext, engagement_id: int, stage: str, reason: str | None, note: str, as_json: bool
) -> None:
    """Move ENGAGEMENT_ID to STAGE (one step forward, or terminated with --reason)."""
    from xinzhi.engagements import service
    from xinzhi.engagements.schemas import StageChange

    body = StageChange(stage=stage, reason=reason, note=note)
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        e = service.change_stage(session, ctx.principal, engagement_id, body)
        data = service.read(session, e).model_dump()
    emit(data, as_json, _line)


@engagements.command("contact")
@click.argument("engagement_id", type=int)
@click.option("--date", "on", type=DATE, required=True)
@click.option(
    "--channel", type=click.Choice(["phone", "meeting", "email", "platform"]), required=True
)
@click.option("--summary", required=True)
@click.option("--participants", default="")
@click.option("--next-follow-up", type=DATE)
@json_option
@pass_ctx
def contact_cmd(
    ctx: CliContext,
    engagement_id: int,
    on: dt.datetime,
    channel: str,
    summary: str,
    participants: str,
    next_follow_up: dt.datetime | None,
    as_json: bool,
) -> None:
    """Log a contact (电话/会面/邮件/平台消息) with the next follow-up date."""
    from xinzhi.engagements import service
    from xinzhi.engagements.schemas import ContactCreate
    from xinzhi.engagements.views import read_contact

    body = ContactCreate.model_validate(
        {
            "date": on.date(),
            "channel": channel,
            "summary": summary,
            "participants": participants,
            "next_follow_up": _date(next_follow_up),
        }
    )
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        data = read_contact(service.add_contact(session, ctx.principal, engagement_id, body))
    emit(data.model_dump(), as_json, lambda d: f"联系记录 #{d['id']} 已保存 (contact saved)")


@engagements.command("contract")
@click.argument("engagement_id", type=int)
@click.option(
    "--type",
    "ctype",
    type=click.Choice(["development", "transfer", "licensing", "consulting", "service"]),
    required=True,
)
@click.option("--amount", "amount_wan", type=float, required=True, help="合同成交额 (万元).")
@click.option(
    "--non-tech", "non_tech_amount_wan", type=float, default=0.0, help="非技术性款项 (万元)."
)
@click.option("--signed-on", type=DATE, required=True)
@click.option("--registration-no")
@click.option("--transfer-mode", default="")
@click.option("--investment", "expected_investment_wan", type=float, help="预计新增投入 (万元).")
@click.option("--output", "expected_output_wan", type=float, help="预计新增产值 (万元).")
@json_option
@pass_ctx
def contract_cmd(
    ctx: CliContext,
    engagement_id: int,
    ctype: str,
    signed_on: dt.datetime,
    as_json: bool,
    **fields: Any,
) -> None:
    """Record the technology contract of a signed engagement (技术合同登记)."""
    from xinzhi.engagements import contracts
    from xinzhi.engagements.schemas import ContractCreate

    body = ContractCreate.model_validate(
        {
            "type": ctype,
            "signed_on": signed_on.date(),
            **{k: v for k, v in fields.items() if v is not None},
        }
    )
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        c = contracts.record_contract(session, ctx.principal, engagement_id, body)
        data = contracts.read_contract(c).model_dump()
    emit(
        data,
        as_json,
        lambda d: (
            f"合同 #{d['id']} 已登记：{d['type_label']} {d['amount_wan']:g} 万元，"
            f"登记申请截止 {d['registration_deadline']}（规则 {d['rule_version']}）"
        ),
    )


@engagements.command("funnel")
@click.option("--from", "date_from", type=DATE)
@click.option("--to", "date_to", type=DATE)
@click.option("--field", default="")
@click.option("--region", default="")
@json_option
@pass_ctx
def funnel_cmd(
    ctx: CliContext,
    date_from: dt.datetime | None,
    date_to: dt.datetime | None,
    field: str,
    region: str,
    as_json: bool,
) -> None:
    """The conversion funnel: stage counts, conversion and median days per stage."""
    from xinzhi.engagements import stats
    from xinzhi.engagements.messages import STAGES, zh

    f = stats.Filters(_date(date_from), _date(date_to), field, region)
    with ctx.migrated_db().read() as session:
        data = stats.funnel(session, ctx.principal, f)

    def human(d: dict[str, Any]) -> str:
        rows = []
        for stage, count in d["stages"].items():
            rate = d["conversion"].get(stage)
            days = d["median_days"].get(stage)
            rows.append(
                f"{zh(STAGES, stage):<6} {count:>5}"
                + (f"  转化 {rate:.1%}" if rate is not None else "")
                + (f"  中位 {days:.1f} 天" if days is not None else "")
            )
        pipe = " → ".join(f"{k} {v}" for k, v in d["pipeline"].items())
        return "\n".join([*rows, f"已终止 {d['terminated']}", pipe])

    emit(data, as_json, human)


@engagements.command("export")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--year", type=int)
@pass_ctx
def export_cmd(ctx: CliContext, out: Path, year: int | None) -> None:
    """Write the contracts to OUT (.xlsx) with the 技术合同认定登记表 fields."""
    from xinzhi.core.errors import InvalidInput
    from xinzhi.engagements import stats
    from xinzhi.engagements.export import write_contracts

    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(f"导出文件须为 .xlsx (export writes .xlsx, got {out.name!r})")
    f = stats.Filters(dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else stats.Filters()
    with ctx.migrated_db().read() as session, out.open("wb") as handle:
        count = write_contracts(stats.visible_contracts(session, ctx.principal, f), handle)
    click.echo(f"已导出 {count} 份合同到 {out} (exported {count} contracts)")
