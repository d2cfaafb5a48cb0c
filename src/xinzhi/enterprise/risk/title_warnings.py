"""Warnings for titles a firm holds: a review condition already failing (red), within the pack's
margin of its threshold (orange), or heading across it if last year's change repeats (yellow)."""

from __future__ import annotations

from dataclasses import replace

from xinzhi.enterprise.rules.checks import evaluate, holds, threshold_text
from xinzhi.enterprise.rules.logic import Outcome
from xinzhi.enterprise.rules.metrics import Ctx, measure
from xinzhi.enterprise.rules.result import Warning
from xinzhi.enterprise.rules.rulepack import Check, RulePack

TIERS_OF_TITLE = {
    "tech_innovative_sme": ("innovative_sme", "tech_sme"),
    "innovative_sme": ("innovative_sme",),
    "tech_sme": ("tech_sme",),
    "specialised_sme": ("specialised_sme",),
    "little_giant": ("little_giant",),
    "high_tech": ("high_tech",),
}
NUMERIC = ("ge", "gt", "le", "lt")


def title_warnings(packs: list[RulePack], ctx: Ctx) -> list[Warning]:
    held = [t.kind for t in ctx.profile.titles if t.valid_on(ctx.as_of)]
    out: list[Warning] = []
    for title in held:
        tiers = TIERS_OF_TITLE.get(str(title), ())
        for pack in (p for p in packs if p.tier in tiers):
            for check in _leaves(pack.basic):
                warning = _warn(str(title), pack, check, ctx)
                if warning is not None:
                    out.append(warning)
    return out


def _leaves(checks: list[Check]) -> list[Check]:
    out: list[Check] = []
    for check in checks:
        if check.metric is not None and check.op in NUMERIC and "review" in check.scope:
            out.append(check)
        out += _leaves([*(check.all or [])])
    return out


def _warn(title: str, pack: RulePack, check: Check, ctx: Ctx) -> Warning | None:
    now = measure(check.metric or "", ctx, check.args)
    if not isinstance(now.value, float) or not isinstance(check.value, int | float):
        return None
    threshold = float(check.value)
    level, message = _level(check, now.value, threshold, pack.warn_margin, ctx)
    if level is None:
        return None
    return Warning(
        title=title, pack=pack.id, check=check.id, text=check.text, level=level,
        value=now.value, threshold=threshold_text(check), message=message,
    )  # fmt: skip


def _level(
    check: Check, value: float, threshold: float, margin: float, ctx: Ctx
) -> tuple[str | None, str]:
    if evaluate(check, ctx, "review").outcome == Outcome.FAIL:
        return "red", f"{value:.2f} no longer meets {threshold_text(check)}"
    room = abs(value - threshold) / max(abs(threshold), 1.0) * 100.0
    if room < margin:
        return "orange", f"{value:.2f} is within {margin:g}% of the threshold {threshold:g}"
    before = measure(check.metric or "", replace(ctx, year=ctx.year - 1), check.args)
    if isinstance(before.value, float):
        projected = value + (value - before.value)
        if not holds(projected, check):
            return "yellow", (
                f"{before.value:.2f} → {value:.2f}; the same change next year gives "
                f"{projected:.2f}, which fails {threshold_text(check)}"
            )
    return None, ""
