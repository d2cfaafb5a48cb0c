"""Evaluate a rule pack's conditions (:class:`~xinzhi.enterprise.rules.rulepack.Check`) on a
profile."""

from __future__ import annotations

from xinzhi.enterprise.rules.logic import Outcome, all_of, any_of, compare
from xinzhi.enterprise.rules.metrics import Ctx, Measure, measure
from xinzhi.enterprise.rules.result import CheckResult
from xinzhi.enterprise.rules.rulepack import Check

SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "=", "is": "is", "in": "in"}


def threshold_text(check: Check) -> str:
    if check.metric is None:
        return ""
    value = check.value
    if isinstance(value, list):
        shown = ", ".join(value)
    else:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{SYMBOL[check.op]} {shown}{check.unit}"


def holds(value: float | str | bool, check: Check) -> bool:
    """The kernel: does ``value`` satisfy ``check.op check.value``?"""
    if check.op == "is":
        return value == check.value
    if check.op == "in":
        allowed = check.value if isinstance(check.value, list) else [str(check.value)]
        return str(value) in allowed
    if isinstance(value, bool | str) or not isinstance(check.value, int | float):
        return False
    return compare(float(value), check.op, float(check.value))


def evaluate(check: Check, ctx: Ctx, mode: str) -> CheckResult:
    base = {"id": check.id, "text": check.text, "threshold": threshold_text(check),
            "source": check.source.cite if check.source else ""}  # fmt: skip
    if mode not in check.scope:
        return CheckResult(**base, outcome=Outcome.NOT_EVALUATED, detail=f"not checked on {mode}")
    if check.manual:
        return CheckResult(**base, outcome=Outcome.MANUAL, detail="cannot be computed from data")
    if check.metric is not None:
        return _metric_check(check, ctx, base)
    if check.cases is not None:
        return _cases(check, ctx, mode, base)
    children = [evaluate(c, ctx, mode) for c in (check.all or check.any or [])]
    combine = all_of if check.all is not None else any_of
    outcome = combine(c.outcome for c in children)
    return CheckResult(
        **base,
        outcome=outcome,
        children=children,
        missing=_gaps(children),
        combine="all" if check.all is not None else "any",
    )


def _metric_check(check: Check, ctx: Ctx, base: dict[str, str]) -> CheckResult:
    assert check.metric is not None
    got: Measure = measure(check.metric, ctx, check.args)
    outcome = _outcome(got, check)
    return CheckResult(
        **base, outcome=outcome, value=got.value, detail=got.detail, missing=list(got.missing)
    )


def _outcome(got: Measure, check: Check) -> Outcome:
    unknown = Outcome(check.unknown)
    if got.value is None:
        return unknown if got.missing else Outcome.MANUAL
    if holds(got.value, check):
        return Outcome.PASS
    # A lower bound (some items undecided) that falls short may still pass with the data.
    return unknown if got.missing else Outcome.FAIL


def _cases(check: Check, ctx: Ctx, mode: str, base: dict[str, str]) -> CheckResult:
    """The first case whose ``when`` passes decides; an undecidable ``when`` leaves it open."""
    tried: list[CheckResult] = []
    for case in check.cases or []:
        when = evaluate(case.when, ctx, mode)
        tried.append(when)
        if when.outcome == Outcome.PASS:
            then = evaluate(case.then, ctx, mode)
            return CheckResult(
                **base,
                outcome=then.outcome,
                children=[when, then],
                missing=then.missing,
                combine="cases",
            )
        if when.outcome != Outcome.FAIL:
            return CheckResult(**base, outcome=when.outcome, children=tried, missing=when.missing)
    return CheckResult(**base, outcome=Outcome.FAIL, children=tried, detail="no case applies")


def _gaps(children: list[CheckResult]) -> list[str]:
    return list(dict.fromkeys(g for c in children for g in c.missing))
