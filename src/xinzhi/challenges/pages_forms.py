"""Forms of the 揭榜挂帅 pages: what a person typed → the API's shapes, and the messages.

Rubric, indicators and team members are rows of fields (``criterion_0``, ``weight_0``, …);
blank rows are skipped. A form that fails is shown again with what was typed and the
messages in Chinese; the same pydantic shapes and services as the API decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from xinzhi.catalog.pages.forms import message
from xinzhi.common.web.i18n import Translator
from xinzhi.core.errors import XinzhiError

M = TypeVar("M", bound=BaseModel)
RUBRIC_ROWS = 6
INDICATOR_ROWS = 3
MEMBER_ROWS = 4
_ENGLISH_TAIL = re.compile(r"^(?P<zh>.*?)\s*\((?P<en>[\x20-\x7e]+)\)\s*$", re.S)


@dataclass
class Form:
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.errors)


def localise(text: str, lang: str = "zh") -> str:
    """The Chinese part of a bilingual service message ``中文 (english)`` (English for en)."""
    found = _ENGLISH_TAIL.match(text)
    if not found:
        return text
    return found.group("en") if lang == "en" else found.group("zh")


def refusal(exc: XinzhiError, t: Translator) -> str:
    return localise(exc.message, t.lang)


def validated(shape: type[M], data: dict[str, Any], form: Form, t: Translator) -> M | None:
    try:
        return shape.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            label = _label(shape, [str(p) for p in error["loc"]])
            text = localise(message(error, t), t.lang)
            form.errors.append(f"{label}：{text}" if label else text)
        return None


def _label(shape: type[BaseModel], loc: list[str]) -> str:
    if not loc:
        return ""
    info = shape.model_fields.get(loc[0])
    return (info.title or loc[0]) if info else ""


def _text(form: FormData, name: str) -> str:
    return str(form.get(name) or "").strip()


def _number(raw: str) -> float | str | None:
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return raw  # pydantic names the problem


def challenge_data(form: FormData) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values as typed, data for ChallengeCreate) of the create form."""
    values: dict[str, Any] = {
        k: _text(form, k)
        for k in (
            "title",
            "goal",
            "field",
            "budget_wan",
            "deadline",
            "funding_mode",
            "race_teams",
            "lead_kind",
            "lead_region",
            "min_orgs",
        )
    }
    values["blind"] = form.get("blind") == "on"
    values["team_includes"] = [str(v) for v in form.getlist("team_includes")]
    rubric = []
    for i in range(RUBRIC_ROWS):
        name, weight = _text(form, f"criterion_{i}"), _text(form, f"weight_{i}")
        values[f"criterion_{i}"], values[f"weight_{i}"] = name, weight
        if name or weight:
            rubric.append({"criterion": name, "weight": _number(weight)})
    indicators = []
    for i in range(INDICATOR_ROWS):
        row = {k: _text(form, f"ind_{k}_{i}") for k in ("name", "target", "unit")}
        values.update({f"ind_{k}_{i}": v for k, v in row.items()})
        if row["name"]:
            indicators.append(row)
    rules: list[dict[str, Any]] = []
    if values["lead_kind"]:
        rules.append({"rule": "lead_kind", "value": [values["lead_kind"]]})
    if values["lead_region"]:
        rules.append({"rule": "lead_region", "value": values["lead_region"]})
    if values["team_includes"]:
        rules.append({"rule": "team_includes", "value": values["team_includes"]})
    if values["min_orgs"]:
        rules.append({"rule": "min_orgs", "value": _number(values["min_orgs"])})
    data: dict[str, Any] = {
        "title": values["title"],
        "goal": values["goal"],
        "field": values["field"],
        "budget_wan": _number(values["budget_wan"]),
        "deadline": values["deadline"] or None,
        "blind": values["blind"],
        "rubric": rubric,
        "indicators": indicators,
        "eligibility": rules,
        "funding_mode": values["funding_mode"] or "reward",
        "race_teams": int(_number(values["race_teams"]) or 0)
        if values["race_teams"].isdigit()
        else 0,
    }
    values["kind"] = "scenario" if _text(form, "kind") == "scenario" else "challenge"
    if values["kind"] == "scenario":
        data["kind"], data["scenario"] = "scenario", _scenario(form, values)
    return values, data


def _scenario(form: FormData, values: dict[str, Any]) -> dict[str, Any]:
    """The 场景 fields of the create form (typed values kept in ``values``)."""
    for k in ("site", "trl_needed", "partner_type", "starts_on", "ends_on"):
        values[f"sc_{k}"] = _text(form, f"sc_{k}")
    values["sc_offers"] = [str(v) for v in form.getlist("sc_offers")]
    trl = values["sc_trl_needed"]
    return {
        "site": values["sc_site"],
        "offers": values["sc_offers"],
        "trl_needed": int(trl) if trl.isdigit() else (trl or None),
        "partner_type": values["sc_partner_type"] or "government",
        "starts_on": values["sc_starts_on"] or None,
        "ends_on": values["sc_ends_on"] or None,
    }


def application_data(form: FormData, lead_org_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {k: _text(form, k) for k in ("proposal", "plan", "budget_wan")}
    members = []
    for i in range(MEMBER_ROWS):
        org, role, share = (
            _text(form, f"{k}_{i}") for k in ("member_org", "member_role", "member_share")
        )
        values.update(
            {f"member_org_{i}": org, f"member_role_{i}": role, f"member_share_{i}": share}
        )
        if org:
            members.append(
                {"organisation_id": org, "role": role or "member", "share": _number(share)}
            )
    data = {
        "lead_org_id": lead_org_id,
        "members": members,
        "proposal": values["proposal"],
        "plan": values["plan"],
        "budget_wan": _number(values["budget_wan"]),
    }
    return values, data


def scores_data(form: FormData, criteria: list[str]) -> dict[str, Any]:
    scores = {}
    for i, name in enumerate(criteria):
        raw = _text(form, f"score_{i}")
        scores[name] = _number(raw) if raw else None
    return {
        "scores": {k: v for k, v in scores.items() if v is not None},
        "comment": _text(form, "comment"),
        "round": _text(form, "round") or "review",
    }
