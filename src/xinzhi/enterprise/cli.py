"""``xinzhi enterprise``: assess profiles, list rule packs (more sub-commands in this group)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from xinzhi.common.cli import CliContext, emit, json_option, pass_ctx
from xinzhi.core.errors import InvalidInput

if TYPE_CHECKING:
    from xinzhi.enterprise.profiles.profile import EnterpriseProfile


@click.group()
def enterprise() -> None:
    """企业服务 Enterprise services: 梯度培育 tier assessment, risk warning, policy matching."""


def parse_sets(values: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``pack.path=value`` (value as YAML) → ``{pack: {path: value}}``."""
    import yaml

    out: dict[str, dict[str, Any]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        pack, dot, path = key.partition(".")
        if not sep or not dot:
            raise InvalidInput(f"--set expects PACK.PATH=VALUE, got {item!r}")
        out.setdefault(pack, {})[path] = yaml.safe_load(raw)
    return out


@enterprise.command("assess")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--rules", default="miit-2026", show_default=True, help="Rule set: miit-2022, miit-2026."
)
@click.option("--mode", type=click.Choice(["new", "review"]), default="new", show_default=True)
@click.option("--year", type=int, help="Reference year (上年度); default: the year before --as-of.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Assessment date.")
@click.option("--region", help="GB/T 2260 code whose provincial overrides apply.")
@click.option(
    "--set",
    "sets",
    multiple=True,
    help="Override: PACK.PATH=VALUE, e.g. specialised-2022.score.pass.min=70",
)
@click.option(
    "--map", "maps", multiple=True, help="Column mapping HEADER=field (as `xinzhi import`)."
)
@json_option
def assess_cmd(
    file: Path, rules: str, mode: str, year: int | None, as_of: dt.datetime | None,
    region: str | None, sets: tuple[str, ...], maps: tuple[str, ...], as_json: bool,
) -> None:  # fmt: skip
    """Assess every enterprise in FILE (.json, .csv or .xlsx; see docs/enterprise.md)."""
    from xinzhi.catalog.importing.mapping import parse_map_options
    from xinzhi.enterprise.assessment import assess
    from xinzhi.enterprise.profiles.profile_io import read_profiles
    from xinzhi.enterprise.report import render_text

    overrides = parse_sets(sets)
    day = as_of.date() if as_of else None
    results = [
        assess(p, rules, year=year, as_of=day, mode=mode, region=region, overrides=overrides)
        for p in read_profiles(file, parse_map_options(maps))
    ]
    data = [r.model_dump(mode="json") for r in results]
    emit(data, as_json, lambda _: "\n\n".join(render_text(r) for r in results))


@enterprise.group("rules", invoke_without_command=True)
@json_option
@click.pass_context
def rules_cmd(click_ctx: click.Context, as_json: bool) -> None:
    """List rule sets and packs with their documents and effective dates (实施 dates)."""
    if click_ctx.invoked_subcommand is not None:
        return
    from xinzhi.enterprise.rules.packs import all_pack_ids, load_pack, rule_sets

    packs = [load_pack(p) for p in all_pack_ids()]
    data = {
        "sets": {k: v.model_dump() for k, v in rule_sets().items()},
        "packs": [
            {"id": p.id, "tier": p.tier, "name": p.name, "document": p.document,
             "version": p.version, "issued_on": str(p.issued_on or ""),
             "effective_from": str(p.effective_from),
             "effective_to": str(p.effective_to or ""), "applies_to": p.applies_to}
            for p in packs
        ],
    }  # fmt: skip

    def human(d: dict[str, Any]) -> str:
        lines = [f"{s}: {', '.join(v['packs'])}" for s, v in d["sets"].items()]
        lines += [f"{p['id']:20} {p['effective_from']}–{p['effective_to']:10} {p['name']}  "
                  f"{p['document']}" for p in d["packs"]]  # fmt: skip
        return "\n".join(lines)

    emit(data, as_json, human)


@rules_cmd.command("show")
@click.argument("pack")
@json_option
def rules_show_cmd(pack: str, as_json: bool) -> None:
    """Print every threshold of PACK with its source (document number, article, dates)."""
    from xinzhi.enterprise.rules.describe import as_dict, render
    from xinzhi.enterprise.rules.packs import load_pack

    loaded = load_pack(pack)
    emit(as_dict(loaded), as_json, lambda _: render(loaded))


@enterprise.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@json_option
@pass_ctx
def import_cmd(ctx: CliContext, file: Path, as_json: bool) -> None:
    """Store (create or update) every enterprise profile in FILE; each change is audited."""
    from xinzhi.enterprise.profiles.profile_io import read_profiles
    from xinzhi.enterprise.service import save_profile

    profiles = read_profiles(file)
    db = ctx.migrated_db()
    with db.write(actor=ctx.principal.actor) as session:
        ids = [save_profile(session, p).id for p in profiles]
    data = {"saved": len(ids), "ids": ids}
    emit(data, as_json, lambda d: f"saved {d['saved']} profile(s): {d['ids']}")


@enterprise.command("risk")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--region", help="Stored profiles of this GB/T 2260 region (prefix) when no FILE.")
@click.option("--years", default="", help="Trend years, e.g. 2023,2024,2025 (default: latest).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--xlsx", type=click.Path(path_type=Path, dir_okay=False), help="Write Excel.")
@json_option
@pass_ctx
def risk_cmd(
    ctx: CliContext, file: Path | None, region: str | None, years: str,
    as_of: dt.datetime | None, xlsx: Path | None, as_json: bool,
) -> None:  # fmt: skip
    """Risk early warning for FILE's enterprises or a region's stored portfolio."""
    from xinzhi.enterprise.risk.portfolio import portfolio, to_xlsx

    profiles = _profiles(ctx, file, region)
    day = as_of.date() if as_of else dt.date.today()
    wanted = [int(y) for y in years.split(",") if y.strip()] or [day.year - 1]
    view = portfolio(profiles, wanted, as_of=day)
    if xlsx:
        xlsx.write_bytes(to_xlsx(view))

    def human(_: Any) -> str:
        lines = [f"{t.year}: " + ", ".join(f"{k} {v}" for k, v in t.counts.items() if v)
                 for t in view.trend]  # fmt: skip
        for report in view.latest:
            bad = [f"{i.name} {i.level}" for i in report.indicators if i.level not in
                   ("green", "unknown")]  # fmt: skip
            lines.append(f"  {report.enterprise}: {report.level}  {'; '.join(bad)}")
        return "\n".join(lines)

    emit(view.model_dump(mode="json"), as_json, human)


def _profiles(ctx: CliContext, file: Path | None, region: str | None) -> list[EnterpriseProfile]:
    from xinzhi.enterprise.profiles.profile_io import read_profiles
    from xinzhi.enterprise.service import list_profiles, to_profile

    if file is not None:
        return read_profiles(file)
    with ctx.migrated_db().read() as session:
        return [to_profile(row) for row in list_profiles(session, region)]


@enterprise.command("seed-policies")
@json_option
@pass_ctx
def seed_policies_cmd(ctx: CliContext, as_json: bool) -> None:
    """Load the national policies of DOMAIN.md §1–2 into the policy library (idempotent)."""
    from xinzhi.enterprise.policies.service import seed

    with ctx.migrated_db().write(actor=ctx.principal.actor) as session:
        titles = [p.title for p in seed(session)]
    emit({"seeded": titles}, as_json, lambda d: "\n".join(d["seeded"]))


@enterprise.command("match")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--region", help="Stored profiles of this region when no FILE.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--automatic", is_flag=True, help="Only the 免申即享 list.")
@json_option
@pass_ctx
def match_cmd(
    ctx: CliContext, file: Path | None, region: str | None, as_of: dt.datetime | None,
    automatic: bool, as_json: bool,
) -> None:  # fmt: skip
    """Match enterprises against every policy with structured conditions."""
    from xinzhi.enterprise.policies.matching import automatic_list, match_all
    from xinzhi.enterprise.policies.service import matchable

    profiles = _profiles(ctx, file, region)
    with ctx.migrated_db().read() as session:
        policies = matchable(session)
    day = as_of.date() if as_of else None
    if automatic:
        rows = automatic_list(profiles, policies, as_of=day)
        emit(rows, as_json, lambda d: "\n".join(f"{r['enterprise']}: {r['policy']}" for r in d))
        return
    reports = [match_all(p, policies, as_of=day) for p in profiles]

    def human(_: Any) -> str:
        lines = []
        for r in reports:
            lines.append(f"{r.enterprise}: {r.counts}; ask next: {r.ask_next or '—'}")
            lines += [f"  {m.result:13} {m.title}" for m in r.matches]
        return "\n".join(lines)

    emit([r.model_dump(mode="json") for r in reports], as_json, human)
