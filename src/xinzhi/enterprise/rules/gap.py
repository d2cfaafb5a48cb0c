"""Gap advisor: how far a firm is from a tier, and the cheapest changes that close the gap.

For a score, each adjustable numeric indicator offers moves to the edge of each better band
("研发费用占比 2.60% → 3%: +5"). The effort of a move is the relative change it needs,
``|target − value| / max(|value|, 1)``; a small knapsack picks at most one move per indicator
so that the points gained cover the shortfall at the least total effort. Conditions that fail
outright are listed with value and threshold.
"""

from __future__ import annotations

from xinzhi.enterprise.rules.logic import Band, Outcome
from xinzhi.enterprise.rules.result import (
    CheckResult,
    Gap,
    IndicatorResult,
    Move,
    ScoreResult,
    TierResult,
)
from xinzhi.enterprise.rules.rulepack import Indicator, RulePack

STEP = 0.01  # how far past an exclusive edge a target lies (percent points or 万元)


def advise(pack: RulePack, result: TierResult) -> Gap:
    failing = [line for check in result.basic for line in _failing(check)]
    if pack.score is None or result.score is None or result.route == "direct":
        return Gap(failing=failing, closable=not failing)
    scored = result.score
    pairs = list(zip(pack.score.indicators, scored.indicators, strict=True))
    short = _short(scored)
    chosen: dict[str, Move] = {}
    closable = True
    for group in scored.groups:
        if group.outcome == Outcome.FAIL and group.min is not None:
            failing.append(f"{group.name}: {group.points_lo:g} < {group.min:g}")
            need = group.min - group.points_lo + (STEP if group.min_exclusive else 0.0)
            options = [_moves(i, r) for i, r in pairs if r.group == group.id]
            moves, ok = _cheapest(options, need)
            closable = closable and ok
            chosen.update({m.indicator: m for m in moves})
    if short > 0:
        gained = sum(m.points for m in chosen.values())
        options = [_moves(i, r) for i, r in pairs if r.id not in chosen]
        moves, ok = _cheapest(options, max(0.0, short - gained))
        closable = closable and ok
        chosen.update({m.indicator: m for m in moves})
    return Gap(points_short=short, moves=list(chosen.values()), closable=closable,
               failing=failing)  # fmt: skip


def _short(scored: ScoreResult) -> float:
    needed = scored.pass_mark + (1 if scored.exclusive else 0)
    return max(0.0, needed - scored.points_lo)


def _failing(check: CheckResult) -> list[str]:
    """One line per failing leaf; an ``any`` that fails is one line (none of its options holds)."""
    if check.outcome != Outcome.FAIL:
        return []
    if check.combine == "any":
        return [f"{check.text}: none of the alternatives holds"]
    if check.children:
        children = check.children[-1:] if check.combine == "cases" else check.children
        return [line for child in children for line in _failing(child)]
    value = f"{check.value:.2f}" if isinstance(check.value, float) else str(check.value)
    return [f"{check.text}: {value} (needs {check.threshold})"]


def _bands_of(ind: Indicator, res: IndicatorResult) -> tuple[Indicator, list[Band]]:
    if ind.alternatives:
        chosen = (res.choice or "").split(" ")[0]
        ind = next((a for a in ind.alternatives if a.id == chosen), ind.alternatives[0])
    return ind, [b.band() for b in ind.bands]


def _moves(ind: Indicator, res: IndicatorResult) -> list[Move]:
    if not isinstance(res.value, float) or res.outcome != Outcome.PASS:
        return []
    spec, bands = _bands_of(ind, res)
    if not spec.adjustable:
        return []
    value = res.value
    moves = []
    for band in bands:
        target = _edge(band, value)
        gain = band.points_lo - res.points_lo
        if target is None or gain <= 0:
            continue
        effort = abs(target - value) / max(abs(value), 1.0)
        label = f"{spec.text} {value:.2f}{spec.unit} → {target:g}{spec.unit}: +{gain:g}"
        moves.append(Move(indicator=ind.id, text=spec.text, value=value, target=target,
                          points=gain, effort=round(effort, 6), label=label))  # fmt: skip
    return moves


def _edge(band: Band, value: float) -> float | None:
    """The nearest value inside ``band`` from ``value`` (None when the band is unbounded there)."""
    if band.min is not None and value < band.min:
        return band.min + (STEP if band.min_exclusive else 0.0)
    if band.max is not None and value > band.max:
        return band.max - (STEP if band.max_exclusive else 0.0)
    return None


def _cheapest(options: list[list[Move]], short: float) -> tuple[list[Move], bool]:
    """At most one move per indicator, gaining ≥ ``short`` points at the least total effort."""
    best: dict[float, tuple[float, list[Move]]] = {0.0: (0.0, [])}
    for moves in options:
        nxt = dict(best)
        for gained, (effort, chosen) in best.items():
            for move in moves:
                key = min(short, gained + move.points)
                candidate = (effort + move.effort, [*chosen, move])
                if key not in nxt or candidate[0] < nxt[key][0]:
                    nxt[key] = candidate
        best = nxt
    if short <= 0:
        return [], True
    if short in best:
        return best[short][1], True
    top = max(best)  # cannot close it: show the moves that get closest
    return best[top][1], False
