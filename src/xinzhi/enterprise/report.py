"""Plain-text rendering of an assessment for the terminal (the web page has its own template)."""

from __future__ import annotations

from xinzhi.enterprise.rules.result import Assessment, CheckResult, TierResult

MARK = {"eligible": "✔", "not_eligible": "✘", "manual_review": "?", "missing_data": "…",
        "not_evaluated": "–"}  # fmt: skip
STATUS_ZH = {
    "eligible": "符合 eligible",
    "not_eligible": "不符合 not eligible",
    "manual_review": "需人工审核 manual review",
    "missing_data": "缺少数据 missing data",
    "not_evaluated": "未评估 not evaluated",
}

OUTCOME_ZH = {
    "pass": "满足 met",
    "fail": "不满足 not met",
    "manual_review": "需人工审核 manual review",
    "missing_data": "缺少数据 missing data",
    "not_evaluated": "未评估 not evaluated",
}


def render_text(result: Assessment) -> str:
    head = (
        f"{result.enterprise} — {result.rule_set}, 上年度 {result.year}, "
        f"as of {result.as_of}, {result.mode}"
    )
    lines = [head]
    for tier in result.tiers:
        lines += _tier_lines(tier)
    for warning in result.warnings:
        lines.append(f"  ⚠ [{warning.level}] {warning.title}: {warning.text} — {warning.message}")
    return "\n".join(lines)


def _tier_lines(tier: TierResult) -> list[str]:
    status = str(tier.status)
    route = f" via {tier.route}" if tier.route else ""
    lines = [f"{MARK[status]} {tier.name}: {STATUS_ZH[status]}{route}  [{tier.document}]"]
    if tier.score is not None:
        s = tier.score
        span = (
            f"{s.points_lo:g}" if s.points_lo == s.points_hi else f"{s.points_lo:g}–{s.points_hi:g}"
        )
        mark = f"> {s.pass_mark:g}" if s.exclusive else f"≥ {s.pass_mark:g}"
        lines.append(f"    score {span} (needs {mark})")
    for check in tier.basic:
        if check.outcome != "pass":
            lines.append(f"    {OUTCOME_ZH[str(check.outcome)]}: {_describe(check)}")
    if tier.missing_fields:
        lines.append("    missing: " + ", ".join(tier.missing_fields[:8]))
    if tier.gap is not None:
        if tier.gap.points_short:
            lines.append(f"    {tier.gap.points_short:g} points short")
        lines += [f"    → {m.label}" for m in tier.gap.moves]
    return lines


def _describe(check: CheckResult) -> str:
    value = f"{check.value:.2f}" if isinstance(check.value, float) else check.value
    shown = f" = {value} (needs {check.threshold})" if check.threshold else ""
    return f"{check.text}{shown}"
