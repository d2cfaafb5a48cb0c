"""``xinzhi maturity``: TRL scales and conversion, the automatic prior, evidence-gated
assessments (answer, approve) and their history. The CLI acts as the local operator (admin)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx

SCALE_CHOICE = click.Choice(["nasa", "eu", "gbt"])


@click.group()
def maturity() -> None:
    """技术成熟度 TRL: NASA / EU / GB/T scales, evidence-gated assessments with history."""


@maturity.command("scales")
@json_option
def scales_cmd(as_json: bool) -> None:
    """List the scales (levels, document, sources) and the mapping table between them."""
    from xinzhi.maturity.scales import mapping, scales

    data = {
        "scales": [s.model_dump(mode="json") for s in scales().values()],
        "mapping": mapping().model_dump(),
    }

    def human(d: dict[str, Any]) -> str:
        lines = []
        for s in d["scales"]:
            lines.append(f"{s['id']}: {s['name_zh']} — {s['document']} (verified: {s['verified']})")
            lines += [f"  {lv['level']} {lv['title_zh']}" for lv in s["levels"]]
        lines.append(f"mapping {d['mapping']['version']}: nasa eu gbt (≈ approximate)")
        for r in d["mapping"]["rows"]:
            flags = " ".join(
                "=" if r[p] == "exact" else "≈" for p in ("nasa_eu", "nasa_gbt", "eu_gbt")
            )
            lines.append(f"  {r['nasa']} {r['eu']} {r['gbt']}  [{flags}]  {r['note']}")
        return "\n".join(lines)

    emit(data, as_json, human)


@maturity.command("convert")
@click.argument("level", type=int)
@click.argument("from_scale", type=SCALE_CHOICE)
@click.argument("to_scale", type=SCALE_CHOICE)
@json_option
def convert_cmd(level: int, from_scale: str, to_scale: str, as_json: bool) -> None:
    """Convert LEVEL from one scale to another, saying when the mapping is approximate."""
    from xinzhi.maturity.scales import convert

    result = convert(level, from_scale, to_scale)

    def human(d: dict[str, Any]) -> str:
        mark = "≈ approximate" if d["approximate"] else "= exact"
        line = f"{from_scale} {level} → {to_scale} {d['level']}  ({mark})"
        return line + (f"\n  {d['note']}" if d["note"] else "")

    emit(result.model_dump(), as_json, human)


def _prior_text(d: dict[str, Any]) -> str:
    lines = [
        f"proposed: {d['scale']} {d['level'] if d['level'] is not None else '—'}"
        + (" (≈ from GB/T)" if d["approximate"] else "")
    ]
    lines += [f"  [{r['kind']}] {r['detail']}" for r in d["reasons"]]
    return "\n".join(lines)


@maturity.command("prior")
@click.argument("achievement_id", type=int)
@click.option("--scale", type=SCALE_CHOICE, default="gbt", show_default=True)
@click.option("--assessment", "assessment_id", type=int, help="Decide on this assessment's prior.")
@click.option("--confirm", is_flag=True, help="Confirm the stored prior (with --assessment).")
@click.option("--override", "override", type=int, help="Override with this level (needs --reason).")
@click.option("--reason", default="", help="Why the prior is overridden.")
@json_option
@pass_ctx
def prior_cmd(
    ctx: CliContext,
    achievement_id: int,
    scale: str,
    assessment_id: int | None,
    confirm: bool,
    override: int | None,
    reason: str,
    as_json: bool,
) -> None:
    """Show the automatic TRL prior of an achievement, or confirm/override an assessment's."""
    from xinzhi.core.errors import InvalidInput
    from xinzhi.maturity import service, views

    principal = ctx.principal
    if assessment_id is None:
        if confirm or override is not None:
            raise InvalidInput("--confirm/--override need --assessment ID")
        with ctx.migrated_db().read() as session:
            prior = service.prior_for(session, principal, achievement_id, scale)
        emit(prior.model_dump(mode="json"), as_json, _prior_text)
        return
    if confirm == (override is not None):
        raise InvalidInput("give exactly one of --confirm or --override LEVEL")
    with ctx.migrated_db().write(actor=principal.actor) as session:
        row = service.get_assessment(session, principal, assessment_id)
        if row.achievement_id != achievement_id:
            raise InvalidInput(f"assessment {assessment_id} is not of achievement {achievement_id}")
        row = service.decide_prior(session, principal, assessment_id, level=override, reason=reason)
        data = views.summary(row).model_dump(mode="json")
    emit(data, as_json, lambda d: f"prior {d['prior_decision']}: target level {d['target_level']}")


def _view_text(d: dict[str, Any]) -> str:
    head = (
        f"assessment {d['id']} of achievement {d['achievement_id']} «{d['achievement_title']}»"
        f"  {d['scale']} / {d['track']}  {d['status']}  achieved: {d['achieved_level'] or '—'}"
    )
    lines = [head]
    if d["prior"]:
        lines.append(f"prior: {d['prior']['level']} ({d['prior_decision'] or 'undecided'})")
    for lv in d["levels"]:
        state = (
            ("approved by " + lv["approval"]["reviewer"])
            if lv["approval"]
            else ("ready" if lv["ready"] else "open")
        )
        lines.append(f"  L{lv['level']} {lv['title_zh']}  [{state}]")
        for c in lv["criteria"]:
            files = len(c["evidence"])
            lines.append(f"    {c['id']:14} {c['answer'] or '—':15} files:{files}  {c['text']}")
    return "\n".join(lines)


@maturity.command("assess")
@click.argument("achievement_id", type=int)
@click.option("--scale", type=SCALE_CHOICE, default="gbt", show_default=True)
@click.option(
    "--track",
    type=click.Choice(["hardware", "software", "both"]),
    default="hardware",
    show_default=True,
)
@click.option("--note", default="")
@click.option("--no-carry-over", is_flag=True, help="Start empty instead of copying answers.")
@json_option
@pass_ctx
def assess_cmd(
    ctx: CliContext,
    achievement_id: int,
    scale: str,
    track: str,
    note: str,
    no_carry_over: bool,
    as_json: bool,
) -> None:
    """Start a new (re-)assessment of an achievement; the previous one is kept as history."""
    from xinzhi.maturity import service, views

    principal = ctx.principal
    with ctx.migrated_db().write(actor=principal.actor) as session:
        row = service.start_assessment(
            session,
            principal,
            achievement_id,
            scale=scale,
            track=track,
            note=note,
            carry_over=not no_carry_over,
        )
        data = views.view(session, row).model_dump(mode="json")
    emit(data, as_json, _view_text)


@maturity.command("show")
@click.argument("assessment_id", type=int)
@json_option
@pass_ctx
def show_cmd(ctx: CliContext, assessment_id: int, as_json: bool) -> None:
    """Show one assessment: checklist by level, answers, evidence, approvals, blockers."""
    from xinzhi.maturity import service, views

    with ctx.migrated_db().read() as session:
        row = service.get_assessment(session, ctx.principal, assessment_id)
        data = views.view(session, row).model_dump(mode="json")
    emit(data, as_json, _view_text)


@maturity.command("answer")
@click.argument("assessment_id", type=int)
@click.argument("criterion_id")
@click.argument("value", type=click.Choice(["met", "not_met", "not_applicable"]))
@click.option("--note", default="")
@click.option(
    "--evidence",
    "evidence",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Evidence file (repeatable); its SHA-256 is stored.",
)
@json_option
@pass_ctx
def answer_cmd(
    ctx: CliContext,
    assessment_id: int,
    criterion_id: str,
    value: str,
    note: str,
    evidence: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Answer one criterion (met / not_met / not_applicable) and attach evidence files."""
    from xinzhi.maturity import service

    principal = ctx.principal
    with ctx.migrated_db().write(actor=principal.actor) as session:
        row = service.answer(session, principal, assessment_id, criterion_id, value, note)
        stored = []
        for path in evidence:
            with path.open("rb") as handle:
                item = service.add_evidence(
                    session, ctx.settings, principal, assessment_id, criterion_id, path.name, handle
                )
            stored.append({"id": item.id, "filename": item.filename, "sha256": item.sha256})
        data = {"criterion": row.criterion_id, "answer": row.answer, "evidence": stored}
    emit(
        data,
        as_json,
        lambda d: (
            f"{d['criterion']}: {d['answer']}"
            + "".join(f"\n  {e['filename']} sha256:{e['sha256']}" for e in d["evidence"])
        ),
    )


@maturity.command("approve")
@click.argument("assessment_id", type=int)
@click.argument("level", type=int)
@click.option("--note", default="")
@click.option("--revoke", is_flag=True, help="Withdraw the approval instead (needs --reason).")
@click.option("--reason", default="")
@json_option
@pass_ctx
def approve_cmd(
    ctx: CliContext,
    assessment_id: int,
    level: int,
    note: str,
    revoke: bool,
    reason: str,
    as_json: bool,
) -> None:
    """Approve LEVEL (refused unless every applicable criterion is met with evidence)."""
    from xinzhi.maturity import service, views

    principal = ctx.principal
    with ctx.migrated_db().write(actor=principal.actor) as session:
        if revoke:
            service.revoke_approval(session, principal, assessment_id, level, reason)
        else:
            service.approve_level(session, principal, assessment_id, level, note)
        row = service.get_assessment(session, principal, assessment_id)
        data = views.summary(row).model_dump(mode="json")
    emit(
        data,
        as_json,
        lambda d: (
            f"approved levels {d['approved_levels']}; achieved TRL "
            f"{d['achieved_level'] or '—'} ({d['scale']})"
        ),
    )


@maturity.command("history")
@click.argument("achievement_id", type=int)
@json_option
@pass_ctx
def history_cmd(ctx: CliContext, achievement_id: int, as_json: bool) -> None:
    """Every assessment of an achievement, newest first."""
    from xinzhi.maturity import service, views

    with ctx.migrated_db().read() as session:
        rows = service.history(session, ctx.principal, achievement_id)
        data = [views.summary(r).model_dump(mode="json") for r in rows]
    emit(
        data,
        as_json,
        lambda d: (
            "\n".join(
                f"#{r['id']} {r['created_at'][:16]} {r['scale']}/{r['track']} {r['status']:10} "
                f"achieved {r['achieved_level'] or '—'}  approved {r['approved_levels']}  "
                f"prior {r['prior_level'] or '—'} {r['prior_decision'] or ''}  by {r['created_by']}"
                for r in d
            )
            or "no assessments"
        ),
    )


@maturity.command("track")
@click.option("--q", "q", default="", help="Keyword query over achievements (Chinese search).")
@click.option("--field", default=None, help="Only achievements of this field.")
@click.option("--scale", type=SCALE_CHOICE, default="gbt", show_default=True)
@json_option
@pass_ctx
def track_cmd(ctx: CliContext, q: str, field: str | None, scale: str, as_json: bool) -> None:
    """A track's maturity: TRL distribution of the achievements matching a query."""
    from xinzhi.maturity import service

    with ctx.migrated_db().read() as session:
        report = service.track_report(session, ctx.principal, q=q, field=field, scale=scale)
    data = report.model_dump(mode="json")

    def human(d: dict[str, Any]) -> str:
        m = d["maturity"]
        dist = " ".join(f"{k}:{v}" for k, v in m["distribution"].items() if v)
        return (
            f"{d['matching']} achievements, {d['with_trl']} with a TRL "
            f"({d['evidence_backed']} evidence-backed); on {m['scale']}: mean {m['mean']}, "
            f"median {m['median']}, {dist} ({m['approximate']} converted approximately)"
        )

    emit(data, as_json, human)
