"""``xinzhi challenges``: 揭榜挂帅 from the command line (the operator acts with admin rights).

list, show, create (rubric as ``--criterion 名称=权重``), status, reviewers (assign), ranking,
award, milestone, accept, overdue (warn now), stats, failures (search) and needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def challenges() -> None:
    """揭榜挂帅 Challenges: lifecycle, review, ranking, award, milestones, failure cases."""


def _line(c: dict[str, Any]) -> str:
    return (
        f"#{c['id']}  [{c['status_label']}]  {c['title']}  {c['budget_wan']:g} 万元  "
        f"{c['funding_mode_label']}  截止 {c['deadline']}"
    )


@challenges.command("list")
@click.option("--status", default="", help="draft, published, closed, under_review, …")
@json_option
@pass_ctx
def list_cmd(ctx: CliContext, status: str, as_json: bool) -> None:
    """Challenges, newest first."""
    from xinzhi.challenges import service
    from xinzhi.challenges.views import read_challenge

    with ctx.migrated_db().read() as session:
        items, total = service.list_challenges(session, ctx.principal, status=status, limit=1000)
        data = {"items": [read_challenge(c) for c in items], "total": total}
    emit(data, as_json, lambda d: "\n".join(_line(c) for c in d["items"]) or "（无 none）")


@challenges.command("show")
@click.argument("challenge_id", type=int)
@json_option
@pass_ctx
def show_cmd(ctx: CliContext, challenge_id: int, as_json: bool) -> None:
    """One challenge with its applications (teams named: the operator is staff)."""
    from xinzhi.challenges import access, flow
    from xinzhi.challenges.views import read_challenge

    with ctx.migrated_db().read() as session:
        data = read_challenge(access.get_challenge(session, ctx.principal, challenge_id))
        data["applications"] = flow.visible_applications(session, ctx.principal, challenge_id)

    def human(d: dict[str, Any]) -> str:
        lines = [_line(d)]
        for a in d["applications"]:
            ok = "符合条件" if a["eligible"] else "不符合：" + "；".join(a["reasons"])
            lines.append(f"  申报 #{a['id']} {a['lead_org_name']}  {a['status_label']}  {ok}")
        return "\n".join(lines)

    emit(data, as_json, human)


@challenges.command("create")
@click.option("--title", required=True)
@click.option("--goal", default="")
@click.option("--field", default="")
@click.option("--budget", "budget_wan", type=float, required=True, help="万元.")
@click.option("--deadline", type=DATE, required=True)
@click.option("--criterion", "criteria", multiple=True, required=True, help="名称=权重, repeated.")
@click.option(
    "--mode",
    "funding_mode",
    default="reward",
    type=click.Choice(["reward", "race", "milestone", "post"]),
)
@click.option("--open-review", is_flag=True, help="Reviewers see the teams (default: blind).")
@json_option
@pass_ctx
def create_cmd(
    ctx: CliContext,
    title: str,
    goal: str,
    field: str,
    budget_wan: float,
    deadline: dt.datetime,
    criteria: tuple[str, ...],
    funding_mode: str,
    open_review: bool,
    as_json: bool,
) -> None:
    """A draft challenge; the criteria's weights must sum to 1."""
    from xinzhi.challenges import service
    from xinzhi.challenges.schemas import ChallengeCreate
    from xinzhi.challenges.views import read_challenge

    rubric = []
    for item in criteria:
        name, _, weight = item.rpartition("=")
        rubric.append({"criterion": name, "weight": weight})
    body = ChallengeCreate.model_validate(
        {
            "title": title,
            "goal": goal,
            "field": field,
            "budget_wan": budget_wan,
            "deadline": deadline.date(),
            "rubric": rubric,
            "funding_mode": funding_mode,
            "blind": not open_review,
        }
    )
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        data = read_challenge(service.create(session, ctx.principal, body))
    emit(data, as_json, _line)


@challenges.command("status")
@click.argument("challenge_id", type=int)
@click.argument("status")
@click.option("--note", default="")
@json_option
@pass_ctx
def status_cmd(ctx: CliContext, challenge_id: int, status: str, note: str, as_json: bool) -> None:
    """Move CHALLENGE_ID to STATUS (one step along the order, or cancelled)."""
    from xinzhi.challenges import flow
    from xinzhi.challenges.schemas import StatusChange
    from xinzhi.challenges.views import read_challenge

    body = StatusChange.model_validate({"status": status, "note": note})
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        data = read_challenge(flow.change_status(session, ctx.principal, challenge_id, body))
    emit(data, as_json, _line)


@challenges.command("assign")
@click.argument("challenge_id", type=int)
@click.argument("user_id", type=int)
@click.option("--recuse-conflicted", is_flag=True)
@json_option
@pass_ctx
def assign_cmd(
    ctx: CliContext, challenge_id: int, user_id: int, recuse_conflicted: bool, as_json: bool
) -> None:
    """Assign reviewer USER_ID (refused with the conflict named, unless --recuse-conflicted)."""
    from xinzhi.challenges import review
    from xinzhi.challenges.policy import Policy
    from xinzhi.challenges.schemas import ReviewerAssign

    body = ReviewerAssign(user_id=user_id, recuse_conflicted=recuse_conflicted)
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        r = review.assign(session, ctx.principal, challenge_id, body, Policy.of(ctx.settings))
        data = {"id": r.id, "challenge_id": r.challenge_id, "user_id": r.user_id}
    emit(data, as_json, lambda d: f"已指派评审专家 #{d['user_id']} (reviewer assigned)")


@challenges.command("ranking")
@click.argument("challenge_id", type=int)
@json_option
@pass_ctx
def ranking_cmd(ctx: CliContext, challenge_id: int, as_json: bool) -> None:
    """The ranking: trimmed mean of weighted scores, spread flag, whether it is final."""
    from xinzhi.challenges import review
    from xinzhi.challenges.policy import Policy

    with ctx.migrated_db().read() as session:
        data = review.ranking(session, ctx.principal, challenge_id, Policy.of(ctx.settings))

    def human(d: dict[str, Any]) -> str:
        head = "最终结果 (final)" if d["final"] else "尚有评审未打分 (not final)"
        rows = [
            f"  {n}. 申报 #{i['application_id']}  "
            + (f"{i['score']:.2f}" if i["score"] is not None else "—")
            + f"  {i['reviewers']}/{i['assigned']} 位评审"
            + ("  分歧较大" if i["spread_flag"] else "")
            for n, i in enumerate(d["items"], start=1)
        ]
        return "\n".join([head, *rows])

    emit(data, as_json, human)


@challenges.command("award")
@click.argument("challenge_id", type=int)
@click.argument("application_id", type=int)
@click.option("--shortlist", multiple=True, type=int, help="赛马式: other shortlisted teams.")
@json_option
@pass_ctx
def award_cmd(
    ctx: CliContext,
    challenge_id: int,
    application_id: int,
    shortlist: tuple[int, ...],
    as_json: bool,
) -> None:
    """挂帅: award APPLICATION_ID once the ranking is final."""
    from xinzhi.challenges import delivery
    from xinzhi.challenges.policy import Policy
    from xinzhi.challenges.schemas import AwardIn
    from xinzhi.challenges.views import read_challenge

    body = AwardIn(application_id=application_id, shortlist=list(shortlist))
    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        c = delivery.award(session, ctx.principal, challenge_id, body, Policy.of(ctx.settings))
        data = read_challenge(c)
    emit(data, as_json, _line)


@challenges.command("accept")
@click.argument("milestone_id", type=int)
@json_option
@pass_ctx
def accept_cmd(ctx: CliContext, milestone_id: int, as_json: bool) -> None:
    """Accept a milestone (refused without approved TRL evidence at its target)."""
    from xinzhi.challenges import delivery
    from xinzhi.challenges.policy import Policy

    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        m = delivery.accept_milestone(
            session, ctx.principal, milestone_id, "", Policy.of(ctx.settings)
        )
        data = {"id": m.id, "status": m.status, "accepted_trl": m.accepted_trl}
    emit(data, as_json, lambda d: f"里程碑 #{d['id']} 已验收（TRL {d['accepted_trl']}）")


@challenges.command("overdue")
@json_option
@pass_ctx
def overdue_cmd(ctx: CliContext, as_json: bool) -> None:
    """Warn about overdue milestones now (the consumer does it hourly)."""
    from xinzhi.challenges.jobs import run

    told = run(ctx.migrated_db(), ctx.principal.actor)
    emit({"notified": told}, as_json, lambda d: f"已提醒 {d['notified']} 个逾期里程碑")


@challenges.command("stats")
@click.option("--challenge", "challenge_id", type=int)
@json_option
@pass_ctx
def stats_cmd(ctx: CliContext, challenge_id: int | None, as_json: bool) -> None:
    """Applicants, 产学研 share, eligibility failures, spread, time to award, money, outcomes."""
    from xinzhi.challenges import stats
    from xinzhi.challenges.policy import Policy

    with ctx.migrated_db().read() as session:
        data = stats.compute(session, ctx.principal, Policy.of(ctx.settings), challenge_id)
    emit(data, as_json, lambda d: "\n".join(f"{k}: {v}" for k, v in d.items()))


@challenges.command("failures")
@click.option("-q", "--query", default="", help="Chinese full-text search.")
@json_option
@pass_ctx
def failures_cmd(ctx: CliContext, query: str, as_json: bool) -> None:
    """Search the failure-case library."""
    from xinzhi.challenges import failures

    with ctx.migrated_db().read() as session:
        items, total = failures.search_cases(session, ctx.principal, query, limit=200)
        data = {"items": [failures.read(c, ctx.principal) for c in items], "total": total}
    emit(
        data,
        as_json,
        lambda d: "\n".join(f"#{c['id']}  {c['title']}" for c in d["items"]) or "（无 none）",
    )


@challenges.command("needs")
@click.option("--uncovered", is_flag=True, help="Only needs no challenge covers yet.")
@json_option
@pass_ctx
def needs_cmd(ctx: CliContext, uncovered: bool, as_json: bool) -> None:
    """The 需求清单 (key needs)."""
    from xinzhi.challenges import needs

    with ctx.migrated_db().read() as session:
        rows = needs.list_needs(session, ctx.principal, uncovered=uncovered)
    emit(
        rows,
        as_json,
        lambda d: (
            "\n".join(
                f"#{n['id']}  [{n['status_label']}]  {n['demand_title']}  卡脖子：{n['chokepoint']}"
                for n in d
            )
            or "（无 none）"
        ),
    )
