"""Forms of the 对接 pages: what a person typed → the API's shapes, and errors by field.

A form that fails validation is shown again with what the user typed and a Chinese message
next to each field (``FormErrors``); the same pydantic shapes and services as the API decide.
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
from xinzhi.engagements.schemas import ContactCreate, ContractCreate

GENERAL = "_general"
M = TypeVar("M", bound=BaseModel)
# Service messages read "中文 (english)": the trailing ASCII parenthesis is the English part.
_ENGLISH_TAIL = re.compile(r"^(?P<zh>.*?)\s*\((?P<en>[\x20-\x7e]+)\)\s*$", re.S)
CONTACT_FIELDS = ("date", "channel", "participants", "summary", "next_follow_up")
CONTRACT_FIELDS = (
    "type",
    "transfer_mode",
    "payment_form",
    "project_name",
    "amount_wan",
    "non_tech_amount_wan",
    "tech_amount_wan",
    "signed_on",
    "valid_until",
    "registration_no",
    "expected_investment_wan",
    "expected_output_wan",
)
OPTIONAL = frozenset(
    {
        "next_follow_up",
        "tech_amount_wan",
        "valid_until",
        "registration_no",
        "expected_investment_wan",
        "expected_output_wan",
    }
)


@dataclass
class FormErrors:
    """The values as typed and the messages per field (``_general`` for the whole form)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, text: str) -> None:
        self.errors.setdefault(name if name in self.values else GENERAL, []).append(text)

    def __bool__(self) -> bool:
        return bool(self.errors)


def localise(text: str, lang: str) -> str:
    """The Chinese part of a bilingual service message, or its English part for ``en``."""
    found = _ENGLISH_TAIL.match(text)
    if not found:
        return text
    return found.group("en") if lang == "en" else found.group("zh")


def service_error(state: FormErrors, exc: XinzhiError, t: Translator) -> None:
    """Put a service's refusal next to the field it names (``details[].field``)."""
    names = [str(d.get("field")) for d in exc.details if isinstance(d, dict) and d.get("field")]
    state.add(names[0] if names else GENERAL, localise(exc.message, t.lang))


def validated(shape: type[M], data: dict[str, Any], state: FormErrors, t: Translator) -> M | None:
    """``shape`` validated, or None with every problem added to ``state`` next to its field."""
    try:
        return shape.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [str(p) for p in error["loc"]]
            name = _field_name(loc)
            blank = error["type"] == "string_too_short" and error.get("input") == ""
            text = t("err.missing") if blank else localise(message(error, t), t.lang)
            state.add(name, text)
        return None


def _field_name(loc: list[str]) -> str:
    """``("milestones", "0", "due_on")`` → ``ms_due_on_0``; ``("amount_wan",)`` → itself."""
    if len(loc) >= 3 and loc[0] == "milestones":
        return f"ms_{loc[2]}_{loc[1]}"
    return loc[0] if loc else GENERAL


def _text(form: FormData, name: str) -> str:
    return str(form.get(name) or "").strip()


def _blank_none(values: dict[str, str]) -> dict[str, Any]:
    """A blank field is not sent: the shape's default applies, or *missing* if it is required
    (optional dates and amounts become None)."""
    return {k: None if v == "" else v for k, v in values.items() if v != "" or k in OPTIONAL}


def contact_form(form: FormData) -> tuple[dict[str, Any], FormErrors]:
    values = {name: _text(form, name) for name in CONTACT_FIELDS}
    return _blank_none(values), FormErrors(values=values)


def milestone_rows(form: FormData) -> list[dict[str, str]]:
    """The milestone rows as typed (rows with every field blank are dropped)."""
    due = form.getlist("ms_due_on")
    amount = form.getlist("ms_amount_wan")
    paid = form.getlist("ms_paid")
    rows = []
    for i in range(max(len(due), len(amount))):
        row = {
            "due_on": str(due[i]).strip() if i < len(due) else "",
            "amount_wan": str(amount[i]).strip() if i < len(amount) else "",
            "paid": str(paid[i]) if i < len(paid) else "0",
        }
        if row["due_on"] or row["amount_wan"]:
            rows.append(row)
    return rows


def contract_form(form: FormData) -> tuple[dict[str, Any], FormErrors]:
    values: dict[str, Any] = {name: _text(form, name) for name in CONTRACT_FIELDS}
    rows = milestone_rows(form)
    data = _blank_none(values)
    data["milestones"] = [
        {"due_on": r["due_on"], "amount_wan": r["amount_wan"], "paid": r["paid"] == "1"}
        for r in rows
    ]
    state = FormErrors(values={**values, "milestones": rows})
    for i in range(len(rows)):
        for part in ("due_on", "amount_wan"):
            state.values[f"ms_{part}_{i}"] = rows[i][part]
    return data, state


def validate_contact(form: FormData, t: Translator) -> tuple[ContactCreate | None, FormErrors]:
    data, state = contact_form(form)
    return validated(ContactCreate, data, state, t), state


def validate_contract(form: FormData, t: Translator) -> tuple[ContractCreate | None, FormErrors]:
    data, state = contract_form(form)
    return validated(ContractCreate, data, state, t), state
