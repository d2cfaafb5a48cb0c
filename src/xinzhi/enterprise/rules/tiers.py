"""One tier under one rule pack: basic conditions AND (any 直通 condition OR the score)."""

from __future__ import annotations

from xinzhi.enterprise.rules.checks import evaluate
from xinzhi.enterprise.rules.logic import Outcome, all_of, any_of
from xinzhi.enterprise.rules.metrics import Ctx
from xinzhi.enterprise.rules.result import STATUS_OF, CheckResult, ScoreResult, TierResult
from xinzhi.enterprise.rules.rulepack import RulePack
from xinzhi.enterprise.rules.scoring import score


def assess_tier(pack: RulePack, ctx: Ctx, mode: str) -> TierResult:
    basic = [evaluate(c, ctx, mode) for c in pack.basic]
    direct = [evaluate(c, ctx, mode) for c in pack.direct]
    scored = score(pack.score, ctx) if pack.score else None
    qualify, route = _qualify(direct, scored, pack)
    outcome = all_of([*(b.outcome for b in basic), qualify])
    return TierResult(
        pack=pack.id,
        tier=pack.tier,
        name=pack.name,
        document=pack.document,
        url=pack.url,
        version=pack.version,
        status=STATUS_OF[outcome],
        route=route if outcome == Outcome.PASS else None,
        basic=basic,
        direct=direct,
        score=scored,
        missing_fields=_missing(basic, direct, scored),
        notes=list(pack.notes),
    )


def _qualify(
    direct: list[CheckResult], scored: ScoreResult | None, pack: RulePack
) -> tuple[Outcome, str | None]:
    if any(d.outcome == Outcome.PASS for d in direct):
        return Outcome.PASS, "direct"
    routes = [d.outcome for d in direct]
    if scored is not None:
        if not direct or (pack.score and pack.score.direct_or_score):
            routes.append(scored.outcome)
        else:
            return all_of([any_of(routes), scored.outcome]), "score"
    if not routes:
        return Outcome.PASS, "conditions"
    return any_of(routes), "score" if scored is not None else "direct"


def _missing(
    basic: list[CheckResult], direct: list[CheckResult], scored: ScoreResult | None
) -> list[str]:
    found: list[str] = []

    def walk(items: list[CheckResult]) -> None:
        for item in items:
            found.extend(item.missing)
            walk(item.children)

    walk(basic)
    walk(direct)
    if scored is not None:
        for ind in scored.indicators:
            found.extend(ind.missing)
    return list(dict.fromkeys(found))
