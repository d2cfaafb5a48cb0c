"""``assess(profile, rules=...)``: every tier of a rule set, the gap advisor and title warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from xinzhi.core.errors import InvalidInput
from xinzhi.enterprise.profiles.profile import EnterpriseProfile
from xinzhi.enterprise.risk.title_warnings import title_warnings
from xinzhi.enterprise.rules.gap import advise
from xinzhi.enterprise.rules.metrics import Ctx, reference_year
from xinzhi.enterprise.rules.packs import load_set
from xinzhi.enterprise.rules.result import Assessment, Status, TierResult
from xinzhi.enterprise.rules.rulepack import RulePack
from xinzhi.enterprise.rules.tiers import assess_tier

MODES = ("new", "review")


def assess(
    profile: EnterpriseProfile | Mapping[str, Any],
    rules: str = "miit-2026",
    *,
    year: int | None = None,
    as_of: dt.date | None = None,
    mode: str = "new",
    region: str | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    advise_gaps: bool = True,
) -> Assessment:
    """Assess ``profile`` under rule set ``rules`` (``miit-2022`` or ``miit-2026``).

    ``mode`` is ``new`` (application) or ``review`` (复核); ``region`` picks the province's
    overrides from ``rules/regions``; ``overrides`` change pack values by dotted path, e.g.
    ``{"specialised-2022": {"score.pass.min": 70}}``. The result keeps all of these.
    """
    if mode not in MODES:
        raise InvalidInput(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not isinstance(profile, EnterpriseProfile):
        profile = EnterpriseProfile.model_validate(profile)
    day = as_of or dt.date.today()
    region = region or profile.region_code
    rule_set, packs = load_set(rules, region=region, overrides=overrides)
    ctx = Ctx(profile=profile, year=year or reference_year(profile, day), as_of=day)
    tiers = [_tier(pack, ctx, mode, advise_gaps) for pack in packs]
    return Assessment(
        enterprise=profile.name,
        rule_set=rule_set.id,
        year=ctx.year,
        as_of=day,
        mode=mode,
        region=region,
        parameters={k: dict(v) for k, v in (overrides or {}).items()},
        packs={p.id: f"{p.version} ({p.document})" for p in packs},
        tiers=tiers,
        warnings=title_warnings(packs, ctx),
    )


def _tier(pack: RulePack, ctx: Ctx, mode: str, advise_gaps: bool) -> TierResult:
    result = assess_tier(pack, ctx, mode)
    if not pack.in_force(ctx.as_of):
        result.notes.append(
            f"{pack.id} is not in force on {ctx.as_of} ({pack.effective_from}–"
            f"{pack.effective_to or ''}); use it for reviews of titles issued under it"
        )
    if mode not in pack.applies_to:
        result.notes.append(f"{pack.id} does not apply to {mode} assessments")
    if advise_gaps and result.status != Status.ELIGIBLE:
        result.gap = advise(pack, result)
    return result
