"""Metrics over what a firm holds: IP, awards, titles, R&D institutions, standards, declarations."""

from __future__ import annotations

import datetime as dt

from xinzhi.enterprise.profiles.profile import LEVEL_ORDER, AwardKind, IpItem, IpKind, Ownership
from xinzhi.enterprise.rules.metrics import Ctx, Measure, manual, metric, missing

MAINTAINED_KINDS = (IpKind.UTILITY_MODEL, IpKind.DESIGN)


def _counts(item: IpItem, ctx: Ctx, ii_min_years: float) -> bool:
    """IP the 63号 annexes count: related to the main product, not transferred in under a year
    before the assessment, and (Ⅱ类 utility models/designs) maintained ``ii_min_years``."""
    if not item.main_product:
        return False
    if item.expires_on is not None and item.expires_on < ctx.as_of:
        return False
    transferred = item.ownership == Ownership.TRANSFERRED and item.acquired_on is not None
    if transferred and item.acquired_on and (ctx.as_of - item.acquired_on).days < 365:
        return False
    if ii_min_years and item.kind in MAINTAINED_KINDS and item.granted_on is not None:
        return (ctx.as_of - item.granted_on).days > ii_min_years * 365
    return True


@metric("ip_grade")
def ip_grade(ctx: Ctx, ii_min_years: float = 0) -> Measure:
    """Best IP category: high_value_i > own_i > i > ii > none (63号 附件1/2 IP indicator)."""
    items = [i for i in ctx.profile.ip if _counts(i, ctx, ii_min_years)]
    class_i = [i for i in items if i.ip_class == "I"]
    if any(i.high_value for i in class_i):
        grade = "high_value_i"
    elif any(i.ownership == Ownership.OWN for i in class_i):
        grade = "own_i"
    elif class_i:
        grade = "i"
    else:
        grade = "ii" if items else "none"
    return Measure(grade, detail=f"{len(class_i)} Ⅰ类, {len(items) - len(class_i)} Ⅱ类 counted")


@metric("ip_count")
def ip_count(
    ctx: Ctx,
    ip_class: str = "I",
    own_only: bool = False,
    applied: bool = False,
    top3: bool = False,
    ii_min_years: float = 0,
) -> Measure:
    """Count of counted IP of a class; unknown ``applied``/``holder_rank`` make it a lower bound."""
    sure = 0
    gaps: list[str] = []
    for n, item in enumerate(ctx.profile.ip):
        if not _counts(item, ctx, ii_min_years) or ip_class not in ("any", item.ip_class):
            continue
        if own_only and item.ownership != Ownership.OWN:
            continue
        unknown = _unknown_filters(item, n, applied, top3)
        if unknown is None:
            continue
        if unknown:
            gaps += unknown
        else:
            sure += 1
    return Measure(float(sure), missing=tuple(gaps), detail=f"{sure} counted")


def _unknown_filters(item: IpItem, n: int, applied: bool, top3: bool) -> list[str] | None:
    """Paths of unknown filter fields, or None when a known field excludes the item."""
    unknown: list[str] = []
    if applied:
        if item.applied is False:
            return None
        if item.applied is None:
            unknown.append(f"ip[{n}].applied")
    if top3:
        if item.holder_rank is not None and item.holder_rank > 3:
            return None
        if item.holder_rank is None:
            unknown.append(f"ip[{n}].holder_rank")
    return unknown


@metric("award")
def award(
    ctx: Ctx,
    levels: list[str],
    within_years: int = 3,
    max_rank: int | None = None,
    kind: str = AwardKind.SCI_TECH.value,
    top: int | None = None,
) -> Measure:
    """Holds an award of ``levels`` in the last ``within_years`` years (the reference year and
    the ones before it), ranked within ``max_rank`` when given."""
    first = ctx.year - within_years + 1
    for item in ctx.profile.awards:
        if item.kind != kind or item.level not in levels or not first <= item.year <= ctx.year:
            continue
        if top is not None and (item.top is None or item.top > top):
            continue
        if max_rank is None or (item.rank is not None and item.rank <= max_rank):
            return Measure(True, detail=f"{item.level} {item.kind} {item.year}")
    return Measure(False, detail=f"none since {first}")


@metric("holds_title")
def holds_title(ctx: Ctx, kinds: list[str]) -> Measure:
    """A title of ``kinds`` valid on the assessment date."""
    for title in ctx.profile.titles:
        if title.kind in kinds and title.valid_on(ctx.as_of):
            return Measure(True, detail=f"{title.kind} valid to {title.expires_on or '—'}")
    return Measure(False, detail="no valid title of " + ", ".join(kinds))


@metric("institution_level")
def institution_level(ctx: Ctx) -> Measure:
    """The highest level of the firm's R&D institutions, or ``none``."""
    levels = [str(i.level) for i in ctx.profile.rd_institutions]
    best = max(levels, key=lambda v: LEVEL_ORDER[v], default="none")
    return Measure(best, detail=f"{len(levels)} institution(s)")


@metric("has_institution")
def has_institution(ctx: Ctx, min_level: str = "provincial", joint_ok: bool = True) -> Measure:
    for inst in ctx.profile.rd_institutions:
        if LEVEL_ORDER[str(inst.level)] >= LEVEL_ORDER[min_level] and (joint_ok or not inst.joint):
            return Measure(True, detail=f"{inst.name or inst.level} ({inst.level})")
    return Measure(False, detail=f"no R&D institution at {min_level} level or above")


@metric("standards")
def standards(
    ctx: Ctx, levels: list[str], within_years: int | None = 5, lead: bool = True
) -> Measure:
    """Led (or, ``lead: false``, took part in) a standard of ``levels`` in the last
    ``within_years`` years; ``within_years: null`` sets no window (高企 工作指引 states none)."""
    first = None if within_years is None else ctx.year - within_years + 1
    found = [
        s
        for s in ctx.profile.standards
        if s.level in levels and (first is None or s.year >= first) and (s.lead or not lead)
    ]
    since = f" since {first}" if first is not None else ""
    return Measure(bool(found), detail=f"{len(found)} standard(s){since}")


@metric("quality_items")
def quality_items(ctx: Ctx) -> Measure:
    """63号 附件2 质量管理水平 items: 省级以上质量奖, ISO9001, 自主品牌, took part in standards."""
    decl = ctx.profile.declarations
    award_ = any(a.kind == AwardKind.QUALITY and a.level != "municipal" for a in ctx.profile.awards)
    flags = {
        "quality_award": award_,
        "declarations.iso9001": decl.iso9001,
        "declarations.own_brand": decl.own_brand,
        "standards": bool(ctx.profile.standards),
    }
    count = sum(1 for v in flags.values() if v)
    gaps = tuple(k for k, v in flags.items() if v is None)
    return Measure(float(count), missing=gaps, detail=f"{count} of 4 items")


@metric("declaration")
def declaration(ctx: Ctx, name: str) -> Measure:
    value = getattr(ctx.profile.declarations, name)
    return missing(f"declarations.{name}") if value is None else Measure(bool(value))


@metric("attr")
def attr(ctx: Ctx, name: str) -> Measure:
    """A scalar of the profile (market share, digitalisation level, field flags…)."""
    value = getattr(ctx.profile, name)
    if value is None:
        return missing(name)
    if isinstance(value, bool | str):
        return Measure(str(value) if not isinstance(value, bool) else value)
    return Measure(float(value))


@metric("niche_years")
def niche_years(ctx: Ctx) -> Measure:
    """Calendar years in the niche up to the end of the reference year, start year included."""
    since = ctx.profile.niche_since
    if since is None:
        return missing("niche_since")
    years = ctx.year - since + 1
    return Measure(float(years), detail=f"{since}–{ctx.year}: {years} years")


@metric("registered_days")
def registered_days(ctx: Ctx) -> Measure:
    registered = ctx.profile.registered_on
    if registered is None:
        return missing("registered_on")
    return Measure(float((ctx.as_of - registered).days), detail=f"registered {registered}")


@metric("platform_score")
def platform_score(ctx: Ctx, review: bool = False) -> Measure:
    """专精特新发展评价得分 of the assessment year, computed by zjtx.miit.gov.cn under
    工信厅企业〔2024〕75号; never re-implemented. On review the better of the last two years."""
    years = [ctx.as_of.year, ctx.as_of.year - 1] if review else [ctx.as_of.year]
    scores = [d.platform_score for y in years if (d := ctx.profile.year(y)) is not None]
    known = [s for s in scores if s is not None]
    if not known:
        return manual(f"the MIIT platform score of {years[0]} is not in the profile")
    return Measure(max(known), detail=f"platform score {max(known):g}")


@metric("expert")
def expert(ctx: Ctx, key: str) -> Measure:
    """Points an expert gave for a criterion no data can decide (e.g. 技术先进程度)."""
    score = ctx.profile.expert_scores.get(key)
    return manual(f"expert judgement {key!r}") if score is None else Measure(float(score))


@metric("as_of_year")
def as_of_year(ctx: Ctx) -> Measure:
    return Measure(float(ctx.as_of.year))


def years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


@metric("ip_class_count")
def ip_class_count(ctx: Ctx, cap: int = 4, ii_min_years: float = 0) -> Measure:
    """``I`` when a Ⅰ类 item counts, else ``II<n>`` with ``n`` Ⅱ类 items capped at ``cap``
    (115号 科技成果 and 高企 知识产权数量 bands)."""
    items = [i for i in ctx.profile.ip if _counts(i, ctx, ii_min_years)]
    if any(i.ip_class == "I" for i in items):
        return Measure("I", detail="Ⅰ类 present")
    n = min(len(items), cap)
    return Measure(f"II{n}", detail=f"{len(items)} Ⅱ类 item(s)")


@metric("ip_acquisition")
def ip_acquisition(ctx: Ctx) -> Measure:
    """高企 获得方式: ``own`` if any item is home-grown, else ``transferred`` or ``none``."""
    items = [i for i in ctx.profile.ip if _counts(i, ctx, 0)]
    if any(i.ownership == Ownership.OWN for i in items):
        return Measure("own")
    return Measure("transferred" if items else "none")


@metric("region_in")
def region_in(ctx: Ctx, prefixes: list[str]) -> Measure:
    """Registered in one of the regions (GB/T 2260 code prefixes: "44" = 广东省)."""
    code = ctx.profile.region_code
    if not code:
        return missing("region_code")
    return Measure(any(code.startswith(p.rstrip("0") or p) for p in prefixes), detail=code)


@metric("industry_in")
def industry_in(ctx: Ctx, include: list[str], exclude: list[str]) -> Measure:
    """Industry text contains one of ``include`` (if any) and none of ``exclude``."""
    industry = ctx.profile.industry
    if not industry:
        return missing("industry")
    inside = not include or any(word in industry for word in include)
    return Measure(inside and not any(word in industry for word in exclude), detail=industry)
