"""Banded scores with honest uncertainty: each indicator gives a points range ``[lo, hi]``.

An unknown value spans ``[0, max]``; an expert-graded band (高企 "A 7–8") spans its range. The
score passes when even ``lo`` passes, fails when even ``hi`` fails, and is otherwise open
(missing data or manual review), so nothing is guessed.
"""

from __future__ import annotations

from xinzhi.enterprise.rules.logic import Outcome, all_of, find_band
from xinzhi.enterprise.rules.metrics import Ctx, measure
from xinzhi.enterprise.rules.result import GroupResult, IndicatorResult, ScoreResult
from xinzhi.enterprise.rules.rulepack import Group, Indicator, PassMark, Score


def score_indicator(ind: Indicator, ctx: Ctx) -> IndicatorResult:
    if ind.alternatives is not None:
        return _alternatives(ind, ctx)
    assert ind.metric is not None
    got = measure(ind.metric, ctx, ind.args)
    base = {"id": ind.id, "group": ind.group, "text": ind.text, "max": ind.max, "unit": ind.unit,
            "source": ind.source.cite if ind.source else ""}  # fmt: skip
    if got.value is None:
        outcome = Outcome(ind.unknown) if got.missing else Outcome.MANUAL
        return IndicatorResult(
            **base, outcome=outcome, points_hi=ind.max, detail=got.detail, missing=list(got.missing)
        )
    lo, hi, label = _points(ind, got.value)
    outcome = Outcome.PASS
    if got.missing:  # a lower bound: more may count once the missing fields are known
        hi, outcome = ind.max, Outcome(ind.unknown)
    elif lo != hi:
        outcome = Outcome.MANUAL
    return IndicatorResult(
        **base,
        outcome=outcome,
        value=got.value,
        band=label,
        points_lo=lo,
        points_hi=hi,
        detail=got.detail,
        missing=list(got.missing),
    )


def _points(ind: Indicator, value: float | str | bool) -> tuple[float, float, str]:
    if ind.points_from_value and isinstance(value, float):
        points = max(0.0, min(value, ind.max))
        return points, points, f"{points:g}"
    bands = [b.band() for b in ind.bands]
    key = str(value) if isinstance(value, bool) else value
    index = find_band(key, bands)
    if index is None:
        return 0.0, 0.0, "—"
    band = bands[index]
    return band.points_lo, band.points_hi, band.label


def _alternatives(ind: Indicator, ctx: Ctx) -> IndicatorResult:
    """One of several ways to score (科技型 R&D: by sales or by cost); the choice is an input."""
    options = [score_indicator(alt, ctx) for alt in ind.alternatives or []]
    chosen = getattr(ctx.profile, ind.choice_attr or "", None) or ind.default_choice
    picked = None
    if chosen == "higher":
        known = [o for o in options if o.outcome == Outcome.PASS]
        picked = max(known, key=lambda o: o.points_lo, default=None)
        if picked is None:
            picked = options[0]
    else:
        picked = next((o for o in options if o.id == chosen), None)
    if picked is None:
        return IndicatorResult(
            id=ind.id, group=ind.group, text=ind.text, max=ind.max,
            outcome=Outcome.MISSING, points_hi=ind.max, missing=[ind.choice_attr or ind.id],
            detail="choose which ratio is scored: " + ", ".join(o.id for o in options),
        )  # fmt: skip
    update = {"id": ind.id, "group": ind.group, "choice": f"{picked.id} ({chosen})"}
    if not picked.source and ind.source:
        update["source"] = ind.source.cite
    return picked.model_copy(update=update)


def passes(points: float, mark: PassMark) -> bool:
    return points > mark.min if mark.exclusive else points >= mark.min


def _open_outcome(results: list[IndicatorResult]) -> Outcome:
    return Outcome.MISSING if any(r.outcome == Outcome.MISSING for r in results) else Outcome.MANUAL


def _range_outcome(lo: float, hi: float, mark: PassMark, open_: Outcome) -> Outcome:
    if passes(lo, mark):
        return Outcome.PASS
    if not passes(hi, mark):
        return Outcome.FAIL
    return open_


def _group(group: Group, results: list[IndicatorResult]) -> GroupResult:
    mine = [r for r in results if r.group == group.id]
    lo = min(sum(r.points_lo for r in mine), group.max)
    hi = min(sum(r.points_hi for r in mine), group.max)
    outcome = Outcome.PASS
    if group.min is not None:
        outcome = _range_outcome(
            lo, hi, PassMark(min=group.min, exclusive=group.min_exclusive), _open_outcome(mine)
        )
    return GroupResult(
        id=group.id, name=group.name, points_lo=lo, points_hi=hi, max=group.max,
        min=group.min, min_exclusive=group.min_exclusive, outcome=outcome,
    )  # fmt: skip


def score(spec: Score, ctx: Ctx) -> ScoreResult:
    results = [score_indicator(ind, ctx) for ind in spec.indicators]
    groups = [_group(g, results) for g in spec.groups]
    lo = sum(g.points_lo for g in groups)
    hi = sum(g.points_hi for g in groups)
    total = _range_outcome(lo, hi, spec.pass_mark, _open_outcome(results))
    return ScoreResult(
        outcome=all_of([total, *(g.outcome for g in groups)]),
        points_lo=round(lo, 4),
        points_hi=round(hi, 4),
        pass_mark=spec.pass_mark.min,
        exclusive=spec.pass_mark.exclusive,
        groups=groups,
        indicators=results,
    )
