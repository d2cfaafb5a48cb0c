"""A rule pack as people read it: every threshold with its source, in Chinese
(``xinzhi enterprise rules show PACK``, ``GET /api/v1/enterprise/rules/{pack}``).

:func:`unsourced` lists the thresholds that carry no source; the pack tests require it to be
empty, so a threshold added without its document, article and date fails the build.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

from xinzhi.enterprise.rules.rulepack import BandSpec, Check, Indicator, RulePack, Source

SYMBOL = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "=", "in": "属于"}
SECTION = {"basic": "基本条件", "direct": "直通条件", "score": "评分"}
SCOPE = {"new": "新申请", "review": "复核"}


@dataclass(frozen=True)
class Line:
    """One threshold: where it sits, what it says, the rule, and its source."""

    path: str
    depth: int
    text: str
    rule: str
    source: str


def _value(value: object) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def check_rule(check: Check) -> str:
    """``≥ 3%``, ``须为 是``, ``人工审核`` (in Chinese, for people)."""
    if check.manual:
        return "人工审核（无法由数据判定）"
    if check.metric is None:
        return ""
    scope = (
        ""
        if set(check.scope) == set(SCOPE)
        else f"（仅{'、'.join(SCOPE[s] for s in check.scope)}）"
    )
    if check.op == "is":
        return f"须为 {_value(check.value)}{scope}"
    return f"{SYMBOL[check.op]} {_value(check.value)}{check.unit}{scope}"


def _band(band: BandSpec, unit: str) -> str:
    points = (
        band.points
        if isinstance(band.points, float | int)
        else "–".join(f"{p:g}" for p in band.points)
    )
    points = f"{points:g}" if isinstance(points, float | int) else points
    return f"{band.label or _value(band.equals)} → {points}分"


def indicator_rule(ind: Indicator) -> str:
    if ind.points_from_value:
        return f"得分按输入（0–{ind.max:g}分）"
    return "；".join(_band(b, ind.unit) for b in ind.bands)


def _cite(source: Source | None) -> str:
    return source.cite if source else ""


def _checks(checks: list[Check], path: str, depth: int) -> Iterator[Line]:
    for check in checks:
        here = f"{path}.{check.id}"
        if check.metric is not None or check.manual:
            yield Line(here, depth, check.text, check_rule(check), _cite(check.source))
            continue
        yield Line(here, depth, check.text, "全部满足" if check.all else "满足其一" if check.any
                   else "按情形", "")  # fmt: skip
        if check.cases:
            for n, case in enumerate(check.cases, 1):
                yield from _checks([case.when], f"{here}.case{n}.when", depth + 1)
                yield from _checks([case.then], f"{here}.case{n}.then", depth + 2)
        yield from _checks(check.all or check.any or [], here, depth + 1)


def _indicators(indicators: list[Indicator], path: str, depth: int, inherited: Source | None
                ) -> Iterator[Line]:  # fmt: skip
    for ind in indicators:
        source = ind.source or inherited
        here = f"{path}.{ind.id}"
        rule = f"满分{ind.max:g}分" + ("" if ind.alternatives else f"：{indicator_rule(ind)}")
        yield Line(here, depth, ind.text, rule, _cite(source))
        yield from _indicators(ind.alternatives or [], here, depth + 1, source)


def lines(pack: RulePack) -> list[Line]:
    """Every threshold of ``pack`` in reading order."""
    out = [*_checks(pack.basic, "basic", 0), *_checks(pack.direct, "direct", 0)]
    if pack.score is None:
        return out
    mark = pack.score.pass_mark
    rule = f"{'>' if mark.exclusive else '≥'} {mark.min:g}分" + (
        "（不含）" if mark.exclusive else ""
    )
    out.append(Line("score.pass", 0, "总分", rule, _cite(mark.source)))
    for group in pack.score.groups:
        if group.min is None and group.source is not None:
            out.append(Line(f"score.groups.{group.id}", 0, f"{group.name}得分",
                            f"≤ {group.max:g}分（上限）", _cite(group.source)))  # fmt: skip
        elif group.min is not None:
            sign = ">" if group.min_exclusive else "≥"
            out.append(Line(f"score.groups.{group.id}", 0, f"{group.name}得分",
                            f"{sign} {group.min:g}分（满分{group.max:g}分）",
                            _cite(group.source)))  # fmt: skip
    out += _indicators(pack.score.indicators, "score.indicators", 0, None)
    return out


def unsourced(pack: RulePack) -> list[str]:
    """Paths of thresholds with no source (composite checks only group others: exempt)."""
    return [ln.path for ln in lines(pack) if not ln.source and ln.rule not in _COMPOSITE]


_COMPOSITE = {"全部满足", "满足其一", "按情形"}


def as_dict(pack: RulePack) -> dict[str, object]:
    """The pack's header, its documents and every threshold line (JSON for API and CLI)."""
    return {
        "id": pack.id, "name": pack.name, "document": pack.document, "url": pack.url,
        "version": pack.version, "issued_on": pack.issued_on,
        "effective_from": pack.effective_from, "effective_to": pack.effective_to,
        "applies_to": pack.applies_to, "notes": pack.notes,
        "sources": {k: v.model_dump(mode="json") for k, v in pack.sources.items()},
        "thresholds": [asdict(ln) for ln in lines(pack)],
    }  # fmt: skip


def render(pack: RulePack) -> str:
    """The pack in Chinese: header, documents, then each threshold with 来源."""
    until = f" 至 {pack.effective_to}" if pack.effective_to else " 起"
    issued = f"（{pack.issued_on} 印发）" if pack.issued_on else ""
    scopes = "、".join(SCOPE[s] for s in pack.applies_to)
    out = [
        f"{pack.name}（{pack.id}，版本 {pack.version}）",
        f"依据：{pack.document}",
        f"实施：{pack.effective_from}{until}{issued}；适用：{scopes}",
        "文件：",
    ]
    out += [f"  {k}: {d.number} {d.title}（{d.dates()}）" for k, d in pack.sources.items()]
    section = ""
    for ln in lines(pack):
        head = ln.path.split(".")[0]
        if head != section:
            section = head
            out.append(f"【{SECTION[head]}】")
        pad = "  " * (ln.depth + 1)
        out.append(f"{pad}{ln.text}：{ln.rule}")
        if ln.source:
            out.append(f"{pad}  来源：{ln.source}")
    return "\n".join(out)
