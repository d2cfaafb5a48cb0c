"""Load rule packs, rule sets and regional overrides from this folder (or another directory).

An override maps a dotted path to a value; list items are addressed by their ``id``:
``score.pass.min: 70`` or ``score.indicators.rd.bands``. Overrides are applied to the raw data
and the result validated again, so a province can change thresholds but not break a pack.

The pack library is the top of the rule engine: loading a pack checks its metric names, so this
module imports every metric definition, and it defines the ``tier`` metric (a whole pack as one
condition), which needs both a pack by id and :func:`~.tiers.assess_tier`. The evaluators below
it (``checks``, ``scoring``, ``tiers``) reach metrics only through the registry in ``metrics``
and never import this module, which is what keeps the engine free of import loops.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from xinzhi.core.errors import InvalidInput, NotFound
from xinzhi.enterprise.rules import metrics_finance, metrics_holdings  # noqa: F401  (registration)
from xinzhi.enterprise.rules.metrics import METRICS, Ctx, Measure, manual, metric
from xinzhi.enterprise.rules.rulepack import Check, Indicator, RulePack, RuleSet
from xinzhi.enterprise.rules.tiers import assess_tier

RULES_DIR = Path(__file__).parent
Overrides = Mapping[str, Mapping[str, Any]]


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path.name} is not valid YAML: {exc}") from None


@lru_cache(maxsize=8)
def _raw_packs(directory: Path) -> dict[str, dict[str, Any]]:
    packs: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "sets.yaml":
            continue
        data = _read_yaml(path)
        packs[str(data["id"])] = data
    return packs


def rule_sets(directory: Path = RULES_DIR) -> dict[str, RuleSet]:
    data = _read_yaml(directory / "sets.yaml")
    return {key: RuleSet(id=key, **value) for key, value in data.items()}


def region_overrides(region: str | None, directory: Path = RULES_DIR) -> dict[str, Any]:
    """Overrides of the province of ``region`` (a GB/T 2260 code; the first two digits count)."""
    if not region:
        return {}
    path = directory / "regions" / f"{region[:2]}0000.yaml"
    if not path.exists():
        return {}
    data = _read_yaml(path)
    packs: dict[str, Any] = data.get("packs", {})
    return packs


def load_pack(
    pack_id: str, overrides: Mapping[str, Any] | None = None, directory: Path = RULES_DIR
) -> RulePack:
    raw = _raw_packs(directory).get(pack_id)
    if raw is None:
        raise NotFound(f"no rule pack {pack_id!r}; known: {', '.join(_raw_packs(directory))}")
    data = copy.deepcopy(raw)
    for path, value in (overrides or {}).items():
        set_path(data, path, value)
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"rule pack {pack_id} is invalid: {exc}") from None
    check_metrics(pack)
    return pack


def load_set(
    name: str,
    *,
    region: str | None = None,
    overrides: Overrides | None = None,
    directory: Path = RULES_DIR,
) -> tuple[RuleSet, list[RulePack]]:
    """The packs of rule set ``name`` with the region's and the caller's overrides applied."""
    sets = rule_sets(directory)
    if name not in sets:
        raise InvalidInput(f"unknown rule set {name!r}; choose one of: {', '.join(sets)}")
    regional = region_overrides(region, directory)
    packs = []
    for pack_id in sets[name].packs:
        merged = {**regional.get(pack_id, {}), **(overrides or {}).get(pack_id, {})}
        pack = load_pack(pack_id, merged, directory)
        if merged:
            pack = pack.model_copy(update={"region": region})
        packs.append(pack)
    return sets[name], packs


def set_path(data: Any, path: str, value: Any) -> None:
    """Set ``a.b.c`` in nested dicts; a list step picks the item whose ``id`` matches."""
    *steps, last = path.split(".")
    node = data
    for step in steps:
        node = _step(node, step, path)
    if isinstance(node, list):
        raise InvalidInput(f"override {path!r}: cannot replace a list item by id")
    if not isinstance(node, dict):
        raise InvalidInput(f"override {path!r}: {last!r} is not inside a mapping")
    node[last] = value


def _step(node: Any, step: str, path: str) -> Any:
    if isinstance(node, dict) and step in node:
        return node[step]
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item.get("id") == step:
                return item
    raise InvalidInput(f"override {path!r}: no {step!r} in the rule pack")


def check_metrics(pack: RulePack) -> None:
    """Refuse a pack naming a metric that does not exist (a typo must not pass silently)."""
    names = [c.metric for c in _all_checks([*pack.basic, *pack.direct]) if c.metric]
    if pack.score:
        names += [i.metric for i in _all_indicators(pack.score.indicators) if i.metric]
    unknown = sorted({n for n in names if n not in METRICS})
    if unknown:
        raise InvalidInput(f"rule pack {pack.id} names unknown metrics: {', '.join(unknown)}")


def _all_checks(checks: list[Check]) -> list[Check]:
    out: list[Check] = []
    for check in checks:
        out.append(check)
        out += _all_checks([*(check.all or []), *(check.any or [])])
        for case in check.cases or []:
            out += _all_checks([case.when, case.then])
    return out


def _all_indicators(indicators: list[Indicator]) -> list[Indicator]:
    out: list[Indicator] = []
    for ind in indicators:
        out.append(ind)
        out += _all_indicators(ind.alternatives or [])
    return out


def all_pack_ids(directory: Path = RULES_DIR) -> list[str]:
    return list(_raw_packs(directory))


@metric("tier")
def tier(ctx: Ctx, pack: str, mode: str = "new") -> Measure:
    """A whole rule pack as one condition: eligible → True, not eligible → False."""
    result = assess_tier(load_pack(pack), ctx, mode)
    status = str(result.status)
    if status == "eligible":
        return Measure(True, detail=f"{pack}: eligible")
    if status == "not_eligible":
        return Measure(False, detail=f"{pack}: not eligible")
    if status == "missing_data":
        return Measure(None, missing=tuple(result.missing_fields), detail=f"{pack}: missing data")
    return manual(f"{pack}: needs manual review")
