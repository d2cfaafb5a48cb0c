"""The warnings a watchlist run raises, by comparing its snapshot with the previous run's.

Each trigger is explained with its numbers and parameters, in Chinese:

- ``new_filing``: patents with an id above the previous run's highest id that name a watched
  competitor (an applicant containing the name, or an inventor equal to it, after NFKC, case
  and white-space folding);
- ``burst``: a batched Kleinberg burst (Kleinberg 2003 §4) of the query's share of all patents,
  or of one of its top terms (title keywords, IPC subclasses, applicants), that the previous
  snapshot did not hold (no burst of the same term overlapping it) and that is recent: it
  reaches a year the previous run had no data for, or the latest year not censored by
  publication lag (a burst found only in older history is a revision, not news);
- ``stage_change``: the S-curve stage (10/50/90 % convention, :mod:`xinzhi.patents.lifecycle`)
  differs from the previous run's;
- ``maturity``: the maturity measure m = y/K̂ (cumulative applications of the last fitted year
  over the fitted saturation level K̂) crosses a threshold, upwards or downwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pandas as pd

from xinzhi.patents.watch.thresholds import Thresholds, fold

FIELD_ZH = {
    "query": "检索式",
    "keyword": "标题关键词",
    "ipc": "IPC 小类",
    "applicant": "申请人",
    "inventor": "发明人",
    "province": "省份",
}
STAGE_ZH = {
    "emerging": "萌芽期",
    "growth": "成长期",
    "maturity": "成熟期",
    "saturation": "饱和期",
    "decline": "衰退期",
}
MAX_NAMED = 20  # patents named in one new-filing warning (the details keep all of them)


@dataclass(frozen=True)
class Trigger:
    """What a warning says: kind, severity, a title, the explanation and its numbers."""

    kind: str
    severity: str
    title: str
    explanation: str
    details: dict[str, Any]
    dedupe_key: str


def filing_trigger(name: str, new: pd.DataFrame, by_applicant: pd.Series, since: int) -> Trigger:
    """New patent records naming competitor ``name`` since the previous run."""
    rows: list[dict[Any, Any]] = new[["id", "pub_no", "title", "app_year"]].to_dict("records")
    applicant = by_applicant.loc[new.index].tolist()
    patents = [
        {
            "id": int(row["id"]),
            "pub_no": str(row["pub_no"]),
            "title": str(row["title"]),
            "app_year": None if pd.isna(row["app_year"]) else int(row["app_year"]),
            "matched": "applicant" if hit else "inventor",
        }
        for row, hit in zip(rows, applicant, strict=True)
    ]
    named = "；".join(f"{p['pub_no']} {p['title']}" for p in patents[:MAX_NAMED])
    more = f"（另有 {len(patents) - MAX_NAMED} 件见明细）" if len(patents) > MAX_NAMED else ""
    digest = hashlib.sha1(",".join(str(p["id"]) for p in patents).encode()).hexdigest()[:16]
    return Trigger(
        kind="new_filing",
        severity="warning",
        title=f"竞争对手 {name} 新增 {len(patents)} 件专利",
        explanation=(
            f"自上次运行（当时最大专利记录号 {since}）以来，新入库且符合本监测检索式的专利中有 "
            f"{len(patents)} 件列出 {name}（申请人包含该名称或发明人等于该名称）：{named}{more}。"
        ),
        details={"competitor": name, "since_patent_id": since, "patents": patents},
        dedupe_key=f"filing:{fold(name)}:{digest}",
    )


def _last_year(snapshot: dict[str, Any]) -> int | None:
    years = [int(y) for y in snapshot.get("applications", {})]
    return max(years) if years else None


def burst_triggers(
    previous: dict[str, Any], current: dict[str, Any], thresholds: Thresholds
) -> list[Trigger]:
    """Bursts not overlapping a previous burst of the same term and reaching recent years."""
    before: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for b in previous.get("bursts", []):
        before.setdefault((b["field"], b["term"]), []).append((int(b["start"]), int(b["end"])))
    horizon = _last_year(previous)
    latest = _last_year(current)
    recent = min(
        horizon + 1 if horizon is not None else -1,
        latest - thresholds.censored_years if latest is not None else -1,
    )
    triggers = []
    for b in current["bursts"]:
        spans = before.get((b["field"], b["term"]), [])
        if any(s <= b["end"] and b["start"] <= e for s, e in spans):
            continue
        if b["end"] < recent:
            continue
        triggers.append(_burst_trigger(b, spans, horizon, thresholds))
    return triggers


def _burst_trigger(
    b: dict[str, Any], spans: list[tuple[int, int]], horizon: int | None, th: Thresholds
) -> Trigger:
    field_zh = FIELD_ZH[b["field"]]
    counts = ""
    if b["field"] == "query":
        pairs = "，".join(f"{r}/{d}" for r, d in zip(b["r"], b["d"], strict=True))
        counts = f"各年本检索式专利数/全部专利数 r/d = {pairs}；"
    earlier = "，".join(f"{s}–{e}" for s, e in spans) or "无"
    return Trigger(
        kind="burst",
        severity="warning" if b["field"] == "query" else "info",
        title=f"{field_zh}「{b['term']}」自 {b['start']} 年起突发",
        explanation=(
            f"Kleinberg 两状态批量突发检测（Kleinberg 2003 §4；s = {th.s}，γ = {th.gamma}，"
            f"最短持续 {th.min_duration} 年）在 {field_zh}「{b['term']}」上检出 {b['start']}–"
            f"{b['end']} 年的突发，权重 {b['weight']:.2f}；{counts}上次运行（数据至 "
            f"{horizon} 年）该项的突发：{earlier}。"
        ),
        details=b | {"previous_bursts": spans, "previous_last_year": horizon, **_params(th)},
        dedupe_key=f"burst:{b['field']}:{b['term']}:{b['start']}",
    )


def _params(th: Thresholds) -> dict[str, Any]:
    return {"parameters": th.to_dict()}


def _reading(snapshot: dict[str, Any]) -> dict[str, Any]:
    reading: dict[str, Any] = snapshot.get("lifecycle") or {}
    return reading


def _fit_text(reading: dict[str, Any]) -> str:
    k_low, k_high = reading.get("K_ci") or [None, None]
    ci = f"（95% 区间 {k_low:,.0f}–{k_high:,.0f}）" if None not in (k_low, k_high) else ""
    return (
        f"{reading['model']} 拟合 K̂ = {reading['K']:,.0f}{ci}，截至 {reading['last_fitted_year']} "
        f"年累计 {reading['cumulative']:,.0f} 件，y/K̂ = {reading['maturity']:.1%}"
    )


def stage_triggers(
    previous: dict[str, Any], current: dict[str, Any], thresholds: Thresholds
) -> list[Trigger]:
    old, new = _reading(previous), _reading(current)
    if not old.get("stage") or not new.get("stage") or old["stage"] == new["stage"]:
        return []
    if old.get("model") != new.get("model"):
        return []
    caveat = "；注意：尚未越过拐点，K̂ 与阶段不可靠" if new.get("before_inflection") else ""
    a, b = old["stage"], new["stage"]
    return [
        Trigger(
            kind="stage_change",
            severity="critical" if b == "decline" else "warning",
            title=f"生命周期阶段：{STAGE_ZH[a]} → {STAGE_ZH[b]}",
            explanation=(
                f"按 10/50/90% 约定（y/K̂ < 10% 萌芽期，< 50% 成长期，< 90% 成熟期，其后饱和期；"
                f"饱和且最近 2 年逐年下降为衰退期），阶段由 {STAGE_ZH[a]}（{a}）变为 "
                f"{STAGE_ZH[b]}（{b}）。上次：{_fit_text(old)}；本次：{_fit_text(new)}；"
                f"最后 {thresholds.censored_years} 年因公开滞后不参与拟合{caveat}。"
            ),
            details={"before": old, "after": new, **_params(thresholds)},
            dedupe_key=f"stage:{new['model']}:{a}->{b}:{new['last_fitted_year']}",
        )
    ]


def maturity_triggers(
    previous: dict[str, Any], current: dict[str, Any], thresholds: Thresholds
) -> list[Trigger]:
    old, new = _reading(previous), _reading(current)
    m0, m1 = old.get("maturity"), new.get("maturity")
    if m0 is None or m1 is None or old.get("model") != new.get("model"):
        return []
    triggers = []
    for level in sorted(thresholds.maturity):
        if m0 < level <= m1:
            direction, word = "up", "升至"
        elif m1 < level <= m0:
            direction, word = "down", "降至"
        else:
            continue
        triggers.append(
            Trigger(
                kind="maturity",
                severity="warning" if direction == "up" else "info",
                title=f"技术成熟度 y/K̂ {word} {m1:.1%}，越过阈值 {level:.0%}",
                explanation=(
                    f"成熟度度量 m = 最后拟合年份的累计申请量 / 拟合饱和水平 K̂。"
                    f"上次 m = {m0:.1%}（{_fit_text(old)}），本次 m = {m1:.1%}"
                    f"（{_fit_text(new)}），{'向上' if direction == 'up' else '向下'}越过阈值 "
                    f"{level:.0%}（阈值：{', '.join(f'{t:.0%}' for t in thresholds.maturity)}）。"
                ),
                details={
                    "threshold": level,
                    "direction": direction,
                    "before": m0,
                    "after": m1,
                    "model": new["model"],
                    **_params(thresholds),
                },
                dedupe_key=f"maturity:{new['model']}:{level}:{direction}:{new['last_fitted_year']}",
            )
        )
    return triggers
